package checks

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

func TestGroup(t *testing.T) {
	figs := []models.Figure{
		fig(t, "b1", "flow", "2017-07..2017-08", "at least 40", source("src-b", "Org B")),
		fig(t, "a1", "flow", "2017-07..2017-08", "41"),
		fig(t, "c1", "flow", "2017-07..2017-08", "45", source("src-c", "Org C"), retracted("misread")),
		fig(t, "a2", "flow", "2017-07-01..2017-08-31", "41"), // same days, another precision: apart
		fig(t, "a3", "cumulative", "2017-07..2017-08", "41"), // another kind: apart
		fig(t, "d1", "flow", "2017", "documented 41"),
		fig(t, "d2", "flow", "2017", "documented 45", source("src-b", "Org B")),
		fig(t, "e1", "flow", "2016", "about 50"),
		fig(t, "e2", "flow", "2016", "80", source("src-b", "Org B")),
	}
	type row struct {
		Period, Kind string
		Keys         []string
		Text         string
		Interval     string
		Agree        bool
		Attribution  string
	}
	var got []row
	for _, r := range Group(figs) {
		got = append(got, row{r.Period.Label(), string(r.Kind), r.Keys(), r.Text(), r.Interval.String(), r.Agree, r.Attribution()})
	}
	want := []row{
		{"Jul 2017 – Aug 2017", "cumulative", []string{"a3"}, "41", "41", true, "reported by Org A"},
		{"2016", "flow", []string{"e1", "e2"}, "45–80", "45–80", false,
			"sources differ: about 50 (Org A, source src-a); 80 (Org B, source src-b)"},
		{"2017", "flow", []string{"d1", "d2"}, "41–45", "≥ 41", false,
			"sources differ: 41 (Org A, source src-a); 45 (Org B, source src-b)"},
		{"1 Jul 2017 – 31 Aug 2017", "flow", []string{"a2"}, "41", "41", true, "reported by Org A"},
		{"Jul 2017 – Aug 2017", "flow", []string{"a1", "b1"}, "41", "41", true, "reported by 2 sources"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Group (-want +got):\n%s", diff)
	}
}

func TestGroupAgreeingDocumentedCounts(t *testing.T) {
	g := Group([]models.Figure{
		fig(t, "a", "flow", "2017", "documented 41"),
		fig(t, "b", "flow", "2017", "documented 41", source("src-b", "Org B")),
	})
	if len(g) != 1 || !g[0].Agree || g[0].Text() != "41" || g[0].Interval.String() != "≥ 41" || len(g[0].Sources()) != 2 {
		t.Errorf("Group = %+v", g)
	}
}

func TestRule(t *testing.T) {
	for _, want := range []string{"counted once", "never added", "cumulative", "stock", "nested", "subgroup", "share no day", "who said what", "gives no number"} {
		if !strings.Contains(Rule, want) {
			t.Errorf("Rule does not say %q", want)
		}
	}
	if strings.Contains(Rule, "\n") {
		t.Error("Rule must be one paragraph")
	}
}

func TestSeries(t *testing.T) {
	figs := []models.Figure{
		fig(t, "y", "flow", "2018-01..2018-12", "120"),
		fig(t, "jan", "flow", "2018-01", "10"),
		fig(t, "feb", "flow", "2018-02", "12"),
		fig(t, "feb-b", "flow", "2018-02", "about 12", source("src-b", "Org B")),
		fig(t, "h2", "flow", "2019-01..2019-06", "50"),
		fig(t, "q", "flow", "2019-04..2019-09", "40"),
		fig(t, "late", "flow", "2019-12-15..2020-01-31", "5"),
		fig(t, "y2020", "flow", "2020", "30"),
		fig(t, "c", "cumulative", "2018-01..2019-06", "200"),
		fig(t, "s", "stock", "2018-06-01", "20"),
		fig(t, "kids", "flow", "2018-01", "2", population("North Koreans"), subgroupOf("jan")),
		fig(t, "other", "flow", "2018-01", "2", population("Chinese guides")),
	}
	s := Subject{Metric: "apprehended", Population: "North Koreans", ActingState: "CN", ReceivingState: "KP", Unit: "people"}
	var got []string
	for _, p := range Series(Group(figs), s) {
		got = append(got, strings.Join(p.Keys(), "+")+" "+string(p.Role))
	}
	want := []string{
		"y total", "jan part", "feb+feb-b part", // the two reports of February are one point
		"h2 overlapping", "q overlapping", // they share Apr–Jun 2019
		"late overlapping", "y2020 overlapping", // a year known only to the year may or may not start before 31 Jan
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Series roles (-want +got):\n%s", diff)
	}
}

func TestTotal(t *testing.T) {
	g := func(figs ...models.Figure) []Reported { return Group(figs) }
	jan := fig(t, "jan", "flow", "2018-01", "10")
	feb := fig(t, "feb", "flow", "2018-02", "at least 12")
	febB := fig(t, "feb-b", "flow", "2018-02", "about 12", source("src-b", "Org B"))
	year := fig(t, "y", "flow", "2018", "120")

	sum, err := Total(g(jan, feb, febB))
	if err != nil || sum.String() != "22–23" {
		t.Errorf("Total(Jan, Feb reported twice) = %v, %v; want 22–23 (February once: 12–13)", sum, err)
	}
	if sum, err := Total(nil); err != nil || sum != Point(0) {
		t.Errorf("Total(nil) = %v, %v", sum, err)
	}
	refused := []struct {
		name string
		reps []Reported
		msg  string
	}{
		{"nested", g(jan, fig(t, "q1", "flow", "2018-01..2018-03", "30")), "nested"},
		{"overlapping", g(fig(t, "a", "flow", "2018-01..2018-04", "1"), fig(t, "b", "flow", "2018-03..2018-06", "1")), "overlapping"},
		{"precision", g(year, fig(t, "d", "flow", "2018-12-15..2019-01-10", "1")), "possibly sharing days"},
		{"cumulative", g(jan, fig(t, "c", "cumulative", "2017-01..2017-12", "5")), "cumulative quantity"},
		{"stock", g(fig(t, "s", "stock", "2017-06-01", "5"), jan), "stock quantity"},
		{"subgroup", g(jan, fig(t, "k", "flow", "2018-02", "2", subgroupOf("jan"))), "subgroup"},
		{"subjects", g(jan, fig(t, "o", "flow", "2018-02", "2", metric("arrested"))), "count different things"},
	}
	for _, tt := range refused {
		_, err := Total(tt.reps)
		if err == nil || !strings.Contains(err.Error(), tt.msg) || !errors.Is(err, ErrDoubleCount) {
			t.Errorf("%s: Total error = %v, want ErrDoubleCount saying %q", tt.name, err, tt.msg)
		}
	}
	if _, err := Total(g(year, fig(t, "n", "flow", "2019-01..2019-03", "3"))); err != nil {
		t.Errorf("a year and the months after it: %v", err)
	}
}
