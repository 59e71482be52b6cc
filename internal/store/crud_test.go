package store_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/internal/format"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

var ignoreBookkeeping = cmp.Options{
	cmpopts.IgnoreFields(models.Metric{}, "ID", "CreatedAt", "UpdatedAt"),
	cmpopts.IgnoreFields(models.Source{}, "ID", "CreatedAt", "UpdatedAt"),
	cmpopts.IgnoreFields(models.Figure{}, "ID", "CreatedAt", "UpdatedAt"),
}

func TestMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for _, slug := range []string{"in_custody", "apprehended"} {
			m := storetest.Metric(slug)
			must(t, s.CreateMetric(ctx, &m, storetest.Change()))
			if m.ID == 0 || m.CreatedAt.IsZero() {
				t.Errorf("CreateMetric left ID %d, CreatedAt %v", m.ID, m.CreatedAt)
			}
		}
		got, err := s.GetMetric(ctx, "apprehended")
		must(t, err)
		if diff := cmp.Diff(storetest.Metric("apprehended"), got, ignoreBookkeeping); diff != "" {
			t.Errorf("GetMetric (-want +got):\n%s", diff)
		}
		list, err := s.ListMetrics(ctx)
		must(t, err)
		if len(list) != 2 || list[0].Slug != "apprehended" || list[1].Slug != "in_custody" {
			t.Errorf("ListMetrics = %v, want apprehended, in_custody", list)
		}
		dup := storetest.Metric("apprehended")
		wantCode(t, s.CreateMetric(ctx, &dup, storetest.Change()), models.EConflict, "apprehended")
		bad := models.Metric{Slug: "Bad Slug"}
		err = s.CreateMetric(ctx, &bad, storetest.Change())
		wantCode(t, err, models.EInvalid)
		if fields := fieldNames(err); !cmp.Equal(fields, []string{"slug", "label", "definition", "unit"}) {
			t.Errorf("invalid metric fields = %v", fields)
		}
		_, err = s.GetMetric(ctx, "nope")
		wantCode(t, err, models.ENotFound, "nope")
		revs, err := s.Revisions(ctx, models.EntityMetric, "apprehended", models.AudienceEditors)
		must(t, err)
		if len(revs) != 1 || revs[0].Action != models.ActionCreate || revs[0].Version != 1 {
			t.Errorf("metric revisions = %+v", revs)
		}
	})
}

func fieldNames(err error) []string {
	var out []string
	for _, f := range models.FieldErrors(err) {
		out = append(out, f.Field)
	}
	return out
}

func TestSources(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		c := models.Change{Editor: "ana@example.org", Reason: "first entry"}
		older, newer, alsoNewer := storetest.Source("older"), storetest.Source("newer-b"), storetest.Source("newer-a")
		older.PublishedOn = models.NewDate(2010, 1, 1)
		older.AccessedOn = models.Date{} // optional: stored as NULL
		for _, src := range []*models.Source{&older, &newer, &alsoNewer} {
			must(t, s.CreateSource(ctx, src, c))
			if src.Version != 1 || src.ID == 0 {
				t.Fatalf("CreateSource left version %d, id %d", src.Version, src.ID)
			}
		}
		got, err := s.GetSource(ctx, "older")
		must(t, err)
		if diff := cmp.Diff(older, got); diff != "" {
			t.Errorf("GetSource (-created +got):\n%s", diff)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt in %v, want UTC", got.CreatedAt.Location())
		}
		list, err := s.ListSources(ctx)
		must(t, err)
		var keys []string
		for _, src := range list {
			keys = append(keys, src.Key)
		}
		if diff := cmp.Diff([]string{"newer-a", "newer-b", "older"}, keys); diff != "" {
			t.Errorf("ListSources order (-want +got):\n%s", diff)
		}

		dup := storetest.Source("older")
		wantCode(t, s.CreateSource(ctx, &dup, c), models.EConflict, "already exists")

		edit := got
		edit.Title = "A corrected title"
		must(t, s.UpdateSource(ctx, &edit, models.Change{Editor: "bo@example.org", Reason: "typo in title"}))
		if edit.Version != 2 {
			t.Errorf("version after update = %d, want 2", edit.Version)
		}
		stale := got // still version 1
		stale.Title = "A title from a stale form"
		wantCode(t, s.UpdateSource(ctx, &stale, c), models.EConflict, "version 1", "current version is 2")
		after, err := s.GetSource(ctx, "older")
		must(t, err)
		if diff := cmp.Diff(edit, after); diff != "" {
			t.Errorf("source after a refused update (-want +got):\n%s", diff)
		}
		invalid := after
		invalid.URL = "javascript:alert(1)"
		wantCode(t, s.UpdateSource(ctx, &invalid, c), models.EInvalid, "url")
		missing := storetest.Source("missing")
		wantCode(t, s.UpdateSource(ctx, &missing, c), models.ENotFound)

		revs, err := s.Revisions(ctx, models.EntitySource, "older", models.AudienceEditors)
		must(t, err)
		type rev struct {
			Version        int
			Action, Editor string
			Reason, Title  string
		}
		var gotRevs []rev
		for _, r := range revs {
			var snap models.Source
			must(t, json.Unmarshal([]byte(r.Snapshot), &snap))
			gotRevs = append(gotRevs, rev{r.Version, r.Action, r.Editor, r.Reason, snap.Title})
		}
		want := []rev{
			{1, "create", "ana@example.org", "first entry", older.Title},
			{2, "update", "bo@example.org", "typo in title", "A corrected title"},
		}
		if diff := cmp.Diff(want, gotRevs); diff != "" {
			t.Errorf("revisions (-want +got):\n%s", diff)
		}
	})
}

func TestFigureLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		c := storetest.Change()
		f := storetest.Figure("july-august", "apprehended", "src")
		f.Quote = "  " + f.Quote + "\n" // Normalize trims
		f.ActingState = "cn"
		start, end := 10, 95
		f.QuoteStart, f.QuoteEnd = &start, &end
		must(t, s.CreateFigure(ctx, &f, c))
		if f.Version != 1 || f.ActingState != "CN" {
			t.Fatalf("after create: version %d, acting state %q", f.Version, f.ActingState)
		}
		v, err := s.GetFigure(ctx, "july-august", models.AudienceEditors)
		must(t, err)
		if diff := cmp.Diff(f, v.Figure); diff != "" {
			t.Errorf("GetFigure figure (-created +got):\n%s", diff)
		}
		if v.Metric.Slug != "apprehended" || v.Source.Key != "src" || v.Source.Title == "" || v.Metric.Label == "" {
			t.Errorf("GetFigure refs = %+v / %+v", v.Metric, v.Source)
		}
		dup := storetest.Figure("july-august", "apprehended", "src")
		wantCode(t, s.CreateFigure(ctx, &dup, c), models.EConflict, "already exists")

		edit := v.Figure
		edit.Qualifier, edit.ValueText = models.QualAtLeast, "at least 41"
		must(t, s.UpdateFigure(ctx, &edit, models.Change{Editor: "e", Reason: "the report says at least"}))
		stale := v.Figure
		stale.Value = 40
		wantCode(t, s.UpdateFigure(ctx, &stale, c), models.EConflict, "current version is 2")
		cur, err := s.GetFigure(ctx, "july-august", models.AudienceEditors)
		must(t, err)
		if diff := cmp.Diff(edit, cur.Figure); diff != "" {
			t.Errorf("figure after a refused update (-want +got):\n%s", diff)
		}
		noop := cur.Figure
		must(t, s.UpdateFigure(ctx, &noop, c))
		if noop.Version != 2 {
			t.Errorf("an update changing nothing moved the version to %d", noop.Version)
		}

		wantCode(t, s.RetractFigure(ctx, "july-august", 2, "", c), models.EInvalid, "retract_reason")
		wantCode(t, s.RetractFigure(ctx, "july-august", 1, "why", c), models.EConflict)
		must(t, s.RetractFigure(ctx, "july-august", 2, "Double-counted with another report.", models.Change{Editor: "e"}))
		wantCode(t, s.RetractFigure(ctx, "july-august", 3, "again", c), models.EConflict, "already retracted")
		cur, err = s.GetFigure(ctx, "july-august", models.AudienceEditors)
		must(t, err)
		if cur.Figure.Status != models.StatusRetracted || cur.Figure.RetractReason != "Double-counted with another report." || cur.Figure.Version != 3 {
			t.Errorf("after retract: %s %q v%d", cur.Figure.Status, cur.Figure.RetractReason, cur.Figure.Version)
		}
		wantCode(t, s.RestoreFigure(ctx, "july-august", 2, c), models.EConflict)
		must(t, s.RestoreFigure(ctx, "july-august", 3, models.Change{Editor: "e", Reason: "the other report was wrong"}))
		wantCode(t, s.RestoreFigure(ctx, "july-august", 4, c), models.EConflict, "not retracted")
		wantCode(t, s.RetractFigure(ctx, "nope", 1, "x", c), models.ENotFound)
		_, err = s.GetFigure(ctx, "nope", models.AudienceEditors)
		wantCode(t, err, models.ENotFound, "nope")

		revs, err := s.Revisions(ctx, models.EntityFigure, "july-august", models.AudienceEditors)
		must(t, err)
		type rev struct {
			Version        int
			Action, Reason string
			Status         models.Status
			Qualifier      models.Qualifier
		}
		var got []rev
		for _, r := range revs {
			// A snapshot has the API's shape of a figure.
			var snap format.FigureJSON
			dec := json.NewDecoder(strings.NewReader(r.Snapshot))
			dec.DisallowUnknownFields()
			must(t, dec.Decode(&snap))
			if snap.Version != r.Version || snap.ID != "july-august" {
				t.Errorf("revision %d holds a snapshot of %s version %d", r.Version, snap.ID, snap.Version)
			}
			got = append(got, rev{r.Version, r.Action, r.Reason, models.Status(snap.Status), models.Qualifier(snap.Qualifier)})
		}
		// The last one is what the API shows of the figure now.
		cur, err = s.GetFigure(ctx, "july-august", models.AudienceEditors)
		must(t, err)
		api, err := json.Marshal(format.NewFigureJSON(&cur, nil))
		must(t, err)
		if diff := cmp.Diff(string(api), revs[len(revs)-1].Snapshot); diff != "" {
			t.Errorf("last snapshot differs from the API's figure (-api +snapshot):\n%s", diff)
		}
		want := []rev{
			{1, "create", "test fixture", "published", "exact"},
			{2, "update", "the report says at least", "published", "at_least"},
			{3, "retract", "Double-counted with another report.", "retracted", "at_least"},
			{4, "restore", "the other report was wrong", "published", "at_least"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("revisions (-want +got):\n%s", diff)
		}
		if _, err := s.Revisions(ctx, "editor", "x", models.AudienceEditors); models.ErrorCode(err) != models.EInvalid {
			t.Errorf("Revisions of an unknown entity type: %v", err)
		}
		_, err = s.Revisions(ctx, models.EntityFigure, "nope", models.AudienceEditors)
		wantCode(t, err, models.ENotFound)
	})
}

