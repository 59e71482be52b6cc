package checks

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"forcedreturns/models"
)

// seedFile is the seed data the tracker ships; the tests read it directly
// (not through the importer) so that they check the article's real figures
// and fail when an edit to the seed breaks how they fit together.
var seedFile = filepath.Join("..", "..", "seeds", "seed.yaml")

// seedFigure is the part of a seed figure the checks look at.
type seedFigure struct {
	ID         string `yaml:"id"`
	Metric     string `yaml:"metric"`
	Qualifier  string `yaml:"qualifier"`
	Value      int64  `yaml:"value"`
	ValueLow   int64  `yaml:"value_low"`
	ValueHigh  int64  `yaml:"value_high"`
	ValueText  string `yaml:"value_text"`
	Period     struct{ Start, End string }
	Kind       string `yaml:"quantity_kind"`
	Population string `yaml:"population"`
	Acting     string `yaml:"acting_state"`
	Receiving  string `yaml:"receiving_state"`
	SubgroupOf string `yaml:"subgroup_of"`
	Derived    bool   `yaml:"derived"`
	Formula    string `yaml:"formula"`
	Source     string `yaml:"source"`
	Quote      string `yaml:"quote"`
	ReportedBy string `yaml:"reported_by"`
}

// seedFigures loads the seed's figures as published figures, numbered in
// file order as the store would number them.
func seedFigures(t testing.TB) []models.Figure {
	t.Helper()
	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatalf("reading the seed data: %v", err)
	}
	var doc struct {
		Figures []seedFigure `yaml:"figures"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parsing %s: %v", seedFile, err)
	}
	var out []models.Figure
	for i, s := range doc.Figures {
		p, err := models.ParsePeriod(s.Period.Start, s.Period.End)
		if err != nil {
			t.Fatalf("figure %s: %v", s.ID, err)
		}
		f := models.Figure{ID: int64(i + 1), Key: s.ID, Metric: s.Metric, Qualifier: models.Qualifier(s.Qualifier),
			Value: s.Value, ValueLow: s.ValueLow, ValueHigh: s.ValueHigh, ValueText: s.ValueText, Period: p,
			Kind: models.QuantityKind(s.Kind), Population: s.Population, ActingState: s.Acting, ReceivingState: s.Receiving,
			SubgroupOf: s.SubgroupOf, Derived: s.Derived, Formula: s.Formula, Source: s.Source, Quote: s.Quote, ReportedBy: s.ReportedBy}
		f.Normalize()
		if err := f.Validate(); err != nil {
			t.Fatalf("seed figure %s does not validate: %v", s.ID, err)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		t.Fatalf("no figures in %s", seedFile)
	}
	return out
}

// TestSeedChecks is the acceptance test of the issue: for the seed article,
// 51 + 41 = 92 with the June/July 2016 boundary and the days from the last
// part to the article's date stated; 92 − 46 = 46 derived; 46 + 46 = 92 for
// the cohort, by construction; 1 + 11 + 4 within 92. Nothing else is
// related, nothing fails, and no period ends after the article's date.
func TestSeedChecks(t *testing.T) {
	const (
		total    = "hrw-2017-apprehended-since-2016-06"
		year     = "hrw-2017-apprehended-2016-07-to-2017-06"
		twoMonth = "hrw-2017-apprehended-2017-07-to-08"
		custody  = "hrw-2017-in-custody-2017-09-18"
		returned = "hrw-2017-forcibly-returned-since-2016-06"
	)
	want := []Result{
		{
			Kind: KindPartsWhole, Status: OK,
			Title:       "Parts and whole: apprehended, North Koreans (CN → KP), Jun 2016 – 18 Sep 2017",
			Explanation: "51 (Jul 2016 – Jun 2017) + 41 (Jul 2017 – Aug 2017) = 92, equal to the total of 92 (Jun 2016 – 18 Sep 2017).",
			Notes: []string{
				"The total is said to run since Jun 2016, but its parts start in Jul 2016: one month (Jun 2016) is not covered by the parts.",
				"The total runs to 18 Sep 2017, but its parts end in Aug 2017: 18 days (1 Sep 2017 – 18 Sep 2017) are not covered by the parts.",
				"The parts already add up to the total: either none were counted in Jun 2016 and 1 Sep 2017 – 18 Sep 2017, which no part covers, or the total's period is stated more widely than what it counts.",
			},
			Figures: []string{total, year, twoMonth},
		},
		{
			Kind: KindCohort, Status: OK,
			Title:       "Cohort: apprehended, North Koreans (CN → KP) split into in custody and forcibly returned",
			Explanation: "46 in custody (18 Sep 2017) + 46 forcibly returned (Jun 2016 – 18 Sep 2017) = 92, equal to the 92 apprehended (Jun 2016 – 18 Sep 2017).",
			Notes: []string{
				"Holds by construction: the 46 forcibly returned is derived from these same figures (92 − 46), so this confirms the arithmetic, not the reports.",
			},
			Figures: []string{total, custody, returned},
		},
		{
			Kind: KindSubgroups, Status: OK,
			Title:       "Subgroups of 92 apprehended (North Koreans, Jun 2016 – 18 Sep 2017)",
			Explanation: "1 + 11 + 4 = 16 ≤ 92: the subgroups fit within the 92 apprehended (North Koreans, Jun 2016 – 18 Sep 2017).",
			Notes: []string{
				"1: North Korean newborn babies.",
				"11: North Korean children (other than the newborn).",
				"4: North Korean older women in frail health.",
			},
			Figures: []string{total, "hrw-2017-apprehended-newborn", "hrw-2017-apprehended-other-children", "hrw-2017-apprehended-older-women"},
		},
		{
			Kind: KindDerived, Status: OK,
			Title:       "Derived: 46 forcibly returned (North Koreans, Jun 2016 – 18 Sep 2017)",
			Explanation: "92 − 46 = 46, as stored.",
			Notes: []string{
				"{" + total + "} is 92 apprehended (North Koreans, Jun 2016 – 18 Sep 2017), reported by Human Rights Watch.",
				"{" + total + "} is not exact (cases documented by the reporter; the true number is unknown and may be higher): the result carries its uncertainty.",
				"{" + custody + "} is 46 in custody (North Koreans, 18 Sep 2017), reported by Family members and activists, via Human Rights Watch.",
			},
			Figures: []string{returned, total, custody},
		},
	}
	got := Options{Cohorts: DefaultCohorts(), Sources: seedSources(t)}.Run(seedFigures(t))
	if diff := cmp.Diff(want, In(models.English, got)); diff != "" {
		t.Errorf("Run(seed) mismatch (-want +got):\n%s", diff)
	}
}

// seedSources loads the seed's sources with their publication dates, the
// part of them the checks look at.
func seedSources(t testing.TB) map[string]models.Source {
	t.Helper()
	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatalf("reading the seed data: %v", err)
	}
	var doc struct {
		Sources []struct {
			ID          string `yaml:"id"`
			PublishedOn string `yaml:"published_on"`
		} `yaml:"sources"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parsing %s: %v", seedFile, err)
	}
	out := map[string]models.Source{}
	for _, s := range doc.Sources {
		d, err := models.ParsePartialDate(s.PublishedOn)
		if err != nil {
			t.Fatalf("source %s: %v", s.ID, err)
		}
		src := models.Source{Key: s.ID}
		src.SetPublished(d)
		out[s.ID] = src
	}
	if len(out) == 0 {
		t.Fatalf("no sources in %s", seedFile)
	}
	return out
}

