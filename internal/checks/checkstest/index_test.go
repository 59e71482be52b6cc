package checkstest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/checks"
)

func summaryIndex() *Index {
	results := []checks.Result{
		{Kind: checks.KindPartsWhole, Status: checks.OK, Title: "a", Figures: []string{"f1", "f2"}},
		{Kind: checks.KindPartsWhole, Status: checks.Mismatch, Title: "b", Figures: []string{"f3", "f4"}},
		{Kind: checks.KindCohort, Status: checks.Unknown, Title: "c", Figures: []string{"f1", "f5"}},
		{Kind: checks.KindAgreement, Status: checks.Mismatch, Title: "d", Figures: []string{"f5", "f6"}},
		{Kind: checks.KindAgreement, Status: checks.OK, Title: "e", Figures: []string{"f6", "gone"}},
	}
	refs := map[string]FigureRef{
		"f1": {"apprehended", "hrw"}, "f2": {"apprehended", "hrw"}, "f3": {"deaths", "un"}, "f4": {"deaths", "hrw"},
		"f5": {"in_custody", "un"}, "f6": {"in_custody", "nk"},
	}
	return NewIndex(results, refs)
}

func titles(rs []checks.Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

func TestIndexPage(t *testing.T) {
	ix := summaryIndex()
	all := ix.Page(checks.Query{})
	if diff := cmp.Diff([]string{"b", "d", "c", "a", "e"}, titles(all.Items)); diff != "" {
		t.Errorf("order: mismatches, cannot tell, ok, each in the run's order (-want +got):\n%s", diff)
	}
	wantOutcomes := []checks.Tally{{Name: "mismatch", Label: "mismatch", Count: 2}, {Name: "cannot_tell", Label: "cannot tell", Count: 1}, {Name: "ok", Label: "ok", Count: 2}}
	if diff := cmp.Diff(wantOutcomes, all.Outcomes); diff != "" || all.All != 5 || all.Total != 5 {
		t.Errorf("summary of %d/%d (-want +got):\n%s", all.Total, all.All, diff)
	}
	for _, tc := range []struct {
		q        checks.Query
		want     []string
		outcomes []int // mismatch, cannot tell, ok
		kinds    []int // as checks.Kinds
	}{
		{checks.Query{Outcomes: []checks.Status{checks.OK}}, []string{"a", "e"}, []int{2, 1, 2}, []int{1, 0, 0, 0, 0, 1, 0}},
		{checks.Query{Kinds: []string{checks.KindAgreement}}, []string{"d", "e"}, []int{1, 0, 1}, []int{2, 1, 0, 0, 0, 2, 0}},
		{checks.Query{Metrics: []string{"deaths", "apprehended"}}, []string{"b", "c", "a"}, []int{1, 1, 1}, []int{2, 1, 0, 0, 0, 0, 0}},
		{checks.Query{Sources: []string{"un"}, Outcomes: []checks.Status{checks.Mismatch}}, []string{"b", "d"}, []int{2, 1, 0}, []int{1, 0, 0, 0, 0, 1, 0}},
		{checks.Query{Limit: 2, Offset: 2}, []string{"c", "a"}, []int{2, 1, 2}, []int{2, 1, 0, 0, 0, 2, 0}},
		{checks.Query{Limit: 2, Offset: 10}, nil, []int{2, 1, 2}, []int{2, 1, 0, 0, 0, 2, 0}},
		{checks.Query{Metrics: []string{"released"}}, nil, []int{0, 0, 0}, []int{0, 0, 0, 0, 0, 0, 0}},
	} {
		p := ix.Page(tc.q)
		if diff := cmp.Diff(tc.want, titles(p.Items)); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tc.q, diff)
		}
		var outcomes, kinds []int
		for _, o := range p.Outcomes {
			outcomes = append(outcomes, o.Count)
		}
		for _, k := range p.Kinds {
			kinds = append(kinds, k.Count)
		}
		if diff := cmp.Diff(tc.outcomes, outcomes); diff != "" {
			t.Errorf("%+v: outcomes (-want +got):\n%s", tc.q, diff)
		}
		if diff := cmp.Diff(tc.kinds, kinds); diff != "" {
			t.Errorf("%+v: kinds (-want +got):\n%s", tc.q, diff)
		}
	}
}
