package checks

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"

	"forcedreturns/models"
)

// Nearly every check relates the figures of one subject (SubjectOf): parts
// and whole, agreement, and (per figure) the publication date. The cohort
// check relates the subjects of one people (Subject.People) under the
// cohort rules' metrics. Only three kinds reach across subjects, each from
// one figure to figures it names by key: a derived figure to its formula's
// inputs, a share to its base, a subgroup to its parent (and the parent's
// other subgroups, wherever they are). So the checks can run over a
// database one subject at a time, holding one subject's figures (and one
// people's figures under the cohort metrics), and fetch the few figures
// named across subjects by key: RunBySubject.

// Lookup reads what RunBySubject needs beyond the subjects: it returns
// figures of every status the caller's audience may see, as the stream
// does, so that a retracted input is named as retracted.
type Lookup interface {
	// FiguresByKey returns the figures with these keys; keys not stored
	// (or not visible) are left out.
	FiguresByKey(ctx context.Context, keys []string) ([]models.Figure, error)
	// SubgroupsOf returns every figure whose SubgroupOf is one of parents.
	SubgroupsOf(ctx context.Context, parents []string) ([]models.Figure, error)
}

// lookupChunk is how many keys RunBySubject asks Lookup for at once.
const lookupChunk = 256

// RunBySubject returns what Run returns for every figure stream
// delivers, without holding them all. stream calls fn for every figure,
// ordered so that the figures of one subject come one after another, and
// the subjects of one people (population, states and unit) one after
// another, as store.EachFigureBySubjectView does; fn may keep the figure
// (a copy). A subject or a people that comes again after another is an
// error: the order was wrong, and relations would be missed.
//
// While stream runs, RunBySubject holds one subject's figures, the
// current people's figures under the cohort rules' metrics, and the keys
// of the derived figures, shares and subgroups' parents met so far. Once
// stream has returned (so a caller streaming from a database holds one
// connection at a time), it checks those by key through look, a chunk
// of keys at a time: a derived figure against its inputs, a share against
// its base, a parent against its subgroups wherever they are.
func (o Options) RunBySubject(ctx context.Context, stream func(fn func(*models.Figure) error) error, look Lookup) ([]Result, error) {
	var out []Result
	err := o.RunOwned(ctx, stream, look, func(_ Owner, rs []Result) error {
		out = append(out, rs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortResults(out)
	return out, nil
}

// Owner is the unit by which results are stored and computed again
// after a write (store.RefreshChecks): the subject (SubjectOf) whose
// figures a result is computed from. The checks of a subject belong to
// it; the cohorts of a people to the people (a Subject without a
// metric); the check of a share or a derived figure to that figure's
// subject; the check of a parent's subgroups to the parent's subject,
// or, when no parent with that key can be seen, to the key itself
// (Parent).
type Owner struct {
	Subject Subject
	Parent  string
}

// RunOwned is RunBySubject handing each batch of results to add with its
// Owner, as it finds them, unordered.
func (o Options) RunOwned(ctx context.Context, stream func(fn func(*models.Figure) error) error, look Lookup, add func(Owner, []Result) error) error {
	r := o.newRun(add)
	if err := r.stream(ctx, stream); err != nil {
		return err
	}
	return r.across(ctx, look)
}

// RunUnit returns the results of RunOwned over every figure the audience
// of look sees that belong to owner u, computed from figs alone with what
// they name fetched through look. For a subject, figs are all its
// figures (any order); for a people, all its figures under the cohort
// rules' metrics (others are ignored); for a parent's key, figs are
// ignored.
func (o Options) RunUnit(ctx context.Context, u Owner, figs []models.Figure, look Lookup) ([]Result, error) {
	var out []Result
	r := o.newRun(func(w Owner, rs []Result) error {
		if w == u {
			out = append(out, rs...)
		}
		return nil
	})
	if u.Parent != "" {
		r.parentOrder = []string{u.Parent}
	} else {
		if err := r.stream(ctx, sliceStream(figs)); err != nil {
			return nil, err
		}
		// The subgroups a subject owns are those of its own figures,
		// wherever the subgroups are; not those its subgroups name. A
		// people owns its cohorts only.
		r.parentOrder = nil
		if u.Subject.Metric == "" {
			r.cross = nil
		} else {
			for _, f := range figs {
				r.parentOrder = append(r.parentOrder, f.Key)
			}
			slices.Sort(r.parentOrder)
			r.parentOrder = slices.Compact(r.parentOrder)
		}
	}
	if err := r.across(ctx, look); err != nil {
		return nil, err
	}
	sortResults(out)
	return out, nil
}

func (o Options) newRun(add func(Owner, []Result) error) *subjectRun {
	r := &subjectRun{o: o, add: add, seenSubject: map[Subject]bool{}, seenPeople: map[Subject]bool{},
		parents: map[string]bool{}, cohortMetrics: map[string]bool{}}
	for _, rule := range o.Cohorts {
		r.cohortMetrics[rule.Cohort], r.cohortMetrics[rule.Stock], r.cohortMetrics[rule.Outflow] = true, true, true
	}
	return r
}

// stream reads the figures subject by subject, checking each subject and
// each people as it ends.
func (r *subjectRun) stream(ctx context.Context, stream func(fn func(*models.Figure) error) error) error {
	err := stream(func(f *models.Figure) error {
		s := SubjectOf(*f)
		if r.started && s == r.subject {
			r.cur = append(r.cur, *f)
			return nil
		}
		if err := r.flushSubject(ctx); err != nil {
			return err
		}
		if r.seenSubject[s] {
			return fmt.Errorf("checks by subject: the figures of %s come in two runs (figure %s): they must come one after another",
				subjectText(Reported{Metric: s.Metric, Population: s.Population, ActingState: s.ActingState, ReceivingState: s.ReceivingState, Unit: s.Unit}), f.Key)
		}
		if p := s.People(); !r.started || p != r.subject.People() {
			if err := r.flushPeople(); err != nil {
				return err
			}
			if r.seenPeople[p] {
				return fmt.Errorf("checks by subject: the figures of population %q (%s → %s, %s) come in two runs (figure %s): they must come one after another",
					p.Population, p.ActingState, p.ReceivingState, p.Unit, f.Key)
			}
			r.seenPeople[p] = true
		}
		r.started, r.subject = true, s
		r.seenSubject[s] = true
		r.cur = append(r.cur, *f)
		return nil
	})
	if err != nil {
		return err
	}
	if err := r.flushSubject(ctx); err != nil {
		return err
	}
	return r.flushPeople()
}

// RunFor is RunBySubject over figs, ordered here: the checks of a set of
// figures that holds every figure of each of its subjects (and peoples,
// for cohorts), with look fetching what they name beyond it. The figure
// page runs it over the figure's people and the figures that name it.
func (o Options) RunFor(ctx context.Context, figs []models.Figure, look Lookup) ([]Result, error) {
	return o.RunBySubject(ctx, sliceStream(figs), look)
}

// sliceStream delivers a copy of figs in subject order, as RunBySubject
// and RunOwned read them.
func sliceStream(figs []models.Figure) func(fn func(*models.Figure) error) error {
	figs = slices.Clone(figs)
	SortBySubject(figs)
	return func(fn func(*models.Figure) error) error {
		for i := range figs {
			if err := fn(&figs[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// SortBySubject orders figures as RunBySubject reads them: by population,
// acting state, receiving state, unit, then metric, then key.
func SortBySubject(figs []models.Figure) {
	sort.SliceStable(figs, func(i, j int) bool {
		a, b := figs[i], figs[j]
		if c := cmp.Or(cmp.Compare(a.Population, b.Population), cmp.Compare(a.ActingState, b.ActingState),
			cmp.Compare(a.ReceivingState, b.ReceivingState), cmp.Compare(a.Unit, b.Unit),
			cmp.Compare(a.Metric, b.Metric)); c != 0 {
			return c < 0
		}
		return a.Key < b.Key
	})
}

type subjectRun struct {
	o   Options
	add func(Owner, []Result) error

	started bool
	subject Subject
	cur     []models.Figure
	// people holds the countable figures of the current people under a
	// cohort rule's metric, for the cohort check.
	people        []models.Figure
	cohortMetrics map[string]bool

	seenSubject, seenPeople map[Subject]bool
	// cross are the keys of the countable derived figures and shares;
	// parentOrder those of the figures published subgroups name, in the
	// order met.
	cross, parentOrder []string
	parents            map[string]bool
}

// flushSubject checks the figures of the current subject among
// themselves, and notes what they name in others.
func (r *subjectRun) flushSubject(ctx context.Context) error {
	figs := r.cur
	r.cur = nil
	if len(figs) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	owner := Owner{Subject: SubjectOf(figs[0])}
	// The published figures are copied; the countable ones are those of
	// figs, kept in place (a subject of a million figures holds 17,000:
	// each copy of them took 8 MB).
	var published []models.Figure
	for _, f := range figs {
		if f.Countable() && (f.Share() || f.Derived) {
			r.cross = append(r.cross, f.Key)
		}
		if f.Published() {
			published = append(published, f)
			if p := f.SubgroupOf; p != "" && !r.parents[p] {
				r.parents[p] = true
				r.parentOrder = append(r.parentOrder, p)
			}
		}
	}
	countable := slices.DeleteFunc(figs, func(f models.Figure) bool { return !f.Countable() })
	sort.SliceStable(countable, func(i, j int) bool { return lessFigure(countable[i], countable[j]) })
	groups := Group(countable)
	out := partsWhole(r.o.Metrics, groups)
	out = append(out, agreement(r.o.Metrics, groups, r.o.Carried)...)
	out = append(out, afterPublication(r.o.Metrics, published, r.o.Sources)...)
	for _, f := range countable {
		if r.cohortMetrics[f.Metric] {
			r.people = append(r.people, f)
		}
	}
	return r.emit(owner, out)
}

// emit hands results to add, unless there are none.
func (r *subjectRun) emit(o Owner, rs []Result) error {
	if len(rs) == 0 {
		return nil
	}
	return r.add(o, rs)
}

// across checks what reaches across subjects, by key, a chunk at a time:
// derived figures and shares against what they name, and each parent
// against all its published subgroups.
func (r *subjectRun) across(ctx context.Context, look Lookup) error {
	slices.Sort(r.cross)
	for chunk := range slices.Chunk(slices.Compact(r.cross), lookupChunk) {
		if err := ctx.Err(); err != nil {
			return err
		}
		figs, err := look.FiguresByKey(ctx, chunk)
		if err != nil {
			return err
		}
		var these []models.Figure
		var need []string
		for _, f := range byKey(figs) {
			if !f.Countable() {
				continue // changed since the stream read it
			}
			these = append(these, f)
			if f.Share() {
				need = append(need, f.ShareOf)
			}
			if expr, err := models.ParseFormula(f.Formula); f.Derived && err == nil {
				need = append(need, expr.Refs()...)
			}
		}
		var all map[string]models.Figure
		if len(need) > 0 {
			slices.Sort(need)
			fetched, err := look.FiguresByKey(ctx, slices.Compact(need))
			if err != nil {
				return err
			}
			all = byKey(fetched)
		}
		// Each share and derived figure is checked on its own: the
		// results go to the subject of each.
		for _, f := range these {
			one := []models.Figure{f}
			out := append(shares(r.o.Metrics, one, all), derived(r.o.Metrics, one, all)...)
			if err := r.emit(Owner{Subject: SubjectOf(f)}, out); err != nil {
				return err
			}
		}
	}
	r.cross = nil
	for chunk := range slices.Chunk(r.parentOrder, lookupChunk) {
		if err := ctx.Err(); err != nil {
			return err
		}
		kids, err := look.SubgroupsOf(ctx, chunk)
		if err != nil {
			return err
		}
		kids = slices.DeleteFunc(kids, func(f models.Figure) bool { return !f.Published() })
		parents, err := look.FiguresByKey(ctx, chunk)
		if err != nil {
			return err
		}
		known := byKey(parents)
		for _, res := range subgroups(r.o.Metrics, kids, known) {
			o := Owner{Parent: res.Figures[0]}
			if p, ok := known[o.Parent]; ok {
				o = Owner{Subject: SubjectOf(p)}
			}
			if err := r.emit(o, []Result{res}); err != nil {
				return err
			}
		}
	}
	return nil
}

// flushPeople checks the cohorts of the current people.
func (r *subjectRun) flushPeople() error {
	figs := r.people
	r.people = nil
	if len(figs) == 0 {
		return nil
	}
	sort.SliceStable(figs, func(i, j int) bool { return lessFigure(figs[i], figs[j]) })
	groups := Group(figs)
	// A people's splits grow with its stocks times its outflows (tens of
	// thousands at a million figures): they are handed on a batch at a
	// time, not held all at once.
	owner := Owner{Subject: SubjectOf(figs[0]).People()}
	var out []Result
	var err error
	for _, rule := range r.o.Cohorts {
		rule.eachSplit(groups, func(sp CohortSplit) {
			if err != nil {
				return
			}
			out = append(out, cohortResult(r.o.Metrics, sp.Cohort, sp.Stock, sp.Outflow))
			if len(out) == emitBatch {
				err, out = r.emit(owner, out), nil
			}
		})
	}
	if err != nil {
		return err
	}
	return r.emit(owner, out)
}

// emitBatch is how many cohort results of one people RunOwned hands on
// at most at once (a variable for the tests).
var emitBatch = 1000

// byKey maps figures by key, a published figure winning over a stale copy
// under the same key (as in Run).
func byKey(figs []models.Figure) map[string]models.Figure {
	all := make(map[string]models.Figure, len(figs))
	for _, f := range figs {
		if _, seen := all[f.Key]; !seen || f.Published() {
			all[f.Key] = f
		}
	}
	return all
}
