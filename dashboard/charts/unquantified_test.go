package charts

import (
	"slices"
	"strings"
	"testing"

	"forcedreturns/models"
)

// noNumberKeys are the seed's figures that give no number.
var noNumberKeys = []string{"hrw-2017-imprisoned-after-return", "hrw-2017-guides-arrested", "famine-deaths-1994-to-1998"}

// rowsOf returns the table rows that link to key, joined as text.
func rowsOf(c Chart, key string) []string {
	var out []string
	for _, r := range c.Table.Rows {
		if r.Link == "/figures/"+key {
			out = append(out, strings.Join(r.Cells, " | "))
		}
	}
	return out
}

// A figure that gives no number is never a mark (no point, no bar, not
// even at 0) but is listed in the chart's table with its words, and the
// note says why it is not drawn.
func TestNoNumberIsListedNotDrawn(t *testing.T) {
	views := seedViews(t)
	for i := range views {
		if slices.Contains(noNumberKeys, views[i].Figure.Key) && views[i].Figure.Qualifier.HasNumber() {
			t.Fatalf("seed figure %s has a number: %s", views[i].Figure.Key, views[i].Figure.ValueLabel())
		}
	}
	for _, c := range []Chart{SourceFiguresIn(models.English, views[0].Source, views)} {
		marks := urls(t, c)
		if len(marks) == 0 {
			t.Fatalf("%s: nothing drawn", c.Name)
		}
		for _, key := range noNumberKeys {
			if slices.Contains(marks, "/figures/"+key) {
				t.Errorf("%s draws %s, which gives no number", c.Name, key)
			}
			rows := rowsOf(c, key)
			if len(rows) != 1 || !strings.Contains(rows[0], "(no number given), not drawn") {
				t.Errorf("%s lists %s as %q, want one row with its words, not drawn", c.Name, key, rows)
			}
		}
		if !strings.Contains(c.Note, "never drawn") {
			t.Errorf("%s: the note does not say why some figures are not drawn: %q", c.Name, c.Note)
		}
	}

	// A flow of the charted subject without a number: a row, no bar.
	guesses := views[0]
	guesses.Figure.Key, guesses.Figure.Qualifier, guesses.Figure.Value, guesses.Figure.ValueText = "apprehended-words", models.QualUnquantified, 0, "dozens more"
	guesses.Figure.Derived, guesses.Figure.Formula, guesses.Figure.SubgroupOf = false, "", ""
	guesses.Figure.Kind, guesses.Figure.Metric = models.Flow, models.MetricApprehended
	guesses.Figure.Population, guesses.Figure.ActingState, guesses.Figure.ReceivingState = "North Koreans", "CN", "KP"
	guesses.Figure.Period = models.Period{Start: models.NewDate(2017, 9, 1), End: models.NewDate(2017, 9, 30), Precision: models.PrecisionMonth}
	all := append(seedViews(t), guesses)
	c := ApprehensionsIn(models.English, all, FindCohort(all))
	if slices.Contains(urls(t, c), "/figures/apprehended-words") {
		t.Error("the apprehensions chart draws a flow that gives no number")
	}
	if rows := rowsOf(c, "apprehended-words"); len(rows) != 1 || !strings.Contains(rows[0], "“dozens more” (no number given), not drawn") {
		t.Errorf("the apprehensions table lists the flow without a number as %q", rows)
	}

	// A named group without a number among the cohort: listed, not drawn,
	// and "the rest" is no longer known.
	kid := views[0]
	kid.Figure = seedFigure(t, views, "hrw-2017-apprehended-older-women")
	kid.Figure.Key, kid.Figure.Population = "apprehended-some-men", "men"
	kid.Figure.Qualifier, kid.Figure.Value, kid.Figure.ValueText = models.QualUnquantified, 0, "some men"
	withKid := append(seedViews(t), kid)
	g := GroupsIn(models.English, FindCohort(withKid))
	if slices.Contains(urls(t, g), "/figures/apprehended-some-men") {
		t.Error("the groups chart draws a group that gives no number")
	}
	if rows := rowsOf(g, "apprehended-some-men"); len(rows) != 1 || !strings.Contains(rows[0], "men | “some men” (no number given), not drawn") {
		t.Errorf("the groups table lists the group without a number as %q", rows)
	}
	for _, r := range g.Table.Rows {
		if r.Cells[0] == notNamed(models.English) {
			t.Errorf("the rest is drawn while a group gives no number: %q", r.Cells)
		}
	}
	if before := GroupsIn(models.English, FindCohort(seedViews(t))); !slices.ContainsFunc(before.Table.Rows, func(r Row) bool { return r.Cells[0] == notNamed(models.English) }) {
		t.Error("without the group that gives no number, the seed's groups chart has no rest: the test proves nothing")
	}
}

func seedFigure(t *testing.T, views []models.FigureView, key string) models.Figure {
	t.Helper()
	for _, v := range views {
		if v.Figure.Key == key {
			return v.Figure
		}
	}
	t.Fatalf("no seed figure %s", key)
	return models.Figure{}
}