// seedMetrics loads the seed's metrics by slug, with their labels in
// English and Korean.
func seedMetrics(t testing.TB) Metrics {
	t.Helper()
	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatalf("reading the seed data: %v", err)
	}
	var doc struct {
		Metrics []struct {
			Slug    string `yaml:"slug"`
			Label   string `yaml:"label"`
			LabelKo string `yaml:"label_ko"`
		} `yaml:"metrics"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parsing %s: %v", seedFile, err)
	}
	var ms []models.Metric
	for _, m := range doc.Metrics {
		ms = append(ms, models.Metric{Slug: m.Slug, Label: m.Label, LabelKo: m.LabelKo})
	}
	if len(ms) == 0 {
		t.Fatalf("no metrics in %s", seedFile)
	}
	return MetricsOf(ms)
}

// The seed as it was read before each end of a period had its own
// precision: three figures ended in "September 2017", which runs to 30
// September, past the article of 18 September. The check names each.
func TestSeedAsFirstReadEndsAfterTheArticle(t *testing.T) {
	want := []string{"hrw-2017-forcibly-returned-since-2016-06", "hrw-2017-guides-arrested", "hrw-2017-imprisoned-after-return"}
	figs := seedFigures(t)
	for i, f := range figs {
		if slices.Contains(want, f.Key) {
			if f.Period.End != models.NewDate(2017, 9, 18) || f.Period.EndPrecision != models.PrecisionDay {
				t.Fatalf("seed figure %s ends %s (%s), want as of the article's date", f.Key, f.Period.EndText(), f.Period.EndPrecision)
			}
			figs[i].Period.End, figs[i].Period.EndPrecision = models.NewDate(2017, 9, 30), models.PrecisionMonth
		}
	}
	var got []string
	for _, r := range ofKind(Options{Sources: seedSources(t)}.Run(figs), KindAfterPublication) {
		if r.Status != Mismatch || len(r.Figures) != 1 {
			t.Errorf("result %+v, want a mismatch of one figure", r)
			continue
		}
		got = append(got, r.Figures[0])
		if want := "The period runs to the end of Sep 2017 (30 Sep 2017), after its source refugees-deeply-2017-09-18-china-dragnet was published on 18 Sep 2017"; !strings.HasPrefix(r.Explanation, want) {
			t.Errorf("explanation %q, want it to start %q", r.Explanation, want)
		}
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("figures flagged (-want +got):\n%s", diff)
	}
}

// TestSeedRunIsOrderIndependent: the store may hand figures over in any
// order; the page must not change.
func TestSeedRunIsOrderIndependent(t *testing.T) {
	figs := seedFigures(t)
	want := run(figs)
	rev := make([]models.Figure, len(figs))
	for i, f := range figs {
		rev[len(figs)-1-i] = f
	}
	if diff := cmp.Diff(want, run(rev)); diff != "" {
		t.Errorf("Run(reversed seed) differs (-forward +reversed):\n%s", diff)
	}
}

// TestSeedRetractedInput: retracting the stock makes the derived figure a
// mismatch and the cohort disappear; the other checks stay.
func TestSeedRetractedInput(t *testing.T) {
	figs := seedFigures(t)
	for i := range figs {
		if figs[i].Key == "hrw-2017-in-custody-2017-09-18" {
			figs[i].Status, figs[i].RetractReason = models.StatusRetracted, "test"
		}
	}
	got := run(figs)
	d := ofKind(got, KindDerived)
	if len(d) != 1 || d[0].Status != Mismatch || !strings.Contains(d[0].Explanation, "was retracted") {
		t.Errorf("derived after retraction = %+v, want one mismatch naming the retraction", d)
	}
	if c := ofKind(got, KindCohort); len(c) != 0 {
		t.Errorf("cohort after retracting the stock = %+v, want none", c)
	}
	if p := ofKind(got, KindPartsWhole); len(p) != 1 || p[0].Status != OK {
		t.Errorf("parts and whole after retraction = %+v, want still ok", p)
	}
}

// TestSeedChangedInput: correcting the total to 93 makes the stored 46 a
// mismatch, flagged until an editor re-derives it.
func TestSeedChangedInput(t *testing.T) {
	figs := seedFigures(t)
	for i := range figs {
		switch figs[i].Key {
		case "hrw-2017-apprehended-since-2016-06":
			figs[i].Value = 93
			figs[i].UpdatedAt = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		case "hrw-2017-forcibly-returned-since-2016-06":
			figs[i].UpdatedAt = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	got := run(figs)
	d := ofKind(got, KindDerived)
	if len(d) != 1 || d[0].Status != Mismatch || d[0].Explanation != "93 − 46 = 47, but the figure says 46: an input changed after it was derived, or the value is mistyped." {
		t.Fatalf("derived = %+v", d)
	}
	if !slices.ContainsFunc(d[0].Notes, func(n string) bool {
		return strings.Contains(n, "changed on 1 Mar 2024, after this figure was last saved on 1 Jan 2023")
	}) {
		t.Errorf("derived notes = %q, want the later change flagged", d[0].Notes)
	}
	if p := ofKind(got, KindPartsWhole); len(p) != 1 || p[0].Status != OK || !strings.Contains(p[0].Explanation, "less than the total of 93") {
		t.Errorf("parts and whole = %+v, want ok: 92 of 93, the other one in Jun 2016", p)
	}
	if c := ofKind(got, KindCohort); len(c) != 1 || c[0].Status != OK || !strings.Contains(c[0].Notes[0], "At least 1 of the cohort") {
		t.Errorf("cohort = %+v, want ok with one unaccounted for", c)
	}
}

// TestSeedSeries: a chart of apprehensions shows the two flows side by
// side, never the cumulative 92, and their total is at least 92 (both are
// documented counts).
func TestSeedSeries(t *testing.T) {
	figs := seedFigures(t)
	s := Subject{Metric: "apprehended", Population: "North Koreans", ActingState: "CN", ReceivingState: "KP", Unit: "people"}
	pts := Series(Group(figs), s)
	var got []string
	var reps []Reported
	for _, p := range pts {
		got = append(got, p.Period.Label()+" "+string(p.Role)+" "+p.Text()+" rate "+p.PerMonth.String())
		reps = append(reps, p.Reported)
	}
	want := []string{"Jul 2016 – Jun 2017 alone 51 rate ≥ 4.25", "Jul 2017 – Aug 2017 alone 41 rate ≥ 20.5"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Series (-want +got):\n%s", diff)
	}
	sum, err := Total(reps)
	if err != nil || sum.String() != "≥ 92" {
		t.Errorf("Total = %v, %v; want ≥ 92", sum, err)
	}
	var cumulative Reported
	for _, r := range Group(figs) {
		if r.Kind == models.Cumulative && r.Metric == "apprehended" && !r.Subgroup() {
			cumulative = r
		}
	}
	if _, err := Total(append(reps, cumulative)); !errors.Is(err, ErrDoubleCount) {
		t.Errorf("Total(flows + cumulative) error = %v, want ErrDoubleCount", err)
	}
	// The arrested guides and the famine deaths are flows too, but give no
	// number: nothing to chart.
	if subj := Subjects(Group(figs)); len(subj) != 1 || !slices.Contains(subj, s) {
		t.Errorf("Subjects = %+v, want apprehended only", subj)
	}
}