// Every problem with a figure, its own and its references', comes back at
// once, each under the field to fix.
func TestFigureProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		tests := []struct {
			name string
			edit func(*models.Figure)
			want []models.FieldError
		}{
			{"unknown metric and source, bad qualifier", func(f *models.Figure) {
				f.Metric, f.Source, f.Qualifier = "nope", "nope", "roughly"
			}, []models.FieldError{
				{Field: "qualifier", Message: `must be one of exact, documented, at_least, more_than, about, at_most, range, unquantified; got "roughly"`},
				{Field: "metric", Message: `unknown metric "nope": add it to the metrics first`},
				{Field: "source", Message: `unknown source "nope": add the source first`},
			}},
			{"unknown parent", func(f *models.Figure) { f.SubgroupOf = "nope" }, []models.FieldError{
				{Field: "subgroup_of", Message: `unknown figure "nope": subgroup_of names the figure this one is part of`},
			}},
			{"parent with another metric", func(f *models.Figure) { f.SubgroupOf = "custody" }, []models.FieldError{
				{Field: "subgroup_of", Message: `figure "custody" counts in_custody and this one apprehended: a subgroup counts the same metric as its parent`},
			}},
			{"formula with an unknown figure", func(f *models.Figure) { f.Derived, f.Formula = true, "{total} - {nope}" }, []models.FieldError{
				{Field: "formula", Message: `refers to unknown figure {nope}`},
			}},
			{"derived value that does not add up", func(f *models.Figure) {
				f.Derived, f.Formula, f.Value, f.ValueText = true, "{total} - {custody}", 40, "40"
			}, []models.FieldError{
				{Field: "value", Message: `expected 46 = 92 − 46 ({total} - {custody}), got 40`},
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := storetest.Figure("new-figure", "apprehended", "src")
				tt.edit(&f)
				err := s.CreateFigure(ctx, &f, storetest.Change())
				wantCode(t, err, models.EInvalid)
				if diff := cmp.Diff(tt.want, models.FieldErrors(err)); diff != "" {
					t.Errorf("problems (-want +got):\n%s", diff)
				}
				if _, err := s.GetFigure(ctx, "new-figure", models.AudienceEditors); models.ErrorCode(err) != models.ENotFound {
					t.Errorf("an invalid figure was stored: %v", err)
				}
			})
		}
		t.Run("subgroup cycle", func(t *testing.T) {
			v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
			must(t, err)
			child := storetest.Figure("part", "apprehended", "src")
			child.SubgroupOf = "total"
			must(t, s.CreateFigure(ctx, &child, storetest.Change()))
			parent := v.Figure
			parent.SubgroupOf = "part"
			err = s.UpdateFigure(ctx, &parent, storetest.Change())
			wantCode(t, err, models.EInvalid, "subgroup_of: would make a cycle: total → part → total")
		})
		t.Run("changing a figure a derived one uses", func(t *testing.T) {
			v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
			must(t, err)
			f := v.Figure
			f.Value, f.ValueText = 100, "100"
			err = s.UpdateFigure(ctx, &f, storetest.Change())
			wantCode(t, err, models.EInvalid, `value: figure "returned" is derived from this one`)
		})
	})
}
