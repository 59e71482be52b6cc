package store_test

import (
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestCheckFilterNames: a filter's metric slugs and source ids are
// accepted when stored, and each one that is not is an EInvalid problem
// on its field, naming it (and, for a metric, the metrics there are).
func TestCheckFilterNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		for _, tc := range []struct {
			metrics, sources []string
			want             []models.FieldError
		}{
			{nil, nil, nil},
			{[]string{"apprehended", "in_custody"}, []string{"src"}, nil},
			{[]string{"aprehended"}, nil, []models.FieldError{{Field: "metric", Message: `no metric named "aprehended": expected one of apprehended, forcibly_returned, in_custody`}}},
			{[]string{"apprehended"}, []string{"src", "nope"}, []models.FieldError{{Field: "source", Message: `no source with id "nope": the sources and their ids are listed at /sources`}}},
			{[]string{"x", "apprehended", "y"}, []string{"z"}, []models.FieldError{
				{Field: "metric", Message: `no metric named "x": expected one of apprehended, forcibly_returned, in_custody`},
				{Field: "metric", Message: `no metric named "y": expected one of apprehended, forcibly_returned, in_custody`},
				{Field: "source", Message: `no source with id "z": the sources and their ids are listed at /sources`}}},
		} {
			err := s.CheckFilterNames(ctx, "filter", tc.metrics, tc.sources)
			if tc.want == nil {
				if err != nil {
					t.Errorf("%v %v: %v, want none", tc.metrics, tc.sources, err)
				}
				continue
			}
			wantCode(t, err, models.EInvalid, "invalid filter")
			got := models.FieldErrors(err)
			if len(got) != len(tc.want) {
				t.Errorf("%v %v: %v, want %v", tc.metrics, tc.sources, got, tc.want)
				continue
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("%v %v: problem %d is %v, want %v", tc.metrics, tc.sources, i, got[i], tc.want[i])
				}
			}
		}
	})
}
