package models

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKnownParams(t *testing.T) {
	long := "x123456789012345678901234567890123456789012345"
	for _, tc := range []struct {
		query string
		known [][]string
		want  []FieldError
	}{
		{"metric=a&step=year", [][]string{FilterParams, {"step"}}, nil},
		{"", [][]string{FilterParams}, nil},
		// The caller's own, never read: a cache buster, a label.
		{"_=1733472000&metric=a&_write=2", [][]string{FilterParams}, nil},
		{"x_=1", [][]string{{"metric"}}, []FieldError{{"x_", `unknown parameter "x_": expected one of metric`}}},
		{"metric=a&metirc=b", [][]string{{"metric", "source"}, {"source", "step"}}, []FieldError{
			{"metirc", `unknown parameter "metirc": expected one of metric, source, step`}}},
		{"b=1&a=2&step=x", [][]string{{"metric"}}, []FieldError{
			{"a", `unknown parameter "a": expected one of metric`},
			{"b", `unknown parameter "b": expected one of metric`},
			{"step", `unknown parameter "step": expected one of metric`}}},
		{long + "=1", [][]string{{"metric"}}, []FieldError{
			{Clip(long, 40), `unknown parameter "` + Clip(long, 40) + `": expected one of metric`}}},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		err = KnownParams("filter", q, tc.known...)
		if diff := cmp.Diff(tc.want, FieldErrors(err)); diff != "" {
			t.Errorf("%q: problems (-want +got):\n%s", tc.query, diff)
		}
		if (err != nil) != (tc.want != nil) || (err != nil && ErrorCode(err) != EInvalid) {
			t.Errorf("%q: error %v", tc.query, err)
		}
	}
}

func TestClosest(t *testing.T) {
	t.Parallel()
	names := []string{"format", "out", "metrics", "sources", "dry-run"}
	for _, tt := range []struct{ name, want string }{
		{"formt", "format"},    // one letter left out
		{"FORMAT", "format"},   // case
		{"metircs", "metrics"}, // two letters swapped: two edits
		{"dryrun", "dry-run"},  // one left out
		{"o", "out"},           // two edits
		{"sauces", "sources"},  // two edits
		{"cheeses", ""},        // another word
		{"", ""},               // nothing typed is close to nothing
		{"formatting", ""},     // four more letters
	} {
		if got := Closest(tt.name, names); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
