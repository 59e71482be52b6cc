package checks

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

func summaryIndex() *Index {
	results := []Result{
		{Kind: KindPartsWhole, Status: OK, Title: "a", Figures: []string{"f1", "f2"}},
		{Kind: KindPartsWhole, Status: Mismatch, Title: "b", Figures: []string{"f3", "f4"}},
		{Kind: KindCohort, Status: Unknown, Title: "c", Figures: []string{"f1", "f5"}},
		{Kind: KindAgreement, Status: Mismatch, Title: "d", Figures: []string{"f5", "f6"}},
		{Kind: KindAgreement, Status: OK, Title: "e", Figures: []string{"f6", "gone"}},
	}
	refs := map[string]FigureRef{
		"f1": {"apprehended", "hrw"}, "f2": {"apprehended", "hrw"}, "f3": {"deaths", "un"}, "f4": {"deaths", "hrw"},
		"f5": {"in_custody", "un"}, "f6": {"in_custody", "nk"},
	}
	return NewIndex(results, refs)
}

func titles(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

func TestIndexPage(t *testing.T) {
	ix := summaryIndex()
	all := ix.Page(Query{})
	if diff := cmp.Diff([]string{"b", "d", "c", "a", "e"}, titles(all.Items)); diff != "" {
		t.Errorf("order: mismatches, cannot tell, ok, each in the run's order (-want +got):\n%s", diff)
	}
	wantOutcomes := []Tally{{"mismatch", "mismatch", 2}, {"cannot_tell", "cannot tell", 1}, {"ok", "ok", 2}}
	if diff := cmp.Diff(wantOutcomes, all.Outcomes); diff != "" || all.All != 5 || all.Total != 5 {
		t.Errorf("summary of %d/%d (-want +got):\n%s", all.Total, all.All, diff)
	}
	for _, tc := range []struct {
		q        Query
		want     []string
		outcomes []int // mismatch, cannot tell, ok
		kinds    []int // as Kinds
	}{
		{Query{Outcomes: []Status{OK}}, []string{"a", "e"}, []int{2, 1, 2}, []int{1, 0, 0, 0, 0, 1, 0}},
		{Query{Kinds: []string{KindAgreement}}, []string{"d", "e"}, []int{1, 0, 1}, []int{2, 1, 0, 0, 0, 2, 0}},
		{Query{Metrics: []string{"deaths", "apprehended"}}, []string{"b", "c", "a"}, []int{1, 1, 1}, []int{2, 1, 0, 0, 0, 0, 0}},
		{Query{Sources: []string{"un"}, Outcomes: []Status{Mismatch}}, []string{"b", "d"}, []int{2, 1, 0}, []int{1, 0, 0, 0, 0, 1, 0}},
		{Query{Limit: 2, Offset: 2}, []string{"c", "a"}, []int{2, 1, 2}, []int{2, 1, 0, 0, 0, 2, 0}},
		{Query{Limit: 2, Offset: 10}, nil, []int{2, 1, 2}, []int{2, 1, 0, 0, 0, 2, 0}},
		{Query{Metrics: []string{"released"}}, nil, []int{0, 0, 0}, []int{0, 0, 0, 0, 0, 0, 0}},
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

func TestParseQuery(t *testing.T) {
	q, err := ParseQuery(url.Values{"outcome": {"mismatch,ok"}, "kind": {"cohort"}, "metric": {"deaths"}, "source": {"hrw-2017"}, "page": {"3"}, "limit": {"10"}})
	if err != nil {
		t.Fatal(err)
	}
	want := Query{Outcomes: []Status{Mismatch, OK}, Kinds: []string{KindCohort}, Metrics: []string{"deaths"}, Sources: []string{"hrw-2017"}, Limit: 10, Offset: 20}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = ParseQuery(url.Values{"outcome": {"bad"}, "kind": {"x"}, "metric": {"A B"}, "limit": {"0"}})
	var fields []string
	for _, f := range models.FieldErrors(err) {
		fields = append(fields, f.Field)
	}
	if diff := cmp.Diff([]string{"metric", "limit", "outcome", "kind"}, fields); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// FuzzParseQuery: any query string is refused with problems naming
// parameters, or read as a query whose Values read back the same.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "outcome=mismatch,ok&kind=cohort", "metric=deaths&source=hrw-2017&page=2&limit=10", "outcome=maybe", "limit=0&page=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, _ := url.ParseQuery(raw)
		q, err := ParseQuery(v)
		if err != nil {
			if models.ErrorCode(err) != models.EInvalid || len(models.FieldErrors(err)) == 0 {
				t.Fatalf("ParseQuery(%s): %v, want problems naming parameters", raw, err)
			}
			return
		}
		if q.Limit < 0 || q.Limit > models.MaxPageSize || q.Offset < 0 {
			t.Fatalf("ParseQuery(%s): paging %d/%d", raw, q.Limit, q.Offset)
		}
		again, err := ParseQuery(q.Values())
		if err != nil {
			t.Fatalf("ParseQuery(%s) written as %s is refused: %v", raw, q.Values().Encode(), err)
		}
		q.Limit, q.Offset = 0, 0
		if diff := cmp.Diff(q, again); diff != "" {
			t.Fatalf("ParseQuery(%s) reads back differently (-first +again):\n%s", raw, diff)
		}
		summaryIndex().Page(q)
	})
}
