package checks

import (
	"fmt"

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
func afterPublication(figs []models.Figure, sources map[string]models.Source) []Result {
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
		out = append(out, Result{Kind: KindAfterPublication, Status: Mismatch, Figures: []string{f.Key},
			Title: fmt.Sprintf("After publication: %s %s (%s, %s)", plain(f), metricText(f.Metric), f.Population, f.Period.Label()),
			Explanation: fmt.Sprintf("The period %s, after its source %s %s: a source cannot count days after it was published.",
				endText(end), src.Key, publishedText(pub)),
			Notes: []string{fmt.Sprintf("If the source counts up to the day it was published (\"since …\", \"so far\", \"still\"), enter the end as of its publication: %s, at %s precision, and keep the start as the source gives it.",
				src.PublishedText(), precisionOf(pub.Precision))},
		})
	}
	return out
}

// endText writes the end of a period and the last day it covers: "ends on
// 20 Sep 2017", "runs to the end of Sep 2017 (30 Sep 2017)".
func endText(d models.PartialDate) string {
	if precisionOf(d.Precision) == models.PrecisionDay {
		return "ends on " + d.Short()
	}
	return "runs to the end of " + d.Short() + " (" + d.End.Time().Format("2 Jan 2006") + ")"
}

// publishedText writes when a source was published, at its precision:
// "was published on 18 Sep 2017", "was published in Sep 2017 (by 30 Sep
// 2017)".
func publishedText(d models.PartialDate) string {
	if precisionOf(d.Precision) == models.PrecisionDay {
		return "was published on " + d.Short()
	}
	return "was published in " + d.Short() + " (by " + d.End.Time().Format("2 Jan 2006") + ")"
}
