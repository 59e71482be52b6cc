package store

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

func TestEntryAction(t *testing.T) {
	tests := []struct {
		name         string
		stored, same bool
		want         batchAction
		wantResult   models.BatchResult
	}{
		{"new key", false, false, actionCreate, models.BatchResult{Created: 1}},
		{"new key, same never asked", false, true, actionCreate, models.BatchResult{Created: 1}},
		{"stored, same content", true, true, actionUnchanged, models.BatchResult{Unchanged: 1}},
		{"stored, other content", true, false, actionUpdate, models.BatchResult{Updated: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entryAction(tt.stored, tt.same)
			if got != tt.want {
				t.Errorf("entryAction(%v, %v) = %d, want %d", tt.stored, tt.same, got, tt.want)
			}
			var res models.BatchResult
			got.count(&res)
			if res != tt.wantResult {
				t.Errorf("count = %+v, want %+v", res, tt.wantResult)
			}
		})
	}
}

func TestCheckFigureVersion(t *testing.T) {
	stored := models.Figure{Key: "total", Value: 92, ValueText: "92", Version: 3}
	changed := func(version int) *models.Figure {
		f := stored
		f.Value, f.ValueText, f.Version = 93, "93", version
		return &f
	}
	same := func(version int) *models.Figure {
		f := stored
		f.Version = version
		return &f
	}
	const (
		older     = `figure "total" was changed in the tracker after this file was made: the file is older than the tracker (file has version 2, the tracker 3); export it again and re-apply your edits, or clear the version and import with --overwrite`
		newer     = `figure "total" has a version the tracker has not reached: the file is newer than the tracker (file has version 4, the tracker 3), so it was not exported from this tracker's data; clear the version and import with --overwrite`
		noVersion = `figure "total" is already in the tracker and this entry would change it, but the entry has no version, so the file may be older than the tracker: export again and edit that file, or import with --overwrite to replace the tracker's figure (each change is recorded with the reason "import overwrite")`
		restore   = `figure "total" is retracted in the tracker (duplicate) and this entry would make it published again: an import restores a retracted figure only from an entry carrying its current version (3), that is an export of the retracted figure whose status you changed, and with --reason saying why`
	)
	retracted := stored
	retracted.Status, retracted.RetractReason = models.StatusRetracted, "duplicate"
	published := func(version int) *models.Figure {
		f := stored
		f.Status, f.Version = models.StatusPublished, version
		return &f
	}
	tests := []struct {
		name string
		f    *models.Figure
		old  *models.Figure
		b    models.Batch
		want []models.FieldError
	}{
		{"new figure", changed(1), nil, models.Batch{}, nil},
		{"no version, same content", same(0), &stored, models.Batch{}, nil},
		{"no version, other content", changed(0), &stored, models.Batch{}, []models.FieldError{{Field: "figures[4].version", Message: noVersion}}},
		{"no version, other content, overwrite", changed(0), &stored, models.Batch{Overwrite: true}, nil},
		{"restore without version, overwrite", published(0), &retracted, models.Batch{Overwrite: true, Restore: true}, []models.FieldError{{Field: "figures[4].status", Message: restore}}},
		{"restore from current version, no reason", published(3), &retracted, models.Batch{}, []models.FieldError{{Field: "figures[4].status", Message: restore}}},
		{"restore from current version, with reason", published(3), &retracted, models.Batch{Restore: true}, nil},
		{"current version", changed(3), &stored, models.Batch{}, nil},
		{"older version, same content", same(2), &stored, models.Batch{}, nil},
		{"older version, other content", changed(2), &stored, models.Batch{}, []models.FieldError{{Field: "figures[4].version", Message: older}}},
		{"newer version, other content", changed(4), &stored, models.Batch{Overwrite: true}, []models.FieldError{{Field: "figures[4].version", Message: newer}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p models.Problems
			checkFigureVersion(tt.f, tt.old, tt.b, "figures[4].", &p)
			if diff := cmp.Diff(tt.want, models.FieldErrors(p.Err("batch"))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFigureKeysNamed(t *testing.T) {
	tests := []struct {
		name    string
		figures []models.Figure
		want    []string
	}{
		{"none", nil, nil},
		{"keys, sorted once each", []models.Figure{{Key: "b"}, {Key: "a"}, {Key: "b"}}, []string{"a", "b"}},
		{"subgroup parent", []models.Figure{{Key: "girls", SubgroupOf: "children"}}, []string{"children", "girls"}},
		{"formula refs", []models.Figure{{Key: "returned", Formula: "{total} - {custody} + 3"}}, []string{"custody", "returned", "total"}},
		{"a bad formula names nothing", []models.Figure{{Key: "x", Formula: "{total} *"}}, []string{"x"}},
		{"shared refs", []models.Figure{{Key: "a", SubgroupOf: "p"}, {Key: "b", Formula: "{p} - {a}"}}, []string{"a", "b", "p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, figureKeysNamed(tt.figures)); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}

// A key given twice is reported at the later entry, naming the earlier
// one, and every entry, valid or not, is known to the figures' checks.
func TestCheckBatchDuplicates(t *testing.T) {
	metric := func(slug string) models.Metric {
		return models.Metric{Slug: slug, Label: "Label", Definition: "Counted by the report.", Unit: "people"}
	}
	source := func(key string) models.Source {
		return models.Source{
			Key: key, Title: "A report", Kind: models.KindCommentary, Publisher: "Publisher",
			PublishedOn: models.NewDate(2017, 9, 18), URL: "https://example.org/" + key,
			Language: "en", AccessedOn: models.NewDate(2024, 1, 15),
		}
	}
	w := &world{metrics: map[string]*string{}, sources: map[string]bool{}}
	var p models.Problems
	checkBatchMetrics([]models.Metric{metric("a"), metric("b"), metric("a"), metric("a")}, w, &p)
	checkBatchSources([]models.Source{source("s"), source("s")}, nil, false, w, &p)
	want := []models.FieldError{
		{Field: "metrics[2].slug", Message: `metric "a" is already in this batch as metrics[0]`},
		{Field: "metrics[3].slug", Message: `metric "a" is already in this batch as metrics[2]`},
		{Field: "sources[1].id", Message: `source "s" is already in this batch as sources[0]`},
	}
	if diff := cmp.Diff(want, models.FieldErrors(p.Err("batch"))); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	people := "people"
	if diff := cmp.Diff(map[string]*string{"a": &people, "b": &people}, w.metrics); diff != "" {
		t.Errorf("world's metrics (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]bool{"s": true}, w.sources); diff != "" {
		t.Errorf("world's sources (-want +got):\n%s", diff)
	}
}

// TestCheckSourceVersion: a source entry carries the same lock as a
// figure, and the message says which way the file is wrong.
func TestCheckSourceVersion(t *testing.T) {
	stored := models.Source{Key: "hrw", Title: "Report", Version: 3}
	entry := func(title string, version int) *models.Source {
		s := stored
		s.Title, s.Version = title, version
		return &s
	}
	tests := []struct {
		name      string
		src       *models.Source
		overwrite bool
		want      string // "" for no problem, else a part of the message
	}{
		{"no version, same content", entry("Report", 0), false, ""},
		{"no version, other content", entry("Edited", 0), false, `source "hrw" is already in the tracker and this entry would change it, but the entry has no version`},
		{"no version, other content, overwrite", entry("Edited", 0), true, ""},
		{"current version", entry("Edited", 3), false, ""},
		{"older version, same content", entry("Report", 2), false, ""},
		{"older version, other content", entry("Edited", 2), true, `source "hrw" was changed in the tracker after this file was made: the file is older than the tracker (file has version 2, the tracker 3)`},
		{"newer version, other content", entry("Edited", 4), false, `the file is newer than the tracker (file has version 4, the tracker 3)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p models.Problems
			checkSourceVersion(tt.src, &stored, tt.overwrite, "sources[1].", &p)
			errs := models.FieldErrors(p.Err("batch"))
			switch {
			case tt.want == "" && len(errs) != 0:
				t.Errorf("problems %v, want none", errs)
			case tt.want != "" && (len(errs) != 1 || errs[0].Field != "sources[1].version" || !strings.Contains(errs[0].Message, tt.want)):
				t.Errorf("problems %v, want one at sources[1].version saying %q", errs, tt.want)
			}
		})
	}
}
