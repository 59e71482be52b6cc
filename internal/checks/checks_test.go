package checks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/models"
)

// outcome is what the invented-set tests compare: the kind, the status and
// the arithmetic; notes are checked by substring where they matter.
type outcome struct {
	Kind, Explanation string
	Status            Status
}

func outcomes(rs []Result) []outcome {
	out := make([]outcome, len(rs))
	for i, r := range rs {
		out[i] = outcome{Kind: r.Kind, Status: r.Status, Explanation: r.Explanation}
	}
	return out
}

// invented is a set of figures made up to exercise one check, with the
// outcomes it must give and substrings some note must contain.
type invented struct {
	name  string
	figs  func(t *testing.T) []models.Figure
	want  []outcome
	notes []string
}

func runInvented(t *testing.T, cases []invented) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got := Run(tt.figs(t), nil)
			if diff := cmp.Diff(tt.want, outcomes(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Run (-want +got):\n%s", diff)
			}
			var notes []string
			for _, r := range got {
				notes = append(notes, r.Notes...)
			}
			for _, want := range tt.notes {
				found := false
				for _, n := range notes {
					found = found || strings.Contains(n, want)
				}
				if !found {
					t.Errorf("no note contains %q; notes: %q", want, notes)
				}
			}
		})
	}
}

// TestEveryStatusIsExercised keeps the invented sets honest: every status
// for every kind of check where it can arise (a cohort is never "cannot
// tell": see cohorts).
func TestEveryStatusIsExercised(t *testing.T) {
	seen := map[outcome]bool{}
	for _, set := range [][]invented{partsCases(), cohortCases(), subgroupsCases(), derivedCases(), agreementCases()} {
		for _, c := range set {
			for _, o := range c.want {
				seen[outcome{Kind: o.Kind, Status: o.Status}] = true
			}
		}
	}
	for _, k := range Kinds {
		for _, st := range []Status{OK, Mismatch, Unknown} {
			if !seen[outcome{Kind: k, Status: st}] && !(k == KindCohort && st == Unknown) {
				t.Errorf("no invented set gives a %s result with status %s", k, st)
			}
		}
	}
}

func TestResultFiguresAndCounts(t *testing.T) {
	rs := Run(seedFigures(t), nil)
	if c := Counts(rs); c[OK] != 4 || c[Mismatch] != 0 || c[Unknown] != 0 {
		t.Errorf("Counts(seed) = %v", c)
	}
	if !rs[0].Involves("hrw-2017-apprehended-2017-07-to-08") || rs[0].Involves("famine-deaths-1994-to-1998") {
		t.Error("Involves")
	}
	if Unknown.Label() != "cannot tell" || OK.Label() != "ok" {
		t.Error("Label")
	}
}

// BenchmarkRun runs the checks over 500 subjects of the seed's shape (5,500
// figures), the size of a well-filled tracker.
func BenchmarkRun(b *testing.B) {
	seed := seedFigures(b)
	var figs []models.Figure
	for i := range 500 {
		for _, f := range seed {
			f.Population += " " + strconv.Itoa(i)
			f.Key += "-" + strconv.Itoa(i)
			if f.SubgroupOf != "" {
				f.SubgroupOf += "-" + strconv.Itoa(i)
			}
			f.Formula = strings.ReplaceAll(f.Formula, "}", "-"+strconv.Itoa(i)+"}")
			figs = append(figs, f)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if rs := Run(figs, nil); len(rs) != 2000 {
			b.Fatalf("%d results, want 2000", len(rs))
		}
	}
}
