package checks

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

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
	})
}
