package checks

import (
	"strings"
	"testing"

	"forcedreturns/models"
)

// A wire story carrying a monitor's report and the report itself state
// the same figure: they agree, but they are one report, and the check
// says so rather than count two confirming sources. So are two outlets
// carrying the same release, through a source without figures of its own.
func TestAgreementOfCarriedSources(t *testing.T) {
	figs := []models.Figure{
		fig(t, "a", "flow", "2017-07..2017-08", "41", source("monitor", "Monitor Group")),
		fig(t, "b", "flow", "2017-07..2017-08", "at least 41", source("wire", "Monitor Group")),
		fig(t, "c", "flow", "2017-07..2017-08", "41", source("paper", "Other NGO")),
	}
	sources := []models.Source{{Key: "monitor"}, {Key: "wire", Original: "monitor"}, {Key: "paper"}}
	tests := []struct {
		name    string
		carried Carried
		want    string
		notes   []string
	}{
		{"without originals", nil, "(3 sources).", nil},
		{"the wire carries the report", CarriedOf(sources), "(3 sources, 2 independent reports).",
			[]string{`Sources "monitor" and "wire" go back to one report, source "monitor"`}},
		{"both carry a release no figure cites", Carried{"wire": "digest", "digest": "release", "paper": "release"},
			"(3 sources, 2 independent reports).", []string{`Sources "paper" and "wire" go back to one report, source "release"`}},
		{"all one report", Carried{"wire": "monitor", "paper": "monitor"}, "(3 sources, one report).",
			[]string{`Sources "monitor", "paper" and "wire" go back to one report`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := ofKind(Options{Cohorts: DefaultCohorts(), Carried: tt.carried}.Run(figs), KindAgreement)
			if len(rs) != 1 {
				t.Fatalf("%d agreement results: %+v", len(rs), rs)
			}
			r := rs[0]
			if r.Status != OK || !strings.HasSuffix(r.Explanation, tt.want) {
				t.Errorf("explanation %q (%s), want it to end %q", r.Explanation, r.Status, tt.want)
			}
			if len(r.Notes) != len(tt.notes) {
				t.Fatalf("notes %q, want %d", r.Notes, len(tt.notes))
			}
			for i, n := range tt.notes {
				if !strings.Contains(r.Notes[i], n) {
					t.Errorf("note %q, want it to say %q", r.Notes[i], n)
				}
			}
		})
	}
}
