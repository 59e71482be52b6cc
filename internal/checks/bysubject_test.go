package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"forcedreturns/models"
)

// sliceLookup is a Lookup over figures held in memory.
type sliceLookup []models.Figure

// FiguresByKey implements Lookup.
func (l sliceLookup) FiguresByKey(_ context.Context, keys []string) ([]models.Figure, error) {
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	var out []models.Figure
	for _, f := range l {
		if want[f.Key] {
			out = append(out, f)
		}
	}
	return out, nil
}

// SubgroupsOf implements Lookup.
func (l sliceLookup) SubgroupsOf(_ context.Context, parents []string) ([]models.Figure, error) {
	want := map[string]bool{}
	for _, k := range parents {
		want[k] = true
	}
	var out []models.Figure
	for _, f := range l {
		if f.SubgroupOf != "" && want[f.SubgroupOf] {
			out = append(out, f)
		}
	}
	return out, nil
}

// sameResults fails unless got and want hold the same results, as sets
// (RunBySubject may order ties differently from Run).
func sameResults(t *testing.T, name string, want, got []Result) {
	t.Helper()
	enc := func(rs []Result) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = string(b)
		}
		slices.Sort(out)
		return out
	}
	if diff := gocmp.Diff(enc(want), enc(got)); diff != "" {
		t.Errorf("%s: RunBySubject differs from Run (-Run +RunBySubject):\n%s", name, diff)
	}
}

