package charts

import (
	"encoding/json"
	"strings"
	"testing"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// edit changes the seed figure with key.
func edit(views []models.FigureView, key string, change func(*models.Figure)) []models.FigureView {
	for i := range views {
		if views[i].Figure.Key == key {
			change(&views[i].Figure)
		}
	}
	return views
}

// TestCohortFollowsChecks: the outcomes chart draws the split the cohort
// check on /checks reports, in the cases where the chart's own rule used to
// pick other figures.
func TestCohortFollowsChecks(t *testing.T) {
	const (
		total   = "hrw-2017-apprehended-since-2016-06"
		custody = "hrw-2017-in-custody-2017-09-18"
		back    = "hrw-2017-forcibly-returned-since-2016-06"
	)
	period := func(start, end string) models.Period {
		p, err := models.ParsePeriod(start, end)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name   string
		change func([]models.FigureView) []models.FigureView
		want   string // total|in custody|returned keys of the chart's cohort
	}{
		{"the seed: a cumulative total split", func(v []models.FigureView) []models.FigureView { return v },
			total + "|" + custody + "|" + back},
		{"a flow over the same span is a cohort too", func(v []models.FigureView) []models.FigureView {
			return edit(v, total, func(f *models.Figure) { f.Kind = models.Flow })
		}, total + "|" + custody + "|" + back},
		{"a stock inside the cohort's last month splits it", func(v []models.FigureView) []models.FigureView {
			return edit(v, total, func(f *models.Figure) { f.Period = period("2016-06", "2017-09") })
		}, total + "|" + custody + "|" + back},
		{"returns that stop long before the stock's date are not its other part", func(v []models.FigureView) []models.FigureView {
			return edit(v, back, func(f *models.Figure) { f.Period = period("2016-06", "2016-12") })
		}, total + "||"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			views := tt.change(seedViews(t))
			c := FindCohort(views)
			key := func(v *models.FigureView) string {
				if v == nil {
					return ""
				}
				return v.Figure.Key
			}
			got := key(c.Total) + "|" + key(c.InCustody) + "|" + key(c.Returned)
			if got != tt.want {
				t.Fatalf("cohort = %s, want %s", got, tt.want)
			}
			var checked []string
			for _, r := range checks.RunViews(views, nil) {
				if r.Kind == checks.KindCohort {
					checked = append(checked, strings.Join(r.Figures, "|"))
				}
			}
			drawn := ""
			if !OutcomesIn(models.English, c).Empty() {
				drawn = got
			}
			if strings.Join(checked, " ") != drawn {
				t.Errorf("the outcomes chart draws %q, the cohort check is about %q", drawn, checked)
			}
		})
	}
}

// TestGroupBarIsOpenWhenItMayBeHigher: a quantity several sources report as
// documented counts is drawn dashed, like one source's documented count.
func TestGroupBarIsOpenWhenItMayBeHigher(t *testing.T) {
	views := seedViews(t)
	var second models.FigureView
	for _, v := range views {
		if v.Figure.Key == "hrw-2017-apprehended-2017-07-to-08" {
			second = v
		}
	}
	second.Figure.Key, second.Figure.Source, second.Source.Key = "other-ngo-2017-07-to-08", "other-ngo-report", "other-ngo-report"
	views = append(views, second)
	c := ApprehensionsIn(models.English, views, FindCohort(views))
	for name, options := range map[string]map[string]any{"counts": c.Options, "per month": c.AltOptions} {
		var opt struct {
			Series []struct {
				Data []struct {
					Name      string     `json:"name"`
					ItemStyle *itemStyle `json:"itemStyle"`
				} `json:"data"`
			} `json:"series"`
		}
		if err := json.Unmarshal(mustJSON(t, options), &opt); err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, s := range opt.Series {
			for _, d := range s.Data {
				if d.ItemStyle == nil || d.Name == "" {
					continue
				}
				seen++
				if d.ItemStyle.BorderType != "dashed" {
					t.Errorf("%s: the bar of %s is drawn solid; documented counts may be higher", name, d.Name)
				}
			}
		}
		if seen != 2 {
			t.Errorf("%s: %d bars, want 2", name, seen)
		}
	}
}

// TestApprehensionsNoRateUnderAMonth: a flow over less than a month has no
// bar in the per-month view and no rate in the table (models.Figure.PerMonth),
// where it used to be multiplied into a month (41 on one day: 1,247.9).
func TestApprehensionsNoRateUnderAMonth(t *testing.T) {
	const short = "hrw-2017-apprehended-2017-07-to-08"
	for _, tt := range []struct {
		name, start, end string
		rate             bool
		why, months      string // the tooltip's reason for no rate; the table's length
	}{
		{"one day", "2017-07-01", "2017-07-01", false, "the period is shorter than a month", "0.0 months"},
		{"twenty days", "2017-07-01", "2017-07-20", false, "the period is shorter than a month", "0.7 months"},
		{"a whole month at day precision", "2017-07-01", "2017-07-31", true, "", "1.0 months"},
		{"since July, as of a day: ends of two precisions", "2017-07", "2017-09-18", false,
			"its ends are known to different precisions (the month at its start and the day at its end)", "up to 2.6 months"},
	} {
		views := edit(seedViews(t), short, func(f *models.Figure) {
			p, err := models.ParsePeriod(tt.start, tt.end)
			if err != nil {
				t.Fatal(err)
			}
			f.Period = p
		})
		c := ApprehensionsIn(models.English, views, FindCohort(views))
		alt, err := JSON(c.AltOptions)
		if err != nil {
			t.Fatal(err)
		}
		var row []string
		for _, r := range c.Table.Rows {
			if strings.HasPrefix(r.Link, "/figures/"+short) {
				row = r.Cells
			}
		}
		if row == nil {
			t.Fatalf("%s: no table row for %s", tt.name, short)
		}
		gotBar := !strings.Contains(string(alt), "no monthly rate")
		if gotBar != tt.rate || (row[3] != "") != tt.rate {
			t.Errorf("%s: per-month bar %v, table rate %q; want a rate: %v", tt.name, gotBar, row[3], tt.rate)
		}
		if tt.why != "" && !strings.Contains(string(alt), "No rate per month: "+tt.why) {
			t.Errorf("%s: the per-month tooltip does not say %q", tt.name, tt.why)
		}
		if row[2] != tt.months {
			t.Errorf("%s: table length %q, want %q", tt.name, row[2], tt.months)
		}
	}
}
