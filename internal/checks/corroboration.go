package checks

import (
	"fmt"
	"sort"
	"strings"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// Rule is the no-double-counting rule in plain English, as the /about page
// shows it. Group, Series and Total are this rule in code.
const Rule = "Each real-world quantity is counted once in every total, headline and chart. " +
	"Reports from different sources about the same metric, population, acting and receiving state and period are one reported quantity: " +
	"it is shown once with every source listed (\"reported by 2 sources\"), never added up; where the sources differ, the tracker shows the range and who said what. " +
	"Only flows — people counted during a period — are ever added into a total, and only when their periods share no day. " +
	"A cumulative total (\"92 since June 2016\") is never added to the flows it contains, a stock (\"46 still in custody\") is never added into a total, " +
	"a period is never summed with a period nested in it or overlapping it, and a subgroup (\"11 children among the 92\") is never added to its group. " +
	"Figures in different units are never compared or added, and a share (\"more than 60 percent of the 92 were women\") is a percentage of the figure it names: it counts nobody by itself, is never added or drawn as a number of people, and is checked only against that figure. " +
	"When a period is known only to the month or the year and it cannot be told whether two periods share days, they are not added. " +
	"Charts of flows over time show nested periods as a total and its parts, never stacked on each other. " +
	"The consistency checks add figures only to compare them with the figure they must fit — parts with their total, those still held and those returned with the cohort they split, subgroups with their group — never to make a new total. " +
	"A figure that gives no number, only words such as “dozens”, is listed but never drawn or added. " +
	"Retracted figures stay visible but count for nothing."

// Reported is one real-world quantity as the sources report it: every
// published figure of the same metric, population, acting and receiving
// state, kind of quantity and period (the same days at the same precision).
// Corroborating reports are shown together as one quantity and never added.
type Reported struct {
	Metric         string              `json:"metric"`
	Population     string              `json:"population"`
	ActingState    string              `json:"acting_state"`
	ReceivingState string              `json:"receiving_state"`
	Period         models.Period       `json:"period"`
	Kind           models.QuantityKind `json:"quantity_kind"`
	Unit           string              `json:"unit"`
	// ShareOf is, for shares, the key of the figure they are a percentage
	// of: shares of different figures are never one quantity.
	ShareOf string `json:"share_of,omitempty"`
	// Figures are every report of the quantity, sorted by source then key;
	// usually one per source.
	Figures []models.Figure `json:"figures"`
	// Interval is the true numbers the reports allow (IntervalOf): their
	// intersection when they agree, the range from the lowest to the
	// highest otherwise. Totals and rates use it.
	Interval Interval `json:"interval"`
	// Agree is true when some number fits every report, documented counts
	// being compared as counts when all reports are documented counts.
	Agree bool `json:"agree"`
}

// Keys returns the keys of the figures, in order.
func (r Reported) Keys() []string {
	out := make([]string, len(r.Figures))
	for i, f := range r.Figures {
		out[i] = f.Key
	}
	return out
}

// Sources returns the distinct source keys, in the order of Figures.
func (r Reported) Sources() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range r.Figures {
		if !seen[f.Source] {
			seen[f.Source] = true
			out = append(out, f.Source)
		}
	}
	return out
}

// Subgroup reports whether the quantity is a subgroup of another figure
// ("11 children among the 92").
func (r Reported) Subgroup() bool {
	for _, f := range r.Figures {
		if f.SubgroupOf != "" {
			return true
		}
	}
	return false
}

// Share reports whether the quantity is a share of another figure ("more
// than 60 % were women" of the 92): a percentage, which is never added,
// split, charted as people or compared with a count.
func (r Reported) Share() bool { return r.ShareOf != "" }

// Text writes the quantity: the figures' own wording when they all say the
// same ("at least 41"); what they allow together when they agree ("41" for
// 41 and "at least 40"); the range of what they say when they differ
// ("41–45").
func (r Reported) Text() string { return r.TextIn(models.English) }

// TextIn is Text in language l: "최소 41".
func (r Reported) TextIn(l models.Lang) string {
	if len(r.Figures) == 0 {
		return r.Interval.String()
	}
	label := plainIn(l, r.Figures[0])
	for _, f := range r.Figures[1:] {
		if plainIn(l, f) != label {
			if r.Agree && r.Figures[0].Percent() {
				return r.Interval.String() + " %"
			}
			if r.Agree {
				return r.Interval.String()
			}
			if r.Figures[0].Percent() {
				return hullAll(r.Figures, percentOf).String() + " %"
			}
			return hullAll(r.Figures, countOf).String()
		}
	}
	return label
}

// Attribution says who reports the quantity: "reported by Human Rights
// Watch", "reported by 2 sources", or, where they differ, who said what.
func (r Reported) Attribution() string {
	n := len(r.Sources())
	switch {
	case !r.Agree:
		return "sources differ: " + strings.Join(r.WhoSaidWhat(), "; ")
	case n == 1 && len(r.Figures) > 0:
		return "reported by " + r.Figures[0].ReportedBy
	}
	return fmt.Sprintf("reported by %d sources", n)
}

