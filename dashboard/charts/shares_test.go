package charts

import (
	"strings"
	"testing"

	"forcedreturns/models"
)

// withShares is the seed with two shares of its 92 apprehended (more than
// 60 % and, from the same wording in every other respect, a flow of one
// month inside it) and a count in households: none of them is people.
func withShares(t *testing.T) []models.FigureView {
	t.Helper()
	views := seedViews(t)
	var base models.FigureView
	for _, v := range views {
		if v.Figure.Key == "hrw-2017-apprehended-since-2016-06" {
			base = v
		}
	}
	if base.Figure.Key == "" {
		t.Fatal("the seed has no 92 apprehended")
	}
	share := base
	share.Figure.Key, share.Figure.ShareOf, share.Figure.Unit = "women-share", base.Figure.Key, models.UnitPercent
	share.Figure.Qualifier, share.Figure.Value, share.Figure.Population = models.QualMoreThan, 60, "women"
	// A share whose number, read as people, would be the largest bar.
	big := share
	big.Figure.Key, big.Figure.Qualifier, big.Figure.Value, big.Figure.Population = "all-share", models.QualExact, 100, "everyone"
	households := base
	households.Figure.Key, households.Figure.Unit, households.Figure.Value = "households", "households", 30
	households.Metric.Unit = "households"
	return append(views, share, big, households)
}

// A share is never drawn on an axis of people, in any chart: it is listed
// in the tables with its percent sign, and the cohort's groups chart names
// it in its words.
func TestSharesAreNotDrawnOnPeopleAxes(t *testing.T) {
	views := withShares(t)
	src := views[0].Source
	var ofSource []models.FigureView
	for _, v := range views {
		if v.Source.Key == src.Key {
			ofSource = append(ofSource, v)
		}
	}
	cohort := FindCohort(views)
	if len(cohort.Shares) != 2 {
		t.Fatalf("the cohort's shares: %d, want 2", len(cohort.Shares))
	}
	charts := append([]Chart{ApprehensionsIn(models.English, views, FindCohort(views)), OutcomesIn(models.English, cohort), GroupsIn(models.English, cohort), SourceFiguresIn(models.English, src, ofSource)}, drawnOverTime(views)...)
	for _, c := range charts {
		// A count in another unit has a chart over time of its own, with
		// its unit on the axis; never a mark on an axis of people.
		ownAxis := c.Options["yAxis"].([]any)[0].(map[string]any)["name"] == "households"
		for _, u := range urls(t, c) {
			if u == "/figures/women-share" || u == "/figures/all-share" || u == "/figures/households" && !ownAxis {
				t.Errorf("%s draws %s on an axis of people", c.Name, u)
			}
			if ownAxis && u != "/figures/households" {
				t.Errorf("%s draws %s on the axis of households", c.Name, u)
			}
		}
		if len(urls(t, c)) == 0 {
			t.Errorf("%s draws nothing: the test would prove nothing", c.Name)
		}
	}
	rowOf := func(c Chart, link string) []string {
		for _, r := range c.Table.Rows {
			if r.Link == link {
				return r.Cells
			}
		}
		return nil
	}
	for _, c := range []Chart{SourceFiguresIn(models.English, src, ofSource)} {
		row := strings.Join(rowOf(c, "/figures/women-share"), " | ")
		if !strings.Contains(row, "more than 60 % (a share of another figure, not drawn)") {
			t.Errorf("%s table row of the share: %q", c.Name, row)
		}
		if row := strings.Join(rowOf(c, "/figures/households"), " | "); !strings.Contains(row, "30 documented households (not people, not drawn)") {
			t.Errorf("%s table row of the count in households: %q", c.Name, row)
		}
		if !strings.Contains(c.Note, "never drawn") {
			t.Errorf("%s note does not say what is not drawn: %q", c.Name, c.Note)
		}
	}
	groups := GroupsIn(models.English, cohort)
	if row := strings.Join(rowOf(groups, "/figures/women-share"), " | "); row != "women | more than 60 % of the 92 documented apprehended | stated share (more than), not drawn" {
		t.Errorf("groups table row of the share: %q", row)
	}
}
