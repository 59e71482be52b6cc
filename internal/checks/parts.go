package checks

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"forcedreturns/models"
)

// partsWhole finds every total (a flow or a cumulative figure) with flows
// over sub-periods of it, for the same metric, population and states, and
// checks that the parts fit the total.
//
// Shares are neither totals nor parts: percentages are never added.
//
// How parts are chosen: a part is a flow, not a subgroup, whose stated
// period lies within the total's and is not the total's own days (those are
// the same quantity; see agreement). When parts nest (a year and a month in
// it), only the outermost are added — the inner ones are checked against
// the year, which is a total of its own — so nothing is counted twice.
func partsWhole(groups []Reported) []Result {
	var out []Result
	for _, same := range bucket(groups, subjectOf) {
		// The flows that may be parts, by start, so that a total looks
		// only at those starting within it, not at every group.
		var flows []int
		for pi := range same {
			p := &same[pi]
			if p.Kind == models.Flow && !p.Subgroup() && !p.Share() && validPeriod(p.Period) {
				flows = append(flows, pi)
			}
		}
		sort.SliceStable(flows, func(i, j int) bool { return same[flows[i]].Period.Start.Before(same[flows[j]].Period.Start) })
		for wi := range same {
			w := &same[wi]
			if w.Subgroup() || w.Share() || (w.Kind != models.Flow && w.Kind != models.Cumulative) || !validPeriod(w.Period) {
				continue
			}
			first := sort.Search(len(flows), func(i int) bool { return !same[flows[i]].Period.Start.Before(w.Period.Start) })
			var at []int
			for _, pi := range flows[first:] {
				p := &same[pi]
				if w.Period.End.Before(p.Period.Start) {
					break
				}
				if pi != wi && statedInside(p.Period, w.Period) && !sameDays(p.Period, w.Period) {
					at = append(at, pi)
				}
			}
			// In the groups' order, as the parts are listed.
			slices.Sort(at)
			cands := make([]Reported, len(at))
			for i, pi := range at {
				cands[i] = same[pi]
			}
			if parts := outermost(cands); len(parts) > 0 {
				out = append(out, partsResult(*w, parts))
			}
		}
	}
	return out
}

// bucket splits groups by a key, keeping their order within each bucket and
// ordering buckets by first appearance, so the checks compare only groups
// that can be related (and stay fast on a large tracker).
func bucket[K comparable](groups []Reported, key func(Reported) K) [][]Reported {
	at := map[K]int{}
	var out [][]Reported
	for _, g := range groups {
		k := key(g)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], g)
	}
	return out
}

// statedInside reports whether a's stated days lie within b's.
func statedInside(a, b models.Period) bool {
	return validPeriod(a) && validPeriod(b) && !a.Start.Before(b.Start) && !b.End.Before(a.End)
}

func sameDays(a, b models.Period) bool { return a.Start == b.Start && a.End == b.End }

// outermost drops every candidate whose stated days lie strictly within
// another's.
func outermost(cands []Reported) []Reported {
	var out []Reported
	for i, c := range cands {
		inner := false
		for j, d := range cands {
			if i != j && statedInside(c.Period, d.Period) && !sameDays(c.Period, d.Period) {
				inner = true
				break
			}
		}
		if !inner {
			out = append(out, c)
		}
	}
	return out
}