// AttributionIn is Attribution in language l: "출처: Human Rights Watch",
// "출처 2곳이 보고", "출처마다 다름: …".
func (r Reported) AttributionIn(l models.Lang) string {
	if l == models.English {
		return r.Attribution()
	}
	n := len(r.Sources())
	switch {
	case !r.Agree:
		return "출처마다 다름: " + strings.Join(r.WhoSaidWhat(), "; ")
	case n == 1 && len(r.Figures) > 0:
		return "보고: " + r.Figures[0].ReportedBy
	}
	return "출처 " + models.FormatIntIn(l, int64(n)) + "곳이 보고"
}

// WhoSaidWhat lists each report as "41 (Human Rights Watch, source
// refugees-deeply-…)".
func (r Reported) WhoSaidWhat() []string { return r.WhoSaidWhatIn(models.English) }

// WhoSaidWhatIn is WhoSaidWhat in language l: "41 (Human Rights Watch,
// 출처 refugees-deeply-…)".
func (r Reported) WhoSaidWhatIn(l models.Lang) []string {
	out := make([]string, len(r.Figures))
	for i, f := range r.Figures {
		out[i] = i18n.T(l, "result.said_by", "Value", plainIn(l, f), "Who", f.ReportedBy, "Source", f.Source)
	}
	return out
}

// Group merges corroborating reports into one reported quantity each, so
// that no headline or total counts them twice. Only countable (published)
// figures take part. Figures are the same quantity when metric, population,
// acting and receiving state, unit, kind and period (days and precision)
// are all the same, both or neither are subgroups, and both or neither are
// shares, of the same figure; periods that are the same days at different precisions stay
// apart, because their relation is not certain (see Relation). The result is
// sorted by metric, population, states, kind and period.
func Group(figs []models.Figure) []Reported {
	byKey := map[string]*Reported{}
	var order []string
	for _, f := range figs {
		if !f.Countable() {
			continue
		}
		k := groupKey(f)
		g, ok := byKey[k]
		if !ok {
			g = &Reported{Metric: f.Metric, Population: f.Population, ActingState: f.ActingState,
				ReceivingState: f.ReceivingState, Period: f.Period, Kind: f.Kind, Unit: f.Unit, ShareOf: f.ShareOf}
			byKey[k] = g
			order = append(order, k)
		}
		g.Figures = append(g.Figures, f)
	}
	sort.Strings(order)
	out := make([]Reported, 0, len(order))
	for _, k := range order {
		g := byKey[k]
		sort.SliceStable(g.Figures, func(i, j int) bool {
			a, b := g.Figures[i], g.Figures[j]
			if a.Source != b.Source {
				return a.Source < b.Source
			}
			return a.Key < b.Key
		})
		_, g.Agree = combine(g.Figures, readerFor(g.Figures))
		truth := IntervalOf
		if g.Figures[0].Percent() {
			truth = percentOf
		}
		if g.Agree {
			g.Interval = intersectAll(g.Figures, truth)
		} else {
			g.Interval = hullAll(g.Figures, truth)
		}
		out = append(out, *g)
	}
	return out
}

// SameQuantity reports whether a and b are one reported quantity, as
// Group merges them: corroborating reports (or, from one source, a
// duplicate).
func SameQuantity(a, b models.Figure) bool { return groupKey(a) == groupKey(b) }

// groupKey says which figures are one quantity. Whether a figure is a
// subgroup is part of it, so that a subgroup entered with its parent's
// population is never merged with (and compared to) its parent; so are the
// unit and, for a share, the figure it is a share of: "60 % of the 92"
// and "60 % of the 41" are different quantities.
func groupKey(f models.Figure) string {
	p := f.Period
	sub := ""
	if f.SubgroupOf != "" {
		sub = "subgroup"
	}
	return strings.Join([]string{f.Metric, f.Population, f.ActingState, f.ReceivingState, f.Unit, string(f.Kind),
		p.Start.String(), p.End.String(), string(p.Precision), string(p.PrecisionOfEnd()), sub, f.ShareOf}, "\x00")
}

// reader turns a figure's quantity into an interval: IntervalOf or countOf.
type reader func(models.Quantity) Interval

// readerFor picks how a check reads documented counts: as counts when every
// figure in it is a documented count (they count the same kind of thing,
// the cases someone documented), as lower bounds on the truth otherwise.
// Percentages (the figures of a check share one unit) read as percentOf.
func readerFor(figs ...[]models.Figure) reader {
	for _, fs := range figs {
		if len(fs) > 0 && fs[0].Percent() {
			return percentOf
		}
	}
	for _, fs := range figs {
		for _, f := range fs {
			if f.Qualifier != models.QualDocumented {
				return IntervalOf
			}
		}
	}
	return countOf
}

// combine intersects the figures' intervals; when nothing fits them all it
// returns their hull and false.
func combine(figs []models.Figure, read reader) (Interval, bool) {
	if len(figs) == 0 {
		return Interval{}, false
	}
	if in := intersectAll(figs, read); !in.Empty() {
		return in, true
	}
	return hullAll(figs, read), false
}

func intersectAll(figs []models.Figure, read reader) Interval {
	in := AtLeast(0)
	for _, f := range figs {
		in = in.Intersect(read(f.Quantity()))
	}
	return in
}

func hullAll(figs []models.Figure, read reader) Interval {
	h := Interval{Low: 1, High: 0} // empty: the hull of nothing
	for _, f := range figs {
		h = h.Hull(read(f.Quantity()))
	}
	return h
}
