package checks

import (
	"strings"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// The checks word each result once, as a function of the language (W),
// from messages of the catalogue (internal/i18n/catalog/checks.<lang>.yaml,
// which a translator edits) and the language variants of the single
// functions that write amounts, periods and dates (models: TextIn,
// LabelIn, PrecisionTextIn, …). A Result keeps its English text in
// Title, Explanation and Notes, as it always has, and its Korean text in
// Korean; Result.In picks one. The stored results keep both, so a page
// or an answer in either language reads them without computing anything.

// W is a text of a result in any language of the site.
type W func(l models.Lang) string

// Text is a result's title, explanation and notes in one language.
type Text struct {
	Title       string   `json:"title"`
	Explanation string   `json:"explanation"`
	Notes       []string `json:"notes,omitempty"`
}

func (r *Result) ko() *Text {
	if r.Korean == nil {
		r.Korean = &Text{}
	}
	return r.Korean
}

// setTitle words the result's title.
func (r *Result) setTitle(w W) { r.Title, r.ko().Title = w(models.English), w(models.Korean) }

// explain words the result's explanation.
func (r *Result) explain(w W) {
	r.Explanation, r.ko().Explanation = w(models.English), w(models.Korean)
}

// note adds a note to the result.
func (r *Result) note(w W) {
	k := r.ko()
	r.Notes = append(r.Notes, w(models.English))
	k.Notes = append(k.Notes, w(models.Korean))
}

// In returns the result worded in language l: its Korean text for
// Korean, its English text otherwise (and for a result that has no
// Korean text). The result returned has no Korean field, so that it
// reads, and encodes, as one language.
func (r Result) In(l models.Lang) Result {
	k := r.Korean
	r.Korean = nil
	if l == models.Korean && k != nil {
		r.Title, r.Explanation, r.Notes = k.Title, k.Explanation, k.Notes
	}
	return r
}

// In returns the results worded in language l (see Result.In).
func In(l models.Lang, rs []Result) []Result {
	out := make([]Result, len(rs))
	for i, r := range rs {
		out[i] = r.In(l)
	}
	return out
}

// listIn writes "a, b and c" in language l.
func listIn(l models.Lang, xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return i18n.T(l, "result.list", "Rest", strings.Join(xs[:len(xs)-1], ", "), "Last", xs[len(xs)-1])
}

// joinAnd writes "a and b and c" in language l.
func joinAnd(l models.Lang, xs []string) string {
	out := ""
	for i, x := range xs {
		if i == 0 {
			out = x
			continue
		}
		out = i18n.T(l, "result.list", "Rest", out, "Last", x)
	}
	return out
}

// countIn writes a number of things in language l: "one figure", "3
// figures".
func countIn(l models.Lang, n int, what string) string {
	switch what {
	case "figure":
		return i18n.T(l, "result.count.figures", "Count", n)
	case "day":
		return i18n.T(l, "result.count.days", "Count", n)
	}
	return i18n.T(l, "result.count.months", "Count", n)
}

// RelationIn writes r in language l as Relation.String does in English:
// the possible relations joined by "or" ("또는"), or "cannot tell".
func RelationIn(l models.Lang, r Relation) string {
	var names []string
	for _, n := range relationNames {
		if !r.Has(n.r) {
			continue
		}
		switch n.r {
		case Equal:
			names = append(names, i18n.T(l, "result.relation.equal"))
		case Contains:
			names = append(names, i18n.T(l, "result.relation.contains"))
		case Within:
			names = append(names, i18n.T(l, "result.relation.within"))
		case Overlapping:
			names = append(names, i18n.T(l, "result.relation.overlapping"))
		case Adjacent:
			names = append(names, i18n.T(l, "result.relation.adjacent"))
		case Disjoint:
			names = append(names, i18n.T(l, "result.relation.disjoint"))
		}
	}
	if len(names) == 0 {
		return i18n.T(l, "result.relation.cannot_tell")
	}
	return strings.Join(names, i18n.T(l, "result.relation.or"))
}

// PrecisionName names a precision in language l: "month", "월".
func PrecisionName(l models.Lang, p models.Precision) string { return precisionName(l, p) }

// precisionName names a precision in language l: "month", "월".
func precisionName(l models.Lang, p models.Precision) string {
	switch p {
	case models.PrecisionDay:
		return i18n.T(l, "result.precision.day")
	case models.PrecisionYear:
		return i18n.T(l, "result.precision.year")
	}
	return i18n.T(l, "result.precision.month")
}

// statusName names the status of a figure that counts for nothing in
// language l, as its badge does: "retracted", "철회됨"; "draft", "초안";
// "published" for one that gives no number.
func statusName(l models.Lang, st models.Status) string {
	switch st {
	case models.StatusDraft:
		return i18n.T(l, "badge.draft")
	case models.StatusRetracted:
		return i18n.T(l, "badge.retracted")
	case models.StatusPublished: // without a number
		return i18n.T(l, "result.published")
	}
	return string(st)
}

// StatusName names a figure's status in language l as its badge does
// (statusName): pages name a status so everywhere, as written in English.
func StatusName(l models.Lang, st models.Status) string { return statusName(l, st) }