// inBatches runs RunBySubject over figs (in subject order), delivered
// as a store would: one figure at a time, in a reused variable.
func inBatches(t *testing.T, o Options, figs []models.Figure, _ *rand.Rand) []Result {
	t.Helper()
	figs = slices.Clone(figs)
	SortBySubject(figs)
	got, err := o.RunBySubject(context.Background(), func(fn func(*models.Figure) error) error {
		var f models.Figure
		for _, g := range figs {
			f = g
			if err := fn(&f); err != nil {
				return err
			}
		}
		return nil
	}, sliceLookup(figs))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// byUnits runs RunUnit over every unit of figs (the subject and the
// people of each figure, and the key each subgroup names) and returns the union, failing unless
// each unit's results are those RunOwned hands on under that Owner: what a
// store computes again for the units a write touches.
func byUnits(t *testing.T, o Options, figs []models.Figure) []Result {
	t.Helper()
	ctx := context.Background()
	owned := map[Owner][]Result{}
	err := o.RunOwned(ctx, sliceStream(figs), sliceLookup(figs), func(u Owner, rs []Result) error {
		owned[u] = append(owned[u], rs...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	units := map[Owner][]models.Figure{}
	for _, f := range figs {
		for _, u := range []Owner{{Subject: SubjectOf(f)}, {Subject: SubjectOf(f).People()}} {
			units[u] = append(units[u], f)
		}
		if f.SubgroupOf != "" {
			units[Owner{Parent: f.SubgroupOf}] = nil
		}
	}
	var all []Result
	for u, ufigs := range units {
		got, err := o.RunUnit(ctx, u, ufigs, sliceLookup(figs))
		if err != nil {
			t.Fatal(err)
		}
		sameResults(t, fmt.Sprintf("unit %+v", u), owned[u], got)
		delete(owned, u)
		all = append(all, got...)
	}
	for u := range owned {
		t.Errorf("RunOwned handed on results of %+v, which is no unit of the figures", u)
	}
	return all
}

func TestRunBySubjectSeed(t *testing.T) {
	figs := seedFigures(t)
	o := Options{Cohorts: DefaultCohorts(), Sources: seedSources(t)}
	want := o.Run(figs)
	if len(want) == 0 || len(ofKind(want, KindCohort)) == 0 || len(ofKind(want, KindDerived)) == 0 || len(ofKind(want, KindSubgroups)) == 0 {
		t.Fatalf("the seed's checks lack a kind this test relies on: %v", Counts(want))
	}
	got, err := o.RunFor(context.Background(), figs, sliceLookup(figs))
	if err != nil {
		t.Fatal(err)
	}
	sameResults(t, "seed", want, got)
	sameResults(t, "seed streamed", want, inBatches(t, o, figs, rand.New(rand.NewSource(1))))
	sameResults(t, "seed by units", want, byUnits(t, o, figs))
}

// multiReportFigures loads the invented multi-report set as published
// figures (with its units, shares and statuses), numbered in file order.
func multiReportFigures(t *testing.T) ([]models.Figure, map[string]models.Source) {
	t.Helper()
	path := filepath.Join("..", "..", "seeds", "testdata", "multireport", "multireport.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Sources []struct {
			ID          string `yaml:"id"`
			PublishedOn string `yaml:"published_on"`
			Original    string `yaml:"original"`
		} `yaml:"sources"`
		Figures []struct {
			seedFigure `yaml:",inline"`
			Unit       string `yaml:"unit"`
			ShareOf    string `yaml:"share_of"`
			Status     string `yaml:"status"`
		} `yaml:"figures"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	srcs := map[string]models.Source{}
	for _, s := range doc.Sources {
		d, err := models.ParsePartialDate(s.PublishedOn)
		if err != nil {
			t.Fatalf("source %s: %v", s.ID, err)
		}
		src := models.Source{Key: s.ID, Original: s.Original}
		src.SetPublished(d)
		srcs[s.ID] = src
	}
	var figs []models.Figure
	for i, s := range doc.Figures {
		p, err := models.ParsePeriod(s.Period.Start, s.Period.End)
		if err != nil {
			t.Fatalf("figure %s: %v", s.ID, err)
		}
		f := models.Figure{ID: int64(i + 1), Key: s.ID, Metric: s.Metric, Qualifier: models.Qualifier(s.Qualifier),
			Value: s.Value, ValueLow: s.ValueLow, ValueHigh: s.ValueHigh, ValueText: s.ValueText, Period: p,
			Kind: models.QuantityKind(s.Kind), Population: s.Population, ActingState: s.Acting, ReceivingState: s.Receiving,
			SubgroupOf: s.SubgroupOf, Derived: s.Derived, Formula: s.Formula, Source: s.Source, Quote: s.Quote,
			ReportedBy: s.ReportedBy, Unit: s.Unit, ShareOf: s.ShareOf, Status: models.Status(s.Status)}
		if f.Status == "" {
			f.Status = models.StatusPublished
		}
		f.Normalize()
		figs = append(figs, f)
	}
	if len(figs) < 10 {
		t.Fatalf("only %d figures in %s", len(figs), path)
	}
	return figs, srcs
}

func TestRunBySubjectMultiReport(t *testing.T) {
	figs, srcs := multiReportFigures(t)
	carried := Carried{}
	for k, s := range srcs {
		if s.Original != "" {
			carried[k] = s.Original
		}
	}
	o := Options{Cohorts: DefaultCohorts(), Sources: srcs, Carried: carried}
	want := o.Run(figs)
	if len(ofKind(want, KindShares)) == 0 || len(ofKind(want, KindAgreement)) == 0 {
		t.Fatalf("the multi-report set's checks lack a kind this test relies on: %v", want)
	}
	got, err := o.RunFor(context.Background(), figs, sliceLookup(figs))
	if err != nil {
		t.Fatal(err)
	}
	sameResults(t, "multi-report", want, got)
	sameResults(t, "multi-report streamed", want, inBatches(t, o, figs, rand.New(rand.NewSource(2))))
	sameResults(t, "multi-report by units", want, byUnits(t, o, figs))
}

// randomFigures invents n figures over few subjects, so that every kind
// of check finds relations: corroborating and overlapping periods,
// cohorts, subgroups and shares of figures in other subjects (or of none),
// derived figures over inputs anywhere, retracted and draft figures.
func randomFigures(r *rand.Rand, n int) []models.Figure {
	pops := []string{"North Koreans", "children"}
	acting := []string{"CN", "RU"}
	metrics := []string{models.MetricApprehended, models.MetricInCustody, models.MetricReturned, "arrested"}
	kinds := []models.QuantityKind{models.Flow, models.Flow, models.Stock, models.Cumulative}
	var periods []models.Period
	for range 6 {
		periods = append(periods, randomPeriod(r))
	}
	key := func(i int) string { return fmt.Sprintf("f%03d", i) }
	figs := make([]models.Figure, n)
	for i := range figs {
		q := randomQuantity(r)
		f := models.Figure{ID: int64(i + 1), Key: key(i), Metric: metrics[r.Intn(len(metrics))],
			Qualifier: q.Qualifier, Value: q.Value, ValueLow: q.Low, ValueHigh: q.High,
			Period: periods[r.Intn(len(periods))], Kind: kinds[r.Intn(len(kinds))],
			Population: pops[r.Intn(len(pops))], ActingState: acting[r.Intn(len(acting))], ReceivingState: "KP",
			Source: fmt.Sprintf("s%d", r.Intn(4)), ReportedBy: "Org", Unit: models.UnitPeople, Status: models.StatusPublished}
		if f.Qualifier == models.QualUnquantified {
			f.Value, f.ValueText = 0, "dozens"
		}
		// A key past the last names a figure not in the tracker.
		other := func() string { return key(r.Intn(n + 3)) }
		switch r.Intn(10) {
		case 0:
			f.SubgroupOf = other()
		case 1:
			f.ShareOf, f.Unit = other(), models.UnitPercent
		case 2:
			f.Derived, f.Formula = true, "{"+other()+"} - {"+other()+"}"
		case 3:
			f.Derived, f.Formula = true, "{"+other()+"} +"
		}
		switch r.Intn(12) {
		case 0:
			f.Status, f.RetractReason = models.StatusRetracted, "wrong"
		case 1:
			f.Status = models.StatusDraft
		}
		figs[i] = f
	}
	return figs
}

func TestRunBySubjectRandom(t *testing.T) {
	srcs := map[string]models.Source{}
	for i := range 4 {
		s := models.Source{Key: fmt.Sprintf("s%d", i)}
		s.SetPublished(models.PartialDate{Start: models.NewDate(2014+i, 6, 1), End: models.NewDate(2014+i, 6, 1), Precision: models.PrecisionDay})
		srcs[s.Key] = s
	}
	o := Options{Cohorts: DefaultCohorts(), Sources: srcs, Carried: Carried{"s1": "s0"}}
	// A people's cohort results are handed on a batch at a time: here
	// batches of 2, so that most people's come in several.
	defer func(n int) { emitBatch = n }(emitBatch)
	emitBatch = 2
	kinds := map[string]bool{}
	for seed := range int64(200) {
		r := rand.New(rand.NewSource(seed))
		figs := randomFigures(r, 5+r.Intn(60))
		want := o.Run(figs)
		for _, res := range want {
			kinds[res.Kind] = true
		}
		sameResults(t, fmt.Sprintf("seed %d", seed), want, inBatches(t, o, figs, r))
		sameResults(t, fmt.Sprintf("seed %d by units", seed), want, byUnits(t, o, figs))
		if t.Failed() {
			return
		}
	}
	for _, k := range Kinds {
		if !kinds[k] {
			t.Errorf("no random set produced a %s check: the test does not cover it", k)
		}
	}
}

// TestRunBySubjectRefusesSplitSubjects: a subject whose figures come in
// two runs would lose relations; it is an error, not a silent gap.
func TestRunBySubjectRefusesSplitSubjects(t *testing.T) {
	a := fig(t, "a", "flow", "2017", "10")
	b := fig(t, "b", "flow", "2017", "10", population("children"))
	c := fig(t, "c", "flow", "2017-03", "5")
	_, err := Options{}.RunBySubject(context.Background(), func(fn func(*models.Figure) error) error {
		for _, f := range []models.Figure{a, b, c} {
			if err := fn(&f); err != nil {
				return err
			}
		}
		return nil
	}, sliceLookup{a, b, c})
	if err == nil || !strings.Contains(err.Error(), "come in two runs") {
		t.Errorf("RunBySubject over a split subject: err = %v, want an error naming it", err)
	}
}

// partsWholeBrute is partsWhole as first written, comparing every group
// with every other: the reference for the indexed search.
func partsWholeBrute(groups []Reported) []Result {
	var out []Result
	for _, same := range bucket(groups, subjectOf) {
		for wi := range same {
			w := &same[wi]
			if w.Subgroup() || w.Share() || (w.Kind != models.Flow && w.Kind != models.Cumulative) {
				continue
			}
			var cands []Reported
			for pi := range same {
				p := &same[pi]
				if pi == wi || p.Kind != models.Flow || p.Subgroup() || p.Share() {
					continue
				}
				if statedInside(p.Period, w.Period) && !sameDays(p.Period, w.Period) {
					cands = append(cands, *p)
				}
			}
			if parts := outermost(cands); len(parts) > 0 {
				out = append(out, partsResult(nil, *w, parts))
			}
		}
	}
	return out
}

func TestPartsWholeMatchesBruteForce(t *testing.T) {
	found := 0
	for seed := range int64(300) {
		r := rand.New(rand.NewSource(seed))
		figs := randomFigures(r, 5+r.Intn(80))
		// More periods than randomFigures draws from, so that parts nest.
		for i := range figs {
			if r.Intn(2) == 0 {
				figs[i].Period = randomPeriod(r)
			}
		}
		groups := Group(figs)
		want := partsWholeBrute(groups)
		found += len(want)
		if diff := gocmp.Diff(want, partsWhole(nil, groups)); diff != "" {
			t.Fatalf("seed %d: partsWhole (-brute force +indexed):\n%s", seed, diff)
		}
	}
	if found < 50 {
		t.Errorf("only %d parts-and-whole results in all the random sets: the test proves little", found)
	}
}
