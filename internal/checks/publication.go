package checks

import (
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// afterPublication flags every figure whose period ends after its source
// was published: a report cannot count days that had not happened when it
// was written. The usual cause is a reading, not the report: "since June
// 2016" in an article of 18 September 2017 counts up to that day, and
// entered as June 2016 to September 2017 (month precision) it would run
// to 30 September. The last day the period's end covers (30 September for
// an end known to the month) is compared with the last day the
// publication date covers at its own precision (30 September for a source
// dated only "September 2017"), so no precision makes a period look later
// than its source when it may not be. A figure whose source is not in
// sources is not checked; every published figure is, with or without a
// number, since a period is read whatever the number.
// A figure that fits gives no result: this is a check of one figure's
// reading, not a relation among figures worth listing when it holds.
func afterPublication(ms Metrics, figs []models.Figure, sources map[string]models.Source) []Result {
	var out []Result
	for _, f := range figs {
		src, ok := sources[f.Source]
		if !ok || src.PublishedOn.IsZero() || !validPeriod(f.Period) {
			continue
		}
		end, pub := f.Period.EndDate(), src.Published()
		if !pub.End.Before(end.End) {
			continue
		}
		res := Result{Kind: KindAfterPublication, Status: Mismatch, Figures: []string{f.Key}}
		res.setTitle(func(l models.Lang) string {
			return i18n.T(l, "result.publication.title", "Value", plainIn(l, f), "Metric", ms.Name(l, f.Metric), "Population", f.Population,
				"Period", periodIn(l, f.Period, f.Kind))
		})
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.publication.after", "End", endText(l, end), "Source", src.Key, "Published", publishedText(l, pub))
		})
		res.note(func(l models.Lang) string {
			return i18n.T(l, "result.publication.hint", "Published", src.PublishedText(), "Precision", precisionName(l, precisionOf(pub.Precision)))
		})
		out = append(out, res)
	}
	return out
}

// endText writes the end of a period and the last day it covers: "ends on
// 20 Sep 2017", "runs to the end of Sep 2017 (30 Sep 2017)".
func endText(l models.Lang, d models.PartialDate) string {
	if precisionOf(d.Precision) == models.PrecisionDay {
		return i18n.T(l, "result.publication.ends_on", "Date", d.ShortIn(l))
	}
	return i18n.T(l, "result.publication.runs_to", "Date", d.ShortIn(l), "Last", dayText(l, d.End))
}

// publishedText writes when a source was published, at its precision:
// "was published on 18 Sep 2017", "was published in Sep 2017 (by 30 Sep
// 2017)".
func publishedText(l models.Lang, d models.PartialDate) string {
	if precisionOf(d.Precision) == models.PrecisionDay {
		return i18n.T(l, "result.publication.published_on", "Date", d.ShortIn(l))
	}
	return i18n.T(l, "result.publication.published_in", "Date", d.ShortIn(l), "Last", dayText(l, d.End))
}
