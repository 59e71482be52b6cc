package dashboard

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// isolating matches a page up to the start of an isolated element's text.
var isolating = regexp.MustCompile(`(<bdi( lang="[a-zA-Z-]+")?>|<[a-z]+ [^>]*dir="auto"[^>]*>)$`)

// TestMultiLineTextIsIsolated checks that every multi-line text a page
// shows (quotes, notes, definitions, retraction and revision reasons),
// which may hold a right-to-left override, sits in a <bdi> element or one
// with dir="auto": both isolate their content, so the override cannot
// reverse the text after it.
func TestMultiLineTextIsIsolated(t *testing.T) {
	s, st := newTestServer(t)
	ctx := context.Background()
	rlo := func(what string) string { return what + " \u202Esdrawkcab" }
	m := storetest.Metric("bidi_metric")
	m.Definition = rlo("definition")
	src := storetest.Source("bidi-source")
	src.Notes = rlo("source notes")
	f := storetest.Figure("bidi-figure", "bidi_metric", "bidi-source")
	f.Quote = rlo("quote")
	f.Notes = rlo("figure notes")
	f.Status, f.RetractReason = models.StatusRetracted, rlo("retract reason")
	b := models.Batch{Metrics: []models.Metric{m}, Sources: []models.Source{src}, Figures: []models.Figure{f}}
	if _, err := st.ApplyBatch(ctx, b, models.Change{Editor: "test", Reason: rlo("revision reason")}, false); err != nil {
		t.Fatal(err)
	}
	// A second version puts the old and the new quote in the history.
	old := f.Quote
	b.Figures[0].Quote = rlo("amended wording")
	b.Figures[0].Version = 1 // an update states the version it was made from
	if _, err := st.ApplyBatch(ctx, b, models.Change{Editor: "test", Reason: rlo("revision reason")}, false); err != nil {
		t.Fatal(err)
	}
	f.Quote = b.Figures[0].Quote
	for _, tt := range []struct {
		path  string
		texts []string
	}{
		{"/figures/bidi-figure", []string{f.Quote, old, f.Notes, f.RetractReason, rlo("revision reason")}},
		{"/sources/bidi-source", []string{src.Notes, f.Quote, rlo("revision reason")}},
		{"/metrics", []string{m.Definition}},
	} {
		r := get(t, s, tt.path)
		page := body(t, r)
		if r.StatusCode != 200 {
			t.Fatalf("%s: status %d", tt.path, r.StatusCode)
		}
		for _, text := range tt.texts {
			esc := html.EscapeString(text)
			i := strings.Index(page, esc)
			if i < 0 {
				t.Errorf("%s does not show %+q", tt.path, text)
				continue
			}
			for i >= 0 {
				before := page[:i]
				// Attribute values (a meta description) are not laid out.
				inTag := strings.LastIndex(before, "<") > strings.LastIndex(before, ">")
				if !inTag && !isolating.MatchString(before) {
					t.Errorf("%s shows %+q outside <bdi> or dir=auto: …%s", tt.path, text, before[max(0, len(before)-80):])
				}
				next := strings.Index(page[i+len(esc):], esc)
				if next < 0 {
					break
				}
				i += len(esc) + next
			}
		}
	}
}
