package checks

import (
	"slices"
	"sort"

	"forcedreturns/internal/i18n"
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
func partsWhole(ms Metrics, groups []Reported) []Result {
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
				out = append(out, partsResult(ms, *w, parts))
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

func partsResult(ms Metrics, w Reported, parts []Reported) Result {
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

	res := Result{Kind: KindPartsWhole, Figures: keysOf(append([]Reported{w}, parts...)...)}
	res.setTitle(func(l models.Lang) string {
		return i18n.T(l, "result.parts.title", "Subject", subjectIn(l, ms, w), "Period", periodIn(l, w.Period, w.Kind))
	})
	whole, ok := combine(w.Figures, read)
	if !ok {
		res.note(func(l models.Lang) string { return i18n.T(l, "result.differ.total", "Said", joinSaid(l, w)) })
	}
	var ins []Interval
	asRead := make([]Reported, len(parts))
	for i, p := range parts {
		in, ok := combine(p.Figures, read)
		if !ok {
			res.note(func(l models.Lang) string {
				return i18n.T(l, "result.differ.part", "Period", periodIn(l, p.Period, p.Kind), "Said", joinSaid(l, p))
			})
		}
		ins = append(ins, in)
		p.Interval = in // as this check reads it: documented counts as counts when all are
		asRead[i] = p
	}
	terms := func(l models.Lang) []string {
		out := make([]string, len(parts))
		for i, p := range parts {
			out[i] = repTextIn(l, p)
		}
		return out
	}
	// Total, the one rule for adding flows, decides whether the parts may
	// be compared with the whole: it refuses parts that share or may share
	// days, whose days Cover names (Overlaps, Doubts) for the explanation.
	// The arithmetic is shown either way.
	sum, addErr := Total(asRead)
	total := Sum(ins...)
	expr := func(l models.Lang) string { return sumText(terms(l), total) }
	totalText := func(l models.Lang) string {
		return i18n.T(l, "result.parts.total", "Value", w.TextIn(l), "Period", periodIn(l, w.Period, w.Kind))
	}
	for _, n := range coverageNotes(w, cov) {
		res.note(n)
	}
	uncovered := cov.Uncovered()
	spans := func(l models.Lang) string { return spansText(l, uncovered) }

	switch {
	case len(cov.Overlaps) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.parts.overlap", "Parts", listIn(l, terms(l)), "Total", totalText(l))
		})
	case addErr != nil || len(cov.Doubts) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.parts.precision", "Sum", expr(l), "Total", totalText(l))
		})
	case sum.Low > whole.High:
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.parts.more", "Sum", expr(l), "Total", totalText(l), "Gap", gapText(sum, whole))
		})
	case sum.High < whole.Low && len(uncovered) > 0:
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.parts.less_uncovered", "Sum", expr(l), "Total", totalText(l), "Gap", gapText(whole, sum), "Spans", spans(l))
		})
	case sum.High < whole.Low && len(cov.GapDoubts) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.parts.less_doubt", "Sum", expr(l), "Total", totalText(l))
		})
	case sum.High < whole.Low:
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.parts.less_missing", "Sum", expr(l), "Total", totalText(l), "Gap", gapText(whole, sum))
		})
	case sum.IsPoint() && whole.IsPoint() && sum.Low == whole.Low:
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.parts.equal", "Sum", expr(l), "Total", totalText(l))
		})
		if len(uncovered) > 0 {
			res.note(func(l models.Lang) string { return i18n.T(l, "result.parts.already", "Spans", spans(l)) })
		}
	default:
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.parts.consistent", "Sum", expr(l), "Total", totalText(l))
		})
	}
	return res
}

// coverageNotes states, in words, every way the parts' periods differ from
// the total's: the boundary differences, gaps, overlaps and doubts.
func coverageNotes(w Reported, c Coverage) []W {
	var notes []W
	if b := c.Before; b != (Span{}) {
		first := c.Parts[0]
		notes = append(notes, func(l models.Lang) string {
			n, length, span := spanCount(b), b.LengthIn(l), b.LabelIn(l)
			if w.Kind == models.Cumulative {
				return i18n.T(l, "result.parts.before_since", "Since", w.Period.StartDate().ShortIn(l), "PartsWhen", whenText(l, first.StartDate()),
					"Count", n, "Length", length, "Span", span)
			}
			return i18n.T(l, "result.parts.before", "When", whenText(l, w.Period.StartDate()), "PartsWhen", whenText(l, first.StartDate()),
				"Count", n, "Length", length, "Span", span)
		})
	}
	if a := c.After; a != (Span{}) {
		last := c.Parts[0]
		for _, p := range c.Parts {
			if last.End.Before(p.End) {
				last = p
			}
		}
		notes = append(notes, func(l models.Lang) string {
			return i18n.T(l, "result.parts.after", "End", w.Period.EndDate().ShortIn(l), "PartsWhen", whenText(l, last.EndDate()),
				"Count", spanCount(a), "Length", a.LengthIn(l), "Span", a.LabelIn(l))
		})
	}
	for _, g := range c.Gaps {
		notes = append(notes, func(l models.Lang) string {
			return i18n.T(l, "result.parts.gap", "Span", g.LabelIn(l), "Length", g.LengthIn(l))
		})
	}
	for _, o := range c.Overlaps {
		notes = append(notes, func(l models.Lang) string { return i18n.T(l, "result.parts.overlap_note", "Span", o.LabelIn(l)) })
	}
	doubts := map[models.Lang][]string{}
	for _, l := range models.Langs {
		d, g := c.doubtsIn(l, w.Period)
		doubts[l] = append(d, g...)
	}
	for i := range doubts[models.English] {
		notes = append(notes, func(l models.Lang) string { return capitalize(doubts[l][i]) + "." })
	}
	return notes
}

// spanCount is the number Span.Length counts: days or months.
func spanCount(s Span) int {
	n, _ := s.count()
	return n
}

func spansText(l models.Lang, spans []Span) string {
	labels := make([]string, len(spans))
	for i, s := range spans {
		labels[i] = s.LabelIn(l)
	}
	return listIn(l, labels)
}

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
