package dashboard

// Part of the multi-report test set entered through the edit forms in a
// real browser, as an editor would type it, and read back from the store.

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestBrowserMultiReportForms: on SQLite and PostgreSQL, an editor enters
// through the forms the sources and figures of the set that need what
// the forms learnt for issue 10 — a source known only to the month (the
// bulletin), a source carrying another (the wire), a figure with no
// number, a share, a period "since 2018" as of a day, a paraphrase — and
// the store holds exactly what the set's file says. The rest of the set
// (its metrics, the monitor's statement and the 37 the share is of) is
// stored first.
func TestBrowserMultiReportForms(t *testing.T) {
	batch := multiReportBatch(t)
	entered := map[string]bool{"monitor-2019-05-bulletin": true, "harbour-wire-2019-03-05": true,
		"mg-2019-brokers-arrested": true, "mg-2019-apprehended-jan-feb-women-share": true,
		"hw-2019-returned-since-2018": true, "mg-2019-returned-april": true}
	first := models.Batch{Metrics: batch.Metrics}
	for _, s := range batch.Sources {
		if s.Key == "monitor-2019-03-03" {
			first.Sources = append(first.Sources, s)
		}
	}
	for _, f := range batch.Figures {
		if f.Key == "mg-2019-apprehended-jan-feb" {
			first.Figures = append(first.Figures, f)
		}
	}
	sources := []map[string]string{
		{"id": "monitor-2019-05-bulletin", "title": "Monthly bulletin, May 2019", "kind": "ngo_report", "publisher": "Monitor Group",
			"published_on": "2019-05", "url": "https://monitor.example.org/bulletins/2019-05", "language": "en",
			"notes": "Invented for tests. Its text is not available; Daily Outlet summarised it.", "reason": "the bulletin"},
		{"id": "harbour-wire-2019-03-05", "title": "China detained dozens of North Koreans early this year, monitor says", "kind": "news",
			"publisher": "Harbour Wire", "published_on": "2019-03-05", "url": "https://harbourwire.example.com/asia/2019/03/05/china-detained",
			"language": "en", "original": "monitor-2019-03-03",
			"notes": "Invented for tests. Carries Monitor Group's statement of 3 March 2019.", "reason": "the wire story"},
	}
	figures := []map[string]string{
		{"source": "monitor-2019-03-03", "id": "mg-2019-brokers-arrested", "metric": "arrested", "qualifier": "unquantified",
			"value_text": "An undetermined number", "unit": "people", "period_start": "2019-01", "period_end": "2019-02", "quantity_kind": "flow",
			"population": "Brokers guiding North Koreans", "acting_state": "CN", "receiving_state": "",
			"quote": "An undetermined number of brokers who guided them were also arrested.", "reported_by": "Monitor Group",
			"notes": "The release gives no number.", "reason": "no number given"},
		{"source": "monitor-2019-03-03", "id": "mg-2019-apprehended-jan-feb-women-share", "metric": "apprehended", "qualifier": "more_than",
			"value": "60", "unit": "percent", "share_of": "mg-2019-apprehended-jan-feb", "period_start": "2019-01", "period_end": "2019-02",
			"quantity_kind": "flow", "population": "North Korean women", "acting_state": "CN", "receiving_state": "KP",
			"quote": "Over 60 percent of those apprehended were women.", "reported_by": "Monitor Group", "reason": "a share"},
		{"source": "harbour-wire-2019-03-05", "id": "hw-2019-returned-since-2018", "metric": "forcibly_returned", "qualifier": "exact",
			"value": "212", "unit": "people", "period_start": "2018", "period_end": "2019-03-03", "quantity_kind": "cumulative",
			"population": "North Koreans", "acting_state": "CN", "receiving_state": "KP",
			"quote": "It said 212 North Koreans had been sent back since early 2018.", "reported_by": "Monitor Group",
			"notes": "As of Monitor Group's statement of Sunday 3 March 2019, which the wire reports.", "reason": "since early 2018"},
		{"source": "monitor-2019-05-bulletin", "id": "mg-2019-returned-april", "metric": "forcibly_returned", "qualifier": "about",
			"value": "20", "unit": "people", "period_start": "2019-04", "quantity_kind": "flow",
			"population": "North Koreans", "acting_state": "CN", "receiving_state": "KP", "evidence": "paraphrase",
			"paraphrase":     "A summary of Monitor Group's May bulletin, circulated to reporters, said the group counted about 20 people forcibly returned in April 2019.",
			"paraphrased_by": "Daily Outlet", "reported_by": "Monitor Group",
			"notes": "Known only through Daily Outlet's summary of the bulletin.", "reason": "Daily Outlet's summary"},
	}
	if n := len(sources) + len(figures); n != len(entered) {
		t.Fatalf("%d entries typed, %d meant", n, len(entered))
	}

	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.OpenConfig(t, storetest.NewDatabase(t, dialect), true)
			storetest.Apply(t, st, first)
			addEditor(t, st, "ed@example.org", models.RoleEditor)
			ts := httptest.NewServer(newServerOn(t, st))
			t.Cleanup(ts.Close)

			tab := openTab(t, tabOptions{width: 1280, height: 900})
			tab.navigate(ts.URL + "/sources/new")
			tab.waitPath("/signin?next=%2Fsources%2Fnew")
			tab.submit(map[string]string{"email": "ed@example.org", "password": testPassword}, "form.signin-form")
			tab.waitPath("/sources/new")
			for i, s := range sources {
				if i > 0 {
					tab.navigate(ts.URL + "/sources/new")
					tab.waitPath("/sources/new")
				}
				tab.submit(s, "")
				tab.waitPath("/sources/" + s["id"])
			}
			for _, f := range figures {
				tab.navigate(ts.URL + "/figures/new?source=" + f["source"])
				tab.waitPath("/figures/new?source=" + f["source"])
				tab.submit(f, "")
				tab.waitPath("/figures/" + f["id"])
			}
			wantText(t, tab.mainText(), "the paraphrased figure's page", "As summarised by Daily Outlet", "May 2019")

			checkEntered(t, st, batch, entered)
		})
	}
}

// checkEntered compares what the store holds of the entered sources and
// figures with the set's file, apart from the store's bookkeeping.
func checkEntered(t *testing.T, st *store.Store, batch models.Batch, entered map[string]bool) {
	t.Helper()
	ctx := context.Background()
	n := 0
	for _, want := range batch.Sources {
		if !entered[want.Key] {
			continue
		}
		n++
		got, err := st.GetSource(ctx, want.Key)
		if err != nil {
			t.Errorf("source %s: %v", want.Key, err)
			continue
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(models.Source{}, "ID", "Version", "CreatedAt", "UpdatedAt")); diff != "" {
			t.Errorf("source %s as entered through the form differs from the file (-file +stored):\n%s", want.Key, diff)
		}
	}
	for _, want := range batch.Figures {
		if !entered[want.Key] {
			continue
		}
		n++
		got, err := st.GetFigure(ctx, want.Key, models.AudienceEditors)
		if err != nil {
			t.Errorf("figure %s: %v", want.Key, err)
			continue
		}
		want.Normalize()
		if diff := cmp.Diff(want, got.Figure, cmpopts.IgnoreFields(models.Figure{}, "ID", "Version", "CreatedAt", "UpdatedAt")); diff != "" {
			t.Errorf("figure %s as entered through the form differs from the file (-file +stored):\n%s", want.Key, diff)
		}
	}
	if n != len(entered) {
		t.Errorf("compared %d entries, %d entered", n, len(entered))
	}
}
