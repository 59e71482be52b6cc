package checks

import (
	"fmt"
	"strings"

	"forcedreturns/models"
)

// shares checks every share ("more than 60 % were women") against the
// figure it is a percentage of: that figure is in the tracker and counts,
// and the share fits it (models.Figure.CheckShareBase, the rule the store
// applies on every write: a count, not a percentage, of the same metric
// and kind, over the share's period or a longer one). The percentage is
// never turned into a number of people, nor added to anything: it is
// checked only against the figure it names.
func shares(countable []models.Figure, all map[string]models.Figure) []Result {
	var out []Result
	for _, f := range countable {
		if f.Share() {
			out = append(out, shareResult(f, all))
		}
	}
	return out
}

func shareResult(s models.Figure, all map[string]models.Figure) Result {
	res := Result{Kind: KindShares, Figures: []string{s.Key}}
	base, ok := all[s.ShareOf]
	switch {
	case !ok:
		res.Title = "Share of " + s.ShareOf + ": " + s.Population
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s %s, but the figure it is a share of (%s) is not in the tracker.", s.ValueLabel(), s.Population, s.ShareOf)
		return res
	case !base.Countable():
		res.Figures = append(res.Figures, base.Key)
		res.Title = "Share of " + s.ShareOf + ": " + s.Population
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s %s, but the figure it is a share of (%s) is %s and counts for nothing.", s.ValueLabel(), s.Population, base.Key, base.Status)
		if base.RetractReason != "" {
			res.Notes = append(res.Notes, "Retracted because: "+base.RetractReason)
		}
		return res
	}
	res.Figures = append(res.Figures, base.Key)
	whole := fmt.Sprintf("the %s %s (%s, %s)", plain(base), metricText(base.Metric), base.Population, base.Period.Label())
	res.Title = fmt.Sprintf("Share of %s %s (%s, %s): %s", plain(base), metricText(base.Metric), base.Population, base.Period.Label(), s.Population)
	said := fmt.Sprintf("%s of %s are %s (%s)", s.ValueLabel(), whole, s.Population, s.Period.Label())
	if probs := models.FieldErrors(s.CheckShareBase(base)); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, p := range probs {
			msgs[i] = p.Field + " " + p.Message
		}
		res.Status = Mismatch
		res.Explanation = fmt.Sprintf("%s, but the share does not fit that figure: %s.", said, strings.Join(msgs, "; "))
		return res
	}
	if r := Relate(s.Period, base.Period); !r.Only(Inside) {
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s; the periods' precision leaves open whether %s lies within %s.", said, s.Period.Label(), base.Period.Label())
		return res
	}
	res.Status = OK
	res.Explanation = said + ": a percentage of that figure, never added to it or to anything else."
	return res
}
