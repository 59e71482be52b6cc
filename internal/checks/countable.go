package checks

import (
	"sort"

	"forcedreturns/models"
)

// Count says how a figure may be added up with others: the export's
// countable, group and counted_in columns (see models.FigureCount, which
// it is, so that a figure read with its answer carries it).
type Count = models.FigureCount

// CountingRule names the rule Counting follows, as stored beside its
// answers (figure_counts_state.rule): change it with any change to
// Counting that gives some figures another answer, and every stored
// answer is worked out again. ("counting 2": a subgroup or share of a
// retracted or draft figure is counted nowhere.)
const CountingRule = "counting 2"

// Counting says, for every figure (by key), whether a per-metric sum may
// include it (the export's countable, group and counted_in columns),
// following the no-double-counting Rule that Group, Series and Total apply:
//
//   - Retracted and draft figures are never countable (they belong to no
//     group and are counted in nothing).
//   - Corroborating reports (Group) are one quantity: one report per group
//     is countable — a reported one before a derived one, one with a value
//     before a range, then the highest value if the reports agree and the
//     lowest if they differ, then the lowest key — and the others are
//     counted in it.
//   - A subgroup ("11 children among the 92") is never countable; it is
//     counted in its parent (or where its parent is counted). Nor is a
//     share ("more than 60 % of the 92 were women"), a percentage: the
//     people it speaks of are counted where the figure it is a share of is.
//   - A derived figure whose formula uses a figure of its own metric
//     restates that figure ("{a} + {b}") and is counted in it; one resting on
//     a retracted input counts for nothing. Any other derived figure ("46
//     forced back = 92 apprehended − 46 in custody") is the only count of
//     its people under its metric and follows the rules below.
//   - Flows and cumulative figures of one subject (metric, population,
//     acting and receiving state, unit) count events over a period: of a total and
//     the parts within it, the total is countable and the parts are counted
//     in it ("92 since June 2016" is, "51" and "41" are counted in it),
//     whether the parts cover all of it or not, so a sum never drops the
//     people no part counts; of periods that share or may share days
//     without one holding the other, the earlier (then longer) one is
//     countable and the other is counted in it.
//   - Stocks of one subject are the same people at different dates: only
//     the latest is countable; earlier ones are counted in it.
//
// A range is countable like any other figure, but its value is empty:
// sum(value) skips it, and a sum's bounds add value_low and value_high of
// countable ranges. Populations are compared as written, so a sum over a
// metric adds different populations ("North Koreans", "Local guides"),
// which may overlap only if the editors entered overlapping populations
// without subgroup_of. A per-metric sum adds stocks only to stocks and
// flows to flows and cumulative figures.
//
// It works one subject at a time, so that a caller holding many figures
// in a compact form of its own, or reading them one subject after another,
// needs only one subject's models.Figure values at once: every figure's
// Input first (a derived figure may rest on a figure of any subject), then
// each subject's figures (SubjectOf) in one Subject call, then Finish. A figure's answer is known at the end of its subject, and
// handed on then, unless its group is a subgroup, a share or a derived
// figure restating another: where those are counted depends on the
// figure they name, maybe of a subject still to come, and is resolved by
// Finish. Between subjects only those groups (their figures' ids and
// keys) and, for every figure such a chain may pass through, its group
// and where that group points are kept: never an answer per figure. The
// answer names only the figures in a group: a retracted or draft figure
// is never handed on, which means the zero Count.
type Counting struct {
	inputs map[string]input
	// targets are the keys a chain may pass through (Target, Input).
	targets map[string]bool
	links   map[string]link // of each grouped figure in targets
	later   []laterGroup    // the groups whose answer waits for Finish
	emit    func(FigureRef, Count, Link)
}

// FigureRef names the figure an answer is for: its key and, when the
// caller's figures carry one, its database id.
type FigureRef struct {
	ID  int64
	Key string
}

// link is what resolving a chain needs of a figure: its group, and the
// key that group is counted in when it is not countable (pointed), empty
// for a group counted nowhere (a derived figure on a retracted input).
type link struct {
	group, next string
	pointed     bool
}

// Link is what a chain of Counting reads at a grouped figure (see
// NewCountingLinks): the figure's group, and whether that group is counted
// in another figure (Pointed) and which (Next, as the group names it: its
// subgroup_of, share_of or the input it restates, or the group of its
// subject that counts it; empty for a group counted nowhere). It depends
// on the figure's subject and on the metric and status of what its
// formulas name, never on other subjects' figures: a caller that keeps
// it (Linked) can count some subjects again without the others.
type Link struct {
	Group, Next string
	Pointed     bool
}

// laterGroup is a group counted where the figure next names is counted:
// its answer waits until every subject has been seen.
type laterGroup struct {
	id, next string
	figs     []FigureRef
}

