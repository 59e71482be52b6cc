package checks

import (
	"strconv"
	"strings"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// derived recomputes every derived figure from its inputs' current values.
// Because the inputs are read as they are now, a derived figure whose input
// was corrected after it was saved shows up as a mismatch until an editor
// re-derives it; an input changed more recently than the derived figure is
// noted even when the value still matches. An input that was retracted
// makes a mismatch (the figure rests on something that no longer counts);
// an input that is missing or still a draft makes the check unable to tell.
func derived(ms Metrics, countable []models.Figure, all map[string]models.Figure) []Result {
	var out []Result
	for _, d := range countable {
		if d.Derived {
			out = append(out, derivedResult(ms, d, all))
		}
	}
	return out
}

func derivedResult(ms Metrics, d models.Figure, all map[string]models.Figure) Result {
	res := Result{Kind: KindDerived, Figures: []string{d.Key}}
	res.setTitle(func(l models.Lang) string {
		return i18n.T(l, "result.derived.title", "Value", plainIn(l, d), "Metric", ms.Name(l, d.Metric), "Population", d.Population,
			"Period", periodIn(l, d.Period, d.Kind))
	})
	expr, err := models.ParseFormula(d.Formula)
	if err != nil {
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.derived.unreadable", "Formula", strconv.Quote(d.Formula), "Error", i18n.Problem(l, err.Error()).Text)
		})
		return res
	}
	values := map[string]int64{}
	var missing, drafts, retracted []string
	var vague, units []models.Figure
	for _, k := range expr.Refs() {
		f, ok := all[k]
		if !ok {
			missing = append(missing, k)
			continue
		}
		res.Figures = append(res.Figures, k)
		res.note(func(l models.Lang) string {
			return i18n.T(l, "result.derived.input", "Ref", "{"+k+"}", "Value", plainIn(l, f), "Metric", ms.Name(l, f.Metric), "Population", f.Population,
				"Period", periodIn(l, f.Period, f.Kind), "By", f.ReportedBy)
		})
		switch {
		case f.Status == models.StatusRetracted:
			retracted = append(retracted, k)
		case !f.Published():
			drafts = append(drafts, k)
		case f.Unit != d.Unit:
			units = append(units, f)
		case !f.Qualifier.HasNumber() || f.Qualifier == models.QualRange || f.Qualifier == models.QualAbout:
			vague = append(vague, f)
		default:
			values[k] = f.Value
		}
		if !f.UpdatedAt.IsZero() && !d.UpdatedAt.IsZero() && f.UpdatedAt.After(d.UpdatedAt) {
			res.note(func(l models.Lang) string {
				return i18n.T(l, "result.derived.changed", "Ref", "{"+k+"}", "Changed", dayText(l, models.DateOf(f.UpdatedAt.UTC())),
					"Saved", dayText(l, models.DateOf(d.UpdatedAt.UTC())))
			})
		}
		if f.Qualifier != models.QualExact && f.Countable() {
			res.note(func(l models.Lang) string {
				return i18n.T(l, "result.derived.inexact", "Ref", "{"+k+"}", "Qualifier", f.Qualifier.DescribeIn(l))
			})
		}
	}
	shown := expr.Explain(values)
	switch {
	case len(retracted) > 0:
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.derived.retracted", "Formula", shown, "Inputs", strings.Join(retracted, ", "))
		})
		return res
	case len(missing) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.derived.missing", "Formula", shown, "Inputs", strings.Join(missing, ", "))
		})
		return res
	case len(drafts) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.derived.draft", "Formula", shown, "Inputs", strings.Join(drafts, ", "))
		})
		return res
	case len(units) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			in := make([]string, len(units))
			for i, f := range units {
				in[i] = i18n.T(l, "result.derived.input_unit", "Key", f.Key, "Unit", f.Unit)
			}
			return i18n.T(l, "result.derived.units", "Formula", shown, "Unit", d.Unit, "Inputs", strings.Join(in, ", "))
		})
		return res
	case len(vague) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			in := make([]string, len(vague))
			for i, f := range vague {
				in[i] = f.Key + " (" + plainIn(l, f) + ")"
			}
			return i18n.T(l, "result.derived.vague", "Formula", shown, "Inputs", strings.Join(in, ", "))
		})
		return res
	}
	got, err := expr.Eval(values)
	if err != nil {
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.derived.eval", "Error", i18n.Problem(l, err.Error()).Text)
		})
		return res
	}
	if d.Qualifier != models.QualRange && got == d.Value {
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.derived.ok", "Formula", shown, "Result", models.FormatIntIn(l, got))
		})
		return res
	}
	res.Status = Mismatch
	res.explain(func(l models.Lang) string {
		return i18n.T(l, "result.derived.mismatch", "Formula", shown, "Result", models.FormatIntIn(l, got), "Stored", plainIn(l, d))
	})
	return res
}