func partsResult(w Reported, parts []Reported) Result {
	var figs [][]models.Figure
	figs = append(figs, w.Figures)
	periods := make([]models.Period, len(parts))
	for i, p := range parts {
		figs = append(figs, p.Figures)
		periods[i] = p.Period
	}
	read := readerFor(figs...)
	cov := Cover(w.Period, periods)
	// Cover sorts the periods; list the parts in the same order.
	parts = sortedLike(parts, cov.Parts)

	res := Result{Kind: KindPartsWhole, Title: "Parts and whole: " + subjectText(w) + ", " + w.Period.Label(),
		Figures: keysOf(append([]Reported{w}, parts...)...)}
	whole, ok := combine(w.Figures, read)
	if !ok {
		res.Notes = append(res.Notes, "The sources differ on the total: "+joinSaid(w)+".")
	}
	terms := make([]string, len(parts))
	var ins []Interval
	asRead := make([]Reported, len(parts))
	for i, p := range parts {
		in, ok := combine(p.Figures, read)
		if !ok {
			res.Notes = append(res.Notes, "The sources differ on the part "+p.Period.Label()+": "+joinSaid(p)+".")
		}
		ins = append(ins, in)
		terms[i] = repText(p)
		p.Interval = in // as this check reads it: documented counts as counts when all are
		asRead[i] = p
	}
	// Total, the one rule for adding flows, decides whether the parts may
	// be compared with the whole: it refuses parts that share or may share
	// days, whose days Cover names (Overlaps, Doubts) for the explanation.
	// The arithmetic is shown either way.
	sum, addErr := Total(asRead)
	expr := sumText(terms, Sum(ins...))
	total := "the total of " + w.Text() + " (" + w.Period.Label() + ")"
	res.Notes = append(res.Notes, coverageNotes(w, cov)...)
	uncovered := cov.Uncovered()

	switch {
	case len(cov.Overlaps) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("The parts %s overlap, so they are not added up against %s.", joinTerms(terms), total)
	case addErr != nil || len(cov.Doubts) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s, against %s; the periods' precision leaves open whether the parts lie within the total and apart from each other.", expr, total)
	case sum.Low > whole.High:
		res.Status = Mismatch
		res.Explanation = fmt.Sprintf("%s, more than %s: the parts exceed it by at least %s.", expr, total, gapText(sum, whole))
	case sum.High < whole.Low && len(uncovered) > 0:
		res.Status = OK
		res.Explanation = fmt.Sprintf("%s, less than %s; the other %s would have to fall in %s, which no part covers.",
			expr, total, gapText(whole, sum), spansText(uncovered))
	case sum.High < whole.Low && len(cov.GapDoubts) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s, less than %s; the periods' precision leaves open whether the parts cover all of it.", expr, total)
	case sum.High < whole.Low:
		res.Status = Mismatch
		res.Explanation = fmt.Sprintf("%s, less than %s, though the parts cover its whole period: at least %s are missing from the parts.",
			expr, total, gapText(whole, sum))
	default:
		res.Status = OK
		verb := "consistent with"
		if sum.IsPoint() && whole.IsPoint() && sum.Low == whole.Low {
			verb = "equal to"
		}
		res.Explanation = fmt.Sprintf("%s, %s %s.", expr, verb, total)
		if verb == "equal to" && len(uncovered) > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("The parts already add up to the total: either none were counted in %s, which no part covers, or the total's period is stated more widely than what it counts.",
				spansText(uncovered)))
		}
	}
	return res
}

// coverageNotes states, in words, every way the parts' periods differ from
// the total's: the boundary differences, gaps, overlaps and doubts.
func coverageNotes(w Reported, c Coverage) []string {
	var notes []string
	if b := c.Before; b != (Span{}) {
		start := "starts " + whenText(w.Period.StartDate())
		if w.Kind == models.Cumulative {
			start = "is said to run since " + w.Period.StartDate().Short()
		}
		first := c.Parts[0]
		notes = append(notes, fmt.Sprintf("The total %s, but its parts start %s: %s not covered by the parts.",
			start, whenText(first.StartDate()), lengthIs(b)))
	}
	if a := c.After; a != (Span{}) {
		last := c.Parts[0]
		for _, p := range c.Parts {
			if last.End.Before(p.End) {
				last = p
			}
		}
		notes = append(notes, fmt.Sprintf("The total runs to %s, but its parts end %s: %s not covered by the parts.",
			w.Period.EndDate().Short(), whenText(last.EndDate()), lengthIs(a)))
	}
	for _, g := range c.Gaps {
		notes = append(notes, fmt.Sprintf("No part covers %s (%s), between the parts.", g.Label(), g.Length()))
	}
	for _, o := range c.Overlaps {
		notes = append(notes, fmt.Sprintf("More than one part covers %s: adding them would count those people twice.", o.Label()))
	}
	for _, d := range append(append([]string(nil), c.Doubts...), c.GapDoubts...) {
		notes = append(notes, capitalize(d)+".")
	}
	return notes
}

// lengthIs writes "one month (Jun 2016) is" or "2 months (Jun 2016 – Jul
// 2016) are".
func lengthIs(s Span) string {
	verb := "are"
	if strings.HasPrefix(s.Length(), "one ") {
		verb = "is"
	}
	return s.Length() + " (" + s.Label() + ") " + verb
}

func spansText(spans []Span) string {
	out := ""
	for i, s := range spans {
		switch {
		case i == 0:
		case i == len(spans)-1:
			out += " and "
		default:
			out += ", "
		}
		out += s.Label()
	}
	return out
}

// joinTerms writes "a, b and c".
func joinTerms(terms []string) string {
	if len(terms) < 2 {
		return strings.Join(terms, "")
	}
	return strings.Join(terms[:len(terms)-1], ", ") + " and " + terms[len(terms)-1]
}

func joinSaid(r Reported) string { return strings.Join(r.WhoSaidWhat(), "; ") }

// sortedLike orders parts like periods (Cover's sorted order).
func sortedLike(parts []Reported, periods []models.Period) []Reported {
	out := make([]Reported, 0, len(parts))
	used := make([]bool, len(parts))
	for _, p := range periods {
		for i, r := range parts {
			if !used[i] && r.Period == p {
				used[i] = true
				out = append(out, r)
				break
			}
		}
	}
	for i, r := range parts {
		if !used[i] {
			out = append(out, r)
		}
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