// NewCountingTo returns an empty Counting that hands each grouped
// figure's answer to emit, once, as soon as it is known (at the end of its
// subject, or in Finish), instead of keeping it. Its caller names with
// Target every key a subgroup_of or share_of of its figures holds (the
// keys formulas name come through Input): only for those does it keep
// what a later subject may need.
func NewCountingTo(emit func(FigureRef, Count)) *Counting {
	return NewCountingLinks(func(f FigureRef, n Count, _ Link) { emit(f, n) })
}

// NewCountingLinks is NewCountingTo, handing on with each answer the
// figure's Link, so that a caller that keeps both can later count only
// the subjects a write changed (and those whose chains reach them),
// giving Linked what it kept of the figures of the other subjects.
func NewCountingLinks(emit func(FigureRef, Count, Link)) *Counting {
	return &Counting{inputs: map[string]input{}, targets: map[string]bool{}, links: map[string]link{}, emit: emit}
}

// Linked gives the Link of the figure with key, of a subject not given to
// Subject (as an earlier Counting handed it on), for the chains that pass
// through it. Call it before Finish; a Subject that holds the figure
// overrides it.
func (c *Counting) Linked(key string, l Link) {
	if _, seen := c.links[key]; !seen {
		c.links[key] = link{group: l.Group, next: l.Next, pointed: l.Pointed}
	}
}

// Target says that a figure's subgroup_of or share_of may name key.
func (c *Counting) Target(key string) {
	c.targets[key] = true
}

// Input records what a derived figure's formula may need of the figure
// with key: its metric and status. Call it, before the first Subject, for
// every figure a formula refers to (calling it for every figure is also
// right, only larger).
func (c *Counting) Input(key, metric string, status models.Status) {
	if _, seen := c.inputs[key]; !seen || status == models.StatusPublished {
		c.inputs[key] = input{metric, status}
	}
	c.Target(key)
}

// Subject groups the figures of one subject (all of them, in one call),
// decides which of their groups count and which are counted elsewhere,
// and hands on the answers it knows: all but those of the groups counted
// where a figure of another subject is (see Finish).
func (c *Counting) Subject(figs []models.Figure) {
	for _, f := range figs {
		if !f.Published() && c.targets[f.Key] {
			// A subgroup or a share of a retracted or draft figure is
			// counted nowhere (link's zero value): no report readers see
			// as current counts its people. (One of a figure that gives no
			// number is counted in it, though no sum adds it.)
			c.links[f.Key] = link{}
		}
	}
	var rest []Reported
	groups := Group(figs)
	// What each group is counted in (pointsTo): a group of rest that
	// countSubject keeps is countable and absent; a later one waits for
	// Finish.
	pointsTo := map[string]string{}
	later := map[string]bool{}
	ids := make([]string, len(groups))
	for i, g := range groups {
		rep := representative(g.Figures, g.Agree)
		id := rep.Key
		ids[i] = id
		g.Figures = []models.Figure{rep}
		// Subgroups and derived figures that restate or rest on others
		// leave the candidates; where they are counted is resolved once
		// every group's fate is known.
		switch {
		case rep.SubgroupOf != "":
			pointsTo[id], later[id] = rep.SubgroupOf, true
		case rep.ShareOf != "":
			pointsTo[id], later[id] = rep.ShareOf, true
		case rep.Derived:
			in, retracted := restates(rep, c.inputs)
			switch {
			case retracted:
				pointsTo[id] = ""
			case in != "":
				pointsTo[id], later[id] = in, true
			default:
				rest = append(rest, g)
			}
		default:
			rest = append(rest, g)
		}
	}
	countSubject(rest, pointsTo)
	for i, g := range groups {
		id := ids[i]
		next, pointed := pointsTo[id]
		for _, f := range g.Figures {
			if c.targets[f.Key] {
				c.links[f.Key] = link{group: id, next: next, pointed: pointed}
			}
		}
		l := Link{Group: id, Next: next, Pointed: pointed}
		if later[id] {
			lg := laterGroup{id: id, next: next, figs: make([]FigureRef, len(g.Figures))}
			for i, f := range g.Figures {
				lg.figs[i] = FigureRef{f.ID, f.Key}
			}
			c.later = append(c.later, lg)
			continue
		}
		// A group counted in one of its own subject is counted in that
		// one, which is countable (countSubject keeps it); one on a
		// retracted input is counted nowhere.
		for _, f := range g.Figures {
			n := Count{Group: id, Countable: !pointed && f.Key == id}
			if !n.Countable {
				n.CountedIn = id
				if pointed {
					n.CountedIn = next
				}
			}
			c.emit(FigureRef{f.ID, f.Key}, n, l)
		}
	}
}

