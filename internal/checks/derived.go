package checks

import (
	"fmt"
	"strings"

	"forcedreturns/models"
)

// derived recomputes every derived figure from its inputs' current values.
// Because the inputs are read as they are now, a derived figure whose input
// was corrected after it was saved shows up as a mismatch until an editor
// re-derives it; an input changed more recently than the derived figure is
// noted even when the value still matches. An input that was retracted
// makes a mismatch (the figure rests on something that no longer counts);
// an input that is missing or still a draft makes the check unable to tell.
func derived(countable []models.Figure, all map[string]models.Figure) []Result {
	var out []Result
	for _, d := range countable {
		if d.Derived {
			out = append(out, derivedResult(d, all))
		}
	}
	return out
}

func derivedResult(d models.Figure, all map[string]models.Figure) Result {
	res := Result{Kind: KindDerived, Figures: []string{d.Key},
		Title: fmt.Sprintf("Derived: %s %s (%s, %s)", plain(d), metricText(d.Metric), d.Population, d.Period.Label())}
	expr, err := models.ParseFormula(d.Formula)
	if err != nil {
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("The formula %q cannot be read: %v.", d.Formula, err)
		return res
	}
	values := map[string]int64{}
	var missing, drafts, retracted, vague, units []string
	for _, k := range expr.Refs() {
		f, ok := all[k]
		if !ok {
			missing = append(missing, k)
			continue
		}
		res.Figures = append(res.Figures, k)
		res.Notes = append(res.Notes, fmt.Sprintf("{%s} is %s %s (%s, %s), reported by %s.",
			k, plain(f), metricText(f.Metric), f.Population, f.Period.Label(), f.ReportedBy))
		switch {
		case f.Status == models.StatusRetracted:
			retracted = append(retracted, k)
		case !f.Published():
			drafts = append(drafts, k)
		case f.Unit != d.Unit:
			units = append(units, k+" (in "+f.Unit+")")
		case !f.Qualifier.HasNumber() || f.Qualifier == models.QualRange || f.Qualifier == models.QualAbout:
			vague = append(vague, k+" ("+plain(f)+")")
		default:
			values[k] = f.Value
		}
		if !f.UpdatedAt.IsZero() && !d.UpdatedAt.IsZero() && f.UpdatedAt.After(d.UpdatedAt) {
			res.Notes = append(res.Notes, fmt.Sprintf("{%s} changed on %s, after this figure was last saved on %s: check that it is still derived from the right values.",
				k, f.UpdatedAt.UTC().Format("2 Jan 2006"), d.UpdatedAt.UTC().Format("2 Jan 2006")))
		}
		if f.Qualifier != models.QualExact && f.Countable() {
			res.Notes = append(res.Notes, fmt.Sprintf("{%s} is not exact (%s): the result carries its uncertainty.", k, f.Qualifier.Describe()))
		}
	}
	shown := expr.Explain(values)
	switch {
	case len(retracted) > 0:
		res.Status = Mismatch
		res.Explanation = fmt.Sprintf("%s: the input %s was retracted, so this figure rests on a figure that counts for nothing; retract or re-derive it.",
			shown, strings.Join(retracted, ", "))
		return res
	case len(missing) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s: the input %s is not in the tracker.", shown, strings.Join(missing, ", "))
		return res
	case len(drafts) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s: the input %s is not published yet.", shown, strings.Join(drafts, ", "))
		return res
	case len(units) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s: this figure is in %s, the input %s not: figures of different units are never added or subtracted.", shown, d.Unit, strings.Join(units, ", "))
		return res
	case len(vague) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s: a formula over single numbers cannot use %s.", shown, strings.Join(vague, ", "))
		return res
	}
	got, err := expr.Eval(values)
	if err != nil {
		res.Status = Unknown
		res.Explanation = err.Error()
		return res
	}
	stored := plain(d)
	if d.Qualifier != models.QualRange && got == d.Value {
		res.Status = OK
		res.Explanation = fmt.Sprintf("%s = %s, as stored.", shown, models.FormatInt(got))
		return res
	}
	res.Status = Mismatch
	res.Explanation = fmt.Sprintf("%s = %s, but the figure says %s: an input changed after it was derived, or the value is mistyped.",
		shown, models.FormatInt(got), stored)
	return res
}
