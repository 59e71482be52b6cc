package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"forcedreturns/internal/checks"
)

// checkJSON is what check --format json prints.
type checkJSON struct {
	Results []checks.Result       `json:"results"`
	Counts  map[checks.Status]int `json:"counts"`
}

func decodeCheck(t *testing.T, s string) checkJSON {
	t.Helper()
	var out checkJSON
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("check --format json is not valid JSON of results and counts: %v\n%s", err, s)
	}
	if out.Results == nil {
		t.Fatalf(`check --format json has no "results" list:\n%s`, s)
	}
	return out
}

// TestCheckSeed checks that the seed's figures fit together: four
// relations, all ok, in text and in JSON.
func TestCheckSeed(t *testing.T) {
	c := newSeededCLI(t)
	out := c.ok("check")
	contains(t, "check", out, "4 checks: 4 ok, 0 mismatch, 0 cannot tell",
		"51 (Jul 2016 – Jun 2017) + 41 (Jul 2017 – Aug 2017) = 92", "92 − 46 = 46", "1 + 11 + 4 = 16 ≤ 92")
	if strings.Contains(out, "[mismatch]") {
		t.Errorf("a seed check is a mismatch:\n%s", out)
	}

	doc := decodeCheck(t, c.ok("check", "--format", "json"))
	if len(doc.Results) != 4 || doc.Counts[checks.OK] != 4 {
		t.Errorf("JSON: %d results, counts %v; want 4, all ok", len(doc.Results), doc.Counts)
	}
	var kinds []string
	for _, r := range doc.Results {
		kinds = append(kinds, r.Kind)
		if r.Status != checks.OK || r.Explanation == "" || len(r.Figures) < 2 {
			t.Errorf("JSON result %+v: want ok, with the arithmetic and the figures involved", r)
		}
	}
	if want := []string{checks.KindPartsWhole, checks.KindCohort, checks.KindSubgroups, checks.KindDerived}; !slices.Equal(kinds, want) {
		t.Errorf("JSON result kinds %v, want %v", kinds, want)
	}

	empty := newCLI(t)
	if doc := decodeCheck(t, empty.ok("check", "--format", "json")); len(doc.Results) != 0 {
		t.Errorf("check of an empty database: %d results", len(doc.Results))
	}
}

// TestCheckMismatch imports a figure that breaks a relation: 10 apprehended
// in June 2016, the month the 92 "since June 2016" covers but its parts
// (51 from July 2016 and 41) do not. Now 10 + 51 + 41 = 102 exceeds 92,
// and check exits 1, in text and in JSON.
func TestCheckMismatch(t *testing.T) {
	c := newSeededCLI(t)
	june := with(newFigureRow(t, "apprehended-2016-06"),
		"value", "10", "value_text", "10", "period_start", "2016-06", "period_end", "2016-06")
	c.ok("import", c.csvFile("june.csv", june))

	r := c.run("check")
	if r.code != exitFailure {
		t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
	}
	contains(t, "check", r.stdout, "[mismatch] Parts and whole: apprehended",
		"10 (Jun 2016) + 51 (Jul 2016 – Jun 2017) + 41 (Jul 2017 – Aug 2017) = 102, more than the total of 92", "apprehended-2016-06")
	contains(t, "stderr", r.stderr, "check(s) found a mismatch")

	r = c.run("check", "--format", "json")
	if r.code != exitFailure {
		t.Fatalf("--format json: exit %d, want %d: %s", r.code, exitFailure, r)
	}
	doc := decodeCheck(t, r.stdout)
	if doc.Counts[checks.Mismatch] < 1 {
		t.Errorf("JSON counts %v, want a mismatch", doc.Counts)
	}
	i := slices.IndexFunc(doc.Results, func(r checks.Result) bool {
		return r.Status == checks.Mismatch && r.Kind == checks.KindPartsWhole
	})
	if i < 0 || !doc.Results[i].Involves("apprehended-2016-06") {
		t.Errorf("JSON results: want a parts-and-whole mismatch involving the June figure: %+v", doc.Results)
	}
}

// TestCheckSubPeriodIsNotACohort: the 46 still in custody and the 46
// forced back are a split of the 92 apprehended since June 2016, not of
// the 10 apprehended in June 2016 alone. A flow over a sub-period that
// merely starts on the same day as the cohort must not be checked as the
// cohort (46 + 46 = 92 "more than the 10 apprehended" is no
// contradiction: most of the 92 were apprehended after June 2016). Only
// the parts-and-whole relation is a mismatch.
func TestCheckSubPeriodIsNotACohort(t *testing.T) {
	c := newSeededCLI(t)
	june := with(newFigureRow(t, "apprehended-2016-06"),
		"value", "10", "value_text", "10", "period_start", "2016-06", "period_end", "2016-06")
	c.ok("import", c.csvFile("june.csv", june))
	r := c.run("check", "--format", "json")
	for _, res := range decodeCheck(t, r.stdout).Results {
		if res.Kind == checks.KindCohort && res.Involves("apprehended-2016-06") {
			t.Errorf("the June 2016 count is checked as a cohort: [%s] %s", res.Status, res.Explanation)
		}
	}
}

// TestCheckSubgroupMismatch makes the subgroups exceed their parent.
func TestCheckSubgroupMismatch(t *testing.T) {
	c := newSeededCLI(t)
	kids := with(newFigureRow(t, "apprehended-teenagers"),
		"value", "80", "value_text", "80", "qualifier", "exact", "quantity_kind", "cumulative",
		"period_start", "2016-06", "period_end", "2017-08", "population", "North Korean teenagers",
		"subgroup_of", "hrw-2017-apprehended-since-2016-06")
	c.ok("import", c.csvFile("kids.csv", kids))
	r := c.run("check")
	if r.code != exitFailure {
		t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
	}
	contains(t, "check", r.stdout, "[mismatch] Subgroups of 92 apprehended", "1 + 11 + 4 + 80 = 96")
}
