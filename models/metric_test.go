package models

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMetricValidate(t *testing.T) {
	valid := func() Metric {
		return Metric{Slug: "in_custody", Label: "Still in custody", Definition: "People held at a given date.", Unit: "people"}
	}
	tests := []struct {
		name string
		edit func(m *Metric)
		want []wantProblem
	}{
		{name: "valid", edit: func(m *Metric) {}},
		{name: "60-character slug", edit: func(m *Metric) { m.Slug = "a" + strings.Repeat("b", 59) }},
		{name: "61-character slug", edit: func(m *Metric) { m.Slug = "a" + strings.Repeat("b", 60) }, want: []wantProblem{{"slug", "1 to 60"}}},
		{name: "slug with a hyphen", edit: func(m *Metric) { m.Slug = "in-custody" },
			want: []wantProblem{{"slug", `expected 1 to 60 lower-case letters, digits and underscores starting with a letter, got "in-custody"`}}},
		{name: "slug starting with a digit", edit: func(m *Metric) { m.Slug = "1st" }, want: []wantProblem{{"slug", `got "1st"`}}},
		{name: "upper-case slug", edit: func(m *Metric) { m.Slug = "Deaths" }, want: []wantProblem{{"slug", `got "Deaths"`}}},
		{name: "slug with a trailing new line", edit: func(m *Metric) { m.Slug = "deaths\n" }, want: []wantProblem{{"slug", `got "deaths\n"`}}},
		{name: "missing label", edit: func(m *Metric) { m.Label = "" }, want: []wantProblem{{"label", "required"}}},
		{name: "too long definition", edit: func(m *Metric) { m.Definition = strings.Repeat("d", 2001) }, want: []wantProblem{{"definition", "at most 2000 characters, got 2001"}}},
		{name: "missing unit", edit: func(m *Metric) { m.Unit = "" }, want: []wantProblem{{"unit", "required"}}},
		{name: "empty metric", edit: func(m *Metric) { *m = Metric{} },
			want: []wantProblem{{"slug", `got ""`}, {"label", "required"}, {"definition", "required"}, {"unit", "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			tt.edit(&m)
			checkProblems(t, m.Validate(), tt.want)
		})
	}
}

func TestMetricNormalize(t *testing.T) {
	m := Metric{Slug: " deaths ", Label: "\tDeaths\n", Definition: " People who died. ", Unit: " people "}
	m.Normalize()
	want := Metric{Slug: "deaths", Label: "Deaths", Definition: "People who died.", Unit: "people"}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
	if err := m.Validate(); err != nil {
		t.Errorf("normalized metric: %v", err)
	}
}
