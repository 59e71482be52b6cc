package checks

import (
	"sort"

	"forcedreturns/models"
)

// Count says how a figure may be added up with others: the export's
// countable, group and counted_in columns.
type Count struct {
	// Countable is true for exactly the figures a per-metric sum may
	// include (see Counting).
	Countable bool `json:"countable"`
	// Group is the id of the reported quantity the figure is a report of:
	// reports of the same event share it. It is the figure_id of the
	// group's countable report. Empty for retracted and draft figures,
	// which belong to no group.
	Group string `json:"group"`
	// CountedIn is the group id of the countable figure that counts these
	// people in a sum instead of this one; empty for a countable figure and
	// for one nothing else counts (retracted, draft, or resting on a
	// retracted input).
	CountedIn string `json:"counted_in"`
}

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
// It works one subject at a time, so that a caller
// holding many figures in a compact form of its own needs only one
// subject's models.Figure values at once: every figure's Input first (a
// derived figure may rest on a figure of any subject), then each subject's
// figures (SubjectOf) in one Subject call, then Counts. Only the answer and
// a few strings per grouped figure are kept between subjects. The answer
// names only the figures in a group: a retracted or draft figure is absent,
// which means the zero Count.
type Counting struct {
	inputs   map[string]input
	out      map[string]Count
	pointsTo map[string]string // group id → figure key whose group counts it
	cands    []string          // the id of every group
}

// NewCounting returns an empty Counting sized for about n figures.
func NewCounting(n int) *Counting {
	return &Counting{inputs: map[string]input{}, out: make(map[string]Count, n), pointsTo: map[string]string{}}
}

// Input records what a derived figure's formula may need of the figure
// with key: its metric and status. Call it, before the first Subject, for
// every figure a formula refers to (calling it for every figure is also
// right, only larger).
func (c *Counting) Input(key, metric string, status models.Status) {
	if _, seen := c.inputs[key]; !seen || status == models.StatusPublished {
		c.inputs[key] = input{metric, status}
	}
}

// Subject groups the figures of one subject (all of them, in one call) and
// decides which of their groups are candidates to count and which are
// counted elsewhere; Counts resolves the chains across subjects.
func (c *Counting) Subject(figs []models.Figure) {
	var rest []Reported
	for _, g := range Group(figs) {
		rep := representative(g.Figures, g.Agree)
		id := rep.Key
		for _, f := range g.Figures {
			n := Count{Group: id}
			if f.Key != id {
				n.CountedIn = id
			}
			c.out[f.Key] = n
		}
		c.cands = append(c.cands, id)
		g.Figures = []models.Figure{rep}
		// Subgroups and derived figures that restate or rest on others
		// leave the candidates; CountedIn is resolved once every group's
		// fate is known.
		switch {
		case rep.SubgroupOf != "":
			c.pointsTo[id] = rep.SubgroupOf
		case rep.ShareOf != "":
			c.pointsTo[id] = rep.ShareOf
		case rep.Derived:
			in, retracted := restates(rep, c.inputs)
			switch {
			case retracted:
				c.pointsTo[id] = ""
			case in != "":
				c.pointsTo[id] = in
			default:
				rest = append(rest, g)
			}
		default:
			rest = append(rest, g)
		}
	}
	countSubject(rest, c.pointsTo)
}

// Counts returns the answer, once every subject has been seen; c must not
// be used after.
func (c *Counting) Counts() map[string]Count {
	out := c.out
	c.inputs = nil
	for _, id := range c.cands {
		target, notCounted := c.pointsTo[id]
		n := out[id]
		if notCounted {
			n.CountedIn = resolve(target, out, c.pointsTo)
		} else {
			n.Countable = true
		}
		out[id] = n
	}
	// The other reports of a group are counted where the group is.
	for key, n := range out {
		if n.Countable || n.Group == "" || n.Group == key {
			continue
		}
		if lead := out[n.Group]; !lead.Countable {
			n.CountedIn = lead.CountedIn
		}
		out[key] = n
	}
	return out
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
			if !validPeriod(g.Period) || !validPeriod(k.Period) || !Relate(k.Period, g.Period).Only(Separate) {
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
func resolve(key string, out map[string]Count, pointsTo map[string]string) string {
	seen := map[string]bool{}
	for key != "" && !seen[key] {
		seen[key] = true
		id := out[key].Group
		if id == "" {
			return key
		}
		next, counted := pointsTo[id]
		if !counted {
			return id
		}
		key = next
	}
	return key
}
