package checks

import (
	"strings"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// shares checks every share ("more than 60 % were women") against the
// figure it is a percentage of: that figure is in the tracker and counts,
// and the share fits it (models.Figure.CheckShareBase, the rule the store
// applies on every write: a count, not a percentage, of the same metric
// and kind, over the share's period or a longer one). The percentage is
// never turned into a number of people, nor added to anything: it is
// checked only against the figure it names.
func shares(ms Metrics, countable []models.Figure, all map[string]models.Figure) []Result {
	var out []Result
	for _, f := range countable {
		if f.Share() {
			out = append(out, shareResult(ms, f, all))
		}
	}
	return out
}

func shareResult(ms Metrics, s models.Figure, all map[string]models.Figure) Result {
	res := Result{Kind: KindShares, Figures: []string{s.Key}}
	base, ok := all[s.ShareOf]
	switch {
	case !ok:
		res.setTitle(func(l models.Lang) string {
			return i18n.T(l, "result.shares.title_key", "Base", s.ShareOf, "Population", s.Population)
		})
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.shares.missing", "Value", s.ValueLabelIn(l), "Population", s.Population, "Base", s.ShareOf)
		})
		return res
	case !base.Countable():
		res.Figures = append(res.Figures, base.Key)
		res.setTitle(func(l models.Lang) string {
			return i18n.T(l, "result.shares.title_key", "Base", s.ShareOf, "Population", s.Population)
		})
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.shares.not_countable", "Value", s.ValueLabelIn(l), "Population", s.Population, "Base", base.Key,
				"Status", statusName(l, base.Status))
		})
		if base.RetractReason != "" {
			res.note(func(l models.Lang) string { return i18n.T(l, "result.retracted_because", "Reason", base.RetractReason) })
		}
		return res
	}
	res.Figures = append(res.Figures, base.Key)
	whole := func(l models.Lang) string {
		return i18n.T(l, "result.whole", "Value", plainIn(l, base), "Metric", ms.Name(l, base.Metric), "Population", base.Population,
			"Period", periodIn(l, base.Period, base.Kind))
	}
	res.setTitle(func(l models.Lang) string {
		return i18n.T(l, "result.shares.title", "Value", plainIn(l, base), "Metric", ms.Name(l, base.Metric), "Population", base.Population,
			"Period", periodIn(l, base.Period, base.Kind), "Share", s.Population)
	})
	said := func(l models.Lang) string {
		return i18n.T(l, "result.shares.said", "Value", s.ValueLabelIn(l), "Whole", whole(l), "Population", s.Population,
			"Period", periodIn(l, s.Period, s.Kind))
	}
	if probs := models.FieldErrors(s.CheckShareBase(base)); len(probs) > 0 {
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			msgs := make([]string, len(probs))
			for i, p := range probs {
				msgs[i] = p.Field + " " + i18n.Problem(l, p.Message).Text // as a form says it in l
			}
			return i18n.T(l, "result.shares.misfit", "Said", said(l), "Problems", strings.Join(msgs, "; "))
		})
		return res
	}
	if r := Relate(s.Period, base.Period); !r.Only(Inside) {
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.shares.precision", "Said", said(l), "Period", periodIn(l, s.Period, s.Kind),
				"BasePeriod", periodIn(l, base.Period, base.Kind))
		})
		return res
	}
	res.Status = OK
	res.explain(func(l models.Lang) string { return i18n.T(l, "result.shares.ok", "Said", said(l)) })
	return res
}