// Resolve returns where a group counted where the figure next is
// counted is counted in the end (what Finish hands on for such a group),
// from the Links known so far: for a caller that counts some subjects
// again and keeps the groups of the others, whose Links no write changed,
// but whose chains may pass through the subjects counted. Call it after
// every Subject and Linked, before Finish.
func (c *Counting) Resolve(next string) string { return c.resolve(next) }

// Finish hands on the answers Subject left for it, once every subject
// has been seen; c must not be used after.
func (c *Counting) Finish() {
	c.inputs = nil
	for _, g := range c.later {
		in := c.resolve(g.next)
		l := Link{Group: g.id, Next: g.next, Pointed: true}
		for _, f := range g.figs {
			c.emit(f, Count{Group: g.id, CountedIn: in}, l)
		}
	}
	c.later, c.links, c.targets = nil, nil, nil
}

// representative picks the report of a group a sum counts: a reported one
// before a derived one, one with a value before a range; then, when the
// reports agree, the highest value (the others allow it: "at least 90" and
// "100 documented" mean 100 or more), and when they differ the lowest (the
// low end of the range the tracker shows); then the lowest key.
func representative(figs []models.Figure, agree bool) models.Figure {
	best := figs[0]
	for _, f := range figs[1:] {
		if lessRepresentative(f, best, agree) {
			best = f
		}
	}
	return best
}

func lessRepresentative(a, b models.Figure, agree bool) bool {
	if a.Derived != b.Derived {
		return !a.Derived
	}
	ar, br := a.Qualifier == models.QualRange, b.Qualifier == models.QualRange
	if ar != br {
		return !ar
	}
	if !ar && a.Value != b.Value {
		return (a.Value < b.Value) != agree
	}
	return a.Key < b.Key
}

// input is what restates needs of a formula's input; only it is kept of
// every figure, so that a large export stays small in memory.
type input struct {
	metric string
	status models.Status
}

// restates returns the first input of a derived figure that has the
// figure's metric (the figure restates it), and whether an input was
// retracted.
func restates(d models.Figure, byKey map[string]input) (string, bool) {
	expr, err := models.ParseFormula(d.Formula)
	if err != nil {
		return "", false
	}
	same := ""
	for _, k := range expr.Refs() {
		f, ok := byKey[k]
		if !ok {
			continue
		}
		if f.status == models.StatusRetracted {
			return "", true
		}
		if same == "" && f.metric == d.Metric {
			same = k
		}
	}
	return same, false
}

// countSubject decides, among the candidate groups of one subject, which
// are countable: the outermost flows and cumulative figures that share no
// day with one counted before them, and the latest stock. The others point
// to the group that counts them.
func countSubject(same []Reported, pointsTo map[string]string) {
	var events, stocks []Reported
	for _, g := range same {
		if g.Kind == models.Stock {
			stocks = append(stocks, g)
		} else {
			events = append(events, g)
		}
	}
	// Start first, then longer first, so a total comes before its parts and
	// the greedy pass keeps the outermost.
	sort.SliceStable(events, func(i, j int) bool {
		a, b := events[i].Period, events[j].Period
		if a.Start != b.Start {
			return a.Start.Before(b.Start)
		}
		if a.End != b.End {
			return b.End.Before(a.End)
		}
		return events[i].Figures[0].Key < events[j].Figures[0].Key
	})
	var kept []Reported
	for _, g := range events {
		id := g.Figures[0].Key
		for _, k := range kept {
			if !validPeriod(g.Period) || !validPeriod(k.Period) || !separate(k.Period, g.Period) {
				pointsTo[id] = k.Figures[0].Key
				break
			}
		}
		if _, out := pointsTo[id]; !out {
			kept = append(kept, g)
		}
	}
	sort.SliceStable(stocks, func(i, j int) bool {
		a, b := stocks[i].Period.End, stocks[j].Period.End
		if a != b {
			return b.Before(a)
		}
		return stocks[i].Figures[0].Key < stocks[j].Figures[0].Key
	})
	for _, g := range stocks[min(1, len(stocks)):] {
		pointsTo[g.Figures[0].Key] = stocks[0].Figures[0].Key
	}
}

// resolve follows what counts a figure until it reaches a countable group
// and returns that group's id: a subgroup's parent may itself be a part
// counted in a total. A figure outside the set or not in any group ends the
// chain at its own key; a cycle (a subgroup of itself, two derived figures
// of each other) ends it at the first repeat.
func (c *Counting) resolve(key string) string {
	seen := map[string]bool{}
	for key != "" && !seen[key] {
		seen[key] = true
		l, ok := c.links[key]
		if !ok {
			return key
		}
		if !l.pointed {
			return l.group
		}
		key = l.next
	}
	return key
}
