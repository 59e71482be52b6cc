package checks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

func TestRelate(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want Relation
	}{
		// The seed article, all at month precision: certain.
		{"total holds the year", "2016-06..2017-08", "2016-07..2017-06", Contains},
		{"total holds the two months", "2016-06..2017-08", "2017-07..2017-08", Contains},
		{"year then two months", "2016-07..2017-06", "2017-07..2017-08", Adjacent},
		{"two months after the year", "2017-07..2017-08", "2016-07..2017-06", Adjacent},
		{"same months", "2017-07..2017-08", "2017-07..2017-08", Equal},
		{"month within", "2017-08", "2017-07..2017-09", Within},
		{"overlapping months", "2017-01..2017-06", "2017-04..2017-09", Overlapping},
		{"a month apart", "2017-01..2017-03", "2017-05..2017-06", Disjoint},
		{"same years", "1994..1998", "1994..1998", Equal},
		{"same days", "2017-09-18", "2017-09-18", Equal},
		{"next day", "2017-09-18", "2017-09-19", Adjacent},

		// Different precisions: a month or year bound is any day of it.
		{"stock after the months", "2017-09-18", "2016-06..2017-08", Disjoint},
		{"stock on the first day after", "2017-09-01", "2016-06..2017-08", Adjacent | Disjoint},
		{"stock well after", "2017-10-18", "2016-06..2017-08", Disjoint},
		{"stock inside the last month", "2017-08-20", "2016-06..2017-08", Within | Adjacent | Disjoint},
		{"day span deep inside months", "2017-03-05..2017-03-10", "2016-06..2017-08", Within},
		{"total by month, part from 15 June", "2016-06..2016-12", "2016-06-15..2016-12-31",
			Equal | Contains | Within | Overlapping},
		{"year against a span across its end", "2017", "2017-12-15..2018-01-10",
			Within | Overlapping | Adjacent | Disjoint},
		{"year against March", "2017", "2017-03",
			Equal | Contains | Within | Overlapping | Adjacent | Disjoint},
		{"year after months", "2018", "2017-01..2017-12", Adjacent | Disjoint},
		{"years apart", "2015", "2017-03", Disjoint},

		// Each end at its own precision: ends of the same precision are
		// compared as stated, an end against one of another precision as
		// the days it may be.
		{"since June as of the article holds the year", "2016-06..2017-09-18", "2016-07..2017-06", Contains},
		{"since June as of the article holds the two months", "2016-06..2017-09-18", "2017-07..2017-08", Contains},
		{"since June as of the article holds the stock of its last day", "2016-06..2017-09-18", "2017-09-18", Contains},
		{"since June as of the article against the same from 15 June", "2016-06..2017-09-18", "2016-06-15..2017-09-18",
			Equal | Contains | Within},
		{"since June as of the article against June to September by month", "2016-06..2017-09-18", "2016-06..2017-09",
			Equal | Contains | Within},
		{"since 2019 as of a day holds that day", "2019..2023-12-05", "2023-12-05", Contains},
		{"since 2019 as of a day against the years", "2019..2023-12-05", "2019..2023", Equal | Contains | Within},
		{"since July as of a day, before October", "2017-07..2017-09-18", "2017-10", Disjoint},
		{"since July as of a day, against September (any days of it)", "2017-07..2017-09-18", "2017-09",
			Contains | Overlapping | Adjacent | Disjoint},
		{"September as of a day, against September", "2017-09..2017-09-18", "2017-09", Equal | Contains | Within},
		{"the same mixed period", "2016-06..2017-09-18", "2016-06..2017-09-18", Equal},

		// Without valid bounds nothing is known.
		{"no period", "", "2017", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a models.Period
			if tt.a != "" {
				a = period(t, tt.a)
			}
			b := period(t, tt.b)
			if got := Relate(a, b); got != tt.want {
				t.Errorf("Relate(%s, %s) = %s, want %s", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestRelationMethods(t *testing.T) {
	if !Contains.Certain() || (Contains | Equal).Certain() || Relation(0).Certain() {
		t.Error("Certain")
	}
	if !(Adjacent | Disjoint).Only(Separate) || (Adjacent | Overlapping).Only(Separate) || Relation(0).Only(Separate) {
		t.Error("Only")
	}
	if got := (Within | Adjacent).String(); got != "within or adjacent" {
		t.Errorf("String = %q", got)
	}
	if got := Relation(0).String(); got != "cannot tell" {
		t.Errorf("String(0) = %q", got)
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		s             Span
		label, length string
	}{
		{Span{models.NewDate(2016, 6, 1), models.NewDate(2016, 6, 30)}, "Jun 2016", "one month"},
		{Span{models.NewDate(2016, 6, 1), models.NewDate(2016, 7, 31)}, "Jun 2016 – Jul 2016", "2 months"},
		{Span{models.NewDate(2016, 1, 1), models.NewDate(2017, 12, 31)}, "2016 – 2017", "24 months"},
		{Span{models.NewDate(2016, 6, 1), models.NewDate(2016, 6, 14)}, "1 Jun 2016 – 14 Jun 2016", "14 days"},
		{Span{models.NewDate(2016, 6, 3), models.NewDate(2016, 6, 3)}, "3 Jun 2016", "one day"},
	}
	for _, tt := range tests {
		if tt.s.Label() != tt.label || tt.s.Length() != tt.length {
			t.Errorf("%v: Label %q Length %q, want %q %q", tt.s, tt.s.Label(), tt.s.Length(), tt.label, tt.length)
		}
	}
}

func TestMonthsBetween(t *testing.T) {
	d := models.NewDate
	tests := []struct {
		from, to models.Date
		want     int
	}{
		{d(2016, 7, 1), d(2017, 6, 30), 12},
		{d(2016, 6, 1), d(2017, 8, 31), 15},
		{d(2017, 7, 15), d(2017, 8, 2), 2},
		{d(2017, 9, 18), d(2017, 9, 18), 1},
		{d(2017, 9, 18), d(2017, 8, 1), 0},
	}
	for _, tt := range tests {
		if got := MonthsBetween(tt.from, tt.to); got != tt.want {
			t.Errorf("MonthsBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestCover(t *testing.T) {
	d := models.NewDate
	tests := []struct {
		name  string
		whole string
		parts []string
		want  Coverage
	}{
		{
			name: "seed: the total starts a month before its parts", whole: "2016-06..2017-08",
			parts: []string{"2017-07..2017-08", "2016-07..2017-06"},
			want:  Coverage{Before: Span{d(2016, 6, 1), d(2016, 6, 30)}},
		},
		{
			name: "seed as read: since June 2016, as of the article's date", whole: "2016-06..2017-09-18",
			parts: []string{"2017-07..2017-08", "2016-07..2017-06"},
			want:  Coverage{Before: Span{d(2016, 6, 1), d(2016, 6, 30)}, After: Span{d(2017, 9, 1), d(2017, 9, 18)}},
		},
		{
			name: "a total as of a day inside its last part's month", whole: "2016-06..2017-08-20",
			parts: []string{"2017-07..2017-08", "2016-07..2017-06"},
			want: Coverage{
				Before:    Span{d(2016, 6, 1), d(2016, 6, 30)},
				Outside:   []Span{{d(2017, 8, 21), d(2017, 8, 31)}},
				Doubts:    []string{"cannot tell whether the part Jul 2017 – Aug 2017 lies within the total Jun 2016 – 20 Aug 2017: one period is known to the month, the other to the month at its start and the day at its end, and a bound known only to the month may be any day of it"},
				GapDoubts: []string{"cannot tell whether the total Jun 2016 – 20 Aug 2017 ends after its parts: one period is known to the month at its start and the day at its end, the other to the month, and a bound known only to the month may be any day of it"},
			},
		},
		{
			name: "tiled", whole: "2018-01..2018-06", parts: []string{"2018-01..2018-03", "2018-04..2018-06"},
		},
		{
			name: "gap, end and overlap", whole: "2018-01..2018-12",
			parts: []string{"2018-01..2018-03", "2018-03..2018-04", "2018-07..2018-09"},
			want: Coverage{
				After:    Span{d(2018, 10, 1), d(2018, 12, 31)},
				Gaps:     []Span{{d(2018, 5, 1), d(2018, 6, 30)}},
				Overlaps: []Span{{d(2018, 3, 1), d(2018, 3, 31)}},
			},
		},
		{
			name: "part outside", whole: "2018-01..2018-06", parts: []string{"2018-05..2018-08"},
			want: Coverage{
				Before:  Span{d(2018, 1, 1), d(2018, 4, 30)},
				Outside: []Span{{d(2018, 7, 1), d(2018, 8, 31)}},
			},
		},
		{
			name: "precision: the total's June may start after the 15th", whole: "2016-06..2016-12",
			parts: []string{"2016-06-15..2016-12-31"},
			want: Coverage{
				Before:    Span{d(2016, 6, 1), d(2016, 6, 14)},
				Doubts:    []string{"cannot tell whether the part 15 Jun 2016 – 31 Dec 2016 lies within the total Jun 2016 – Dec 2016: one period is known to the day, the other to the month, and a bound known only to the month may be any day of it"},
				GapDoubts: []string{"cannot tell whether the total Jun 2016 – Dec 2016 starts before its parts: one period is known to the month, the other to the day, and a bound known only to the month may be any day of it"},
			},
		},
		{
			name: "precision: a month part may leave days out", whole: "2018-01-01..2018-02-28",
			parts: []string{"2018-02-01..2018-02-28", "2018-01"},
			want: Coverage{
				GapDoubts: []string{
					"cannot tell whether days between the parts Jan 2018 and 1 Feb 2018 – 28 Feb 2018 are left out: one period is known to the month, the other to the day, and a bound known only to the month may be any day of it",
					"cannot tell whether the total 1 Jan 2018 – 28 Feb 2018 starts before its parts: one period is known to the day, the other to the month, and a bound known only to the month may be any day of it",
				},
			},
		},
		{
			name: "same days at two precisions overlap", whole: "2018-01-01..2018-02-28",
			parts: []string{"2018-01-01..2018-01-31", "2018-01"},
			want: Coverage{
				After:    Span{d(2018, 2, 1), d(2018, 2, 28)},
				Overlaps: []Span{{d(2018, 1, 1), d(2018, 1, 31)}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []models.Period
			for _, p := range tt.parts {
				parts = append(parts, period(t, p))
			}
			got := Cover(period(t, tt.whole), parts)
			got.Whole, got.Parts = models.Period{}, nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Cover (-want +got):\n%s", diff)
			}
		})
	}
}

// exact reports whether precision leaves nothing open about a coverage.
func exact(c Coverage) bool { return len(c.Doubts) == 0 && len(c.GapDoubts) == 0 }

// tiles reports whether the parts cover the whole exactly once, with
// certainty: no stretch uncovered, no day twice, nothing outside.
func tiles(c Coverage) bool {
	return exact(c) && c.Before == (Span{}) && c.After == (Span{}) && len(c.Gaps) == 0 &&
		len(c.Overlaps) == 0 && len(c.Outside) == 0
}

func TestCoverSortsParts(t *testing.T) {
	c := Cover(period(t, "2016-06..2017-08"), []models.Period{period(t, "2017-07..2017-08"), period(t, "2016-07..2017-06")})
	if c.Parts[0].Start != models.NewDate(2016, 7, 1) || tiles(c) || !exact(c) {
		t.Errorf("Cover: parts %v, tiles %v, exact %v", c.Parts, tiles(c), exact(c))
	}
	if got := c.Uncovered(); len(got) != 1 || got[0].Label() != "Jun 2016" {
		t.Errorf("Uncovered = %v", got)
	}
	if !tiles(Cover(period(t, "2018-01..2018-06"), []models.Period{period(t, "2018-01..2018-03"), period(t, "2018-04..2018-06")})) {
		t.Error("two quarters do not tile the half year")
	}
}

// TestSeriesNoRateUnderAMonth: a point over less than a month has no rate,
// as a single figure has none (models.Figure.PerMonth).
func TestSeriesNoRateUnderAMonth(t *testing.T) {
	for _, f := range []models.Figure{
		fig(t, "a", "flow", "2017-09-18", "600"),
		fig(t, "a", "flow", "2017-09-01..2017-09-20", "41"),
	} {
		pts := Series(Group([]models.Figure{f}), SubjectOf(f))
		if len(pts) != 1 {
			t.Fatalf("%v: %d points, want 1", f.Period, len(pts))
		}
		if pts[0].PerMonth != nil {
			t.Errorf("%v: PerMonth = %s, want none", f.Period, pts[0].PerMonth)
		}
	}
}

// TestSeriesPerMonth reads a series point's rate from its interval: the
// count as IntervalOf reads it, divided by models.Period.Months, the same
// months models.Figure.PerMonth divides by.
func TestSeriesPerMonth(t *testing.T) {
	tests := []struct {
		name string
		f    models.Figure
		want string
	}{
		{"documented 41 over two months", fig(t, "a", "flow", "2017-07..2017-08", "documented 41"), "≥ 20.5"},
		{"51 over twelve months", fig(t, "a", "flow", "2016-07..2017-06", "51"), "4.25"},
		{"a year is twelve months", fig(t, "a", "flow", "2017", "120"), "10"},
		{"about 60 over a year", fig(t, "a", "flow", "2017", "about 60"), "4.5–5.5"},
		{"days over the mean month", fig(t, "a", "flow", "2017-01-01..2017-01-31", "31"), "30.44"},
		{"range", fig(t, "a", "flow", "2017-01..2017-02", "24-99"), "12–49.5"},
	}
	for _, tt := range tests {
		pts := Series(Group([]models.Figure{tt.f}), SubjectOf(tt.f))
		if len(pts) != 1 {
			t.Fatalf("%s: %d points, want 1", tt.name, len(pts))
		}
		if pts[0].PerMonth == nil {
			t.Errorf("%s: no PerMonth, want %s", tt.name, tt.want)
			continue
		}
		if got := pts[0].PerMonth.String(); got != tt.want {
			t.Errorf("%s: PerMonth = %s, want %s", tt.name, got, tt.want)
		}
		r, _ := tt.f.PerMonth()
		if in := IntervalOf(tt.f.Quantity()).Scale(1 / r.Months); in != *pts[0].PerMonth {
			t.Errorf("%s: the series divides by other months than Figure.PerMonth (%v months)", tt.name, r.Months)
		}
	}
}
