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

// Lookup reads what RunBySubject needs beyond the subject at hand. Both
// return figures of every status the caller's audience may see, as the
// stream does, so that a retracted input is named as retracted.
type Lookup interface {
	// FiguresByKey returns the figures with these keys; keys not stored
	// (or not visible) are left out.
	FiguresByKey(ctx context.Context, keys []string) ([]models.Figure, error)
	// SubgroupsOf returns every figure whose SubgroupOf is one of parents.
	SubgroupsOf(ctx context.Context, parents []string) ([]models.Figure, error)
}

// RunBySubject returns what Run returns for every figure next delivers,
// without holding them all: next returns the figures in batches, nil or
// empty at the end, ordered so that the figures of one subject come one
// after another, and the subjects of one people (population, states and
// unit) one after another — the order of store.EachSubjectBatch. A batch
// may end anywhere. Figures of a subject or a people seen earlier, after
// another, are an error (the order was wrong and results would be
// missing). look fetches the inputs, bases, parents and subgroups that a
// subject's figures name; it is called between batches, never while next
// is reading.
func (o Options) RunBySubject(ctx context.Context, next func() ([]models.Figure, error), look Lookup) ([]Result, error) {
	r := &subjectRun{o: o, look: look, seenSubject: map[Subject]bool{}, seenPeople: map[Subject]bool{},
		doneParents: map[string]bool{}, cohortMetrics: map[string]bool{}}
	for _, rule := range o.Cohorts {
		r.cohortMetrics[rule.Cohort], r.cohortMetrics[rule.Stock], r.cohortMetrics[rule.Outflow] = true, true, true
	}
	for {
		figs, err := next()
		if err != nil {
			return nil, err
		}
		if len(figs) == 0 {
			break
		}
		for _, f := range figs {
			s := SubjectOf(f)
			if r.started && s == r.subject {
				r.cur = append(r.cur, f)
				continue
			}
			if err := r.flushSubject(ctx); err != nil {
				return nil, err
			}
			if r.seenSubject[s] {
				return nil, fmt.Errorf("checks by subject: the figures of %s come in two runs (figure %s): they must come one after another", subjectText(Reported{Metric: s.Metric, Population: s.Population, ActingState: s.ActingState, ReceivingState: s.ReceivingState, Unit: s.Unit}), f.Key)
			}
			if p := s.People(); !r.started || p != r.subject.People() {
				r.flushPeople()
				if r.seenPeople[p] {
					return nil, fmt.Errorf("checks by subject: the figures of population %q (%s → %s, %s) come in two runs (figure %s): they must come one after another",
						p.Population, p.ActingState, p.ReceivingState, p.Unit, f.Key)
				}
				r.seenPeople[p] = true
			}
			r.started, r.subject = true, s
			r.seenSubject[s] = true
			r.cur = append(r.cur, f)
		}
	}
	if err := r.flushSubject(ctx); err != nil {
		return nil, err
	}
	r.flushPeople()
	sortResults(r.out)
	return r.out, nil
}

// RunFor is RunBySubject over figs in one batch, ordered here: the checks
// of a set of figures that holds every figure of each of its subjects
// (and peoples, for cohorts), with look fetching what they name beyond
// it. The figure page runs it over the figure's people and the figures
// that name it.
func (o Options) RunFor(ctx context.Context, figs []models.Figure, look Lookup) ([]Result, error) {
	figs = slices.Clone(figs)
	SortBySubject(figs)
	done := false
	return o.RunBySubject(ctx, func() ([]models.Figure, error) {
		if done {
			return nil, nil
		}
		done = true
		return figs, nil
	}, look)
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
	o    Options
	look Lookup
	out  []Result

	started bool
	subject Subject
	cur     []models.Figure
	// people holds the countable figures of the current people under a
	// cohort rule's metric, for the cohort check.
	people        []models.Figure
	cohortMetrics map[string]bool

	seenSubject, seenPeople map[Subject]bool
	// doneParents are the figures whose subgroups were checked.
	doneParents map[string]bool
}

// flushSubject checks the figures of the current subject.
func (r *subjectRun) flushSubject(ctx context.Context) error {
	figs := r.cur
	r.cur = nil
	if len(figs) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var countable, published []models.Figure
	for _, f := range figs {
		if f.Countable() {
			countable = append(countable, f)
		}
		if f.Published() {
			published = append(published, f)
		}
	}
	sort.SliceStable(countable, func(i, j int) bool { return lessFigure(countable[i], countable[j]) })
	groups := Group(countable)
	r.out = append(r.out, partsWhole(groups)...)
	r.out = append(r.out, agreement(groups, r.o.Carried)...)
	r.out = append(r.out, afterPublication(published, r.o.Sources)...)
	for _, f := range countable {
		if r.cohortMetrics[f.Metric] {
			r.people = append(r.people, f)
		}
	}

	// What the subject's figures name in others: formula inputs, bases
	// and the parents of subgroups whose check is still to do.
	var need, parents []string
	for _, f := range countable {
		if f.Share() {
			need = append(need, f.ShareOf)
		}
		if f.Derived {
			if expr, err := models.ParseFormula(f.Formula); err == nil {
				need = append(need, expr.Refs()...)
			}
		}
	}
	for _, f := range published {
		if p := f.SubgroupOf; p != "" && !r.doneParents[p] {
			r.doneParents[p] = true
			parents = append(parents, p)
		}
	}
	need = append(need, parents...)
	var all map[string]models.Figure
	if len(need) > 0 {
		slices.Sort(need)
		fetched, err := r.look.FiguresByKey(ctx, slices.Compact(need))
		if err != nil {
			return err
		}
		all = byKey(fetched)
	}
	r.out = append(r.out, shares(countable, all)...)
	r.out = append(r.out, derived(countable, all)...)
	if len(parents) > 0 {
		kids, err := r.look.SubgroupsOf(ctx, parents)
		if err != nil {
			return err
		}
		kids = slices.DeleteFunc(kids, func(f models.Figure) bool { return !f.Published() })
		r.out = append(r.out, subgroups(kids, all)...)
	}
	return nil
}

// flushPeople checks the cohorts of the current people.
func (r *subjectRun) flushPeople() {
	figs := r.people
	r.people = nil
	if len(figs) == 0 {
		return
	}
	sort.SliceStable(figs, func(i, j int) bool { return lessFigure(figs[i], figs[j]) })
	groups := Group(figs)
	for _, rule := range r.o.Cohorts {
		r.out = append(r.out, cohorts(groups, rule)...)
	}
}

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
