package dashboard

// The invented multi-report test set (seeds/testdata/multireport) in the
// site: its figure pages and the checks page, on SQLite and PostgreSQL.

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"forcedreturns/internal/importer/importertest"
	"forcedreturns/internal/provenance"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds/seedtest"
)

// loadMultiReport writes the multi-report test set into st and verifies
// every source that has a text against it, as the import and verify
// commands do.
func loadMultiReport(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	storetest.Apply(t, st, multiReportBatch(t))
	for source, path := range seedtest.MultiReportTexts(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		figs, err := st.SourceFigures(ctx, source)
		if err != nil {
			t.Fatal(err)
		}
		res, err := provenance.VerifySource(raw, false, figs)
		if err != nil || !res.OK() {
			t.Fatalf("verify %s: %v, missing %v", source, err, res.Missing())
		}
		if err := st.AttachSourceText(ctx, source, res.Text, res.SHA256, res.Quotes(), storetest.Change()); err != nil {
			t.Fatal(err)
		}
	}
}

// newServerOn returns the dashboard over st (the store, or a test's
// wrapper of it), closed when the test ends.
func newServerOn(t testing.TB, st Store) *Server {
	t.Helper()
	s, err := New(Config{Logger: testLogger(t, slog.LevelWarn), ChecksWait: testChecksWait}, st)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

var (
	tags        = regexp.MustCompile(`<[^>]*>`)
	spaces      = regexp.MustCompile(`\s+`)
	spaceBefore = regexp.MustCompile(` ([,.;:)])`)
)

// pageText is the text of an HTML page as a reader sees it, near enough:
// tags dropped, entities decoded, white space collapsed, and none before
// punctuation (where a closing tag stood).
func pageText(page string) string {
	text := spaces.ReplaceAllString(html.UnescapeString(tags.ReplaceAllString(page, " ")), " ")
	return strings.TrimSpace(spaceBefore.ReplaceAllString(text, "$1"))
}

// TestMultiReportPages: each kind of report of the set is shown as it was
// reported, on its figure page and on the checks page.
func TestMultiReportPages(t *testing.T) {
	const (
		archived = `https://archive.example.net/2019/https://monitor.example.org/2019/03/03/arrests-continue#:~:text=`
		openAt   = `id="open-at-sentence"`
		archive  = `id="open-archive-at-sentence"`
	)
	type page struct {
		path      string
		text      []string // in the page's text
		html      []string // in its HTML
		notText   []string
		notHTML   []string
		reference string // what the case is
	}
	pages := []page{
		{reference: "a wire story carrying the monitor's statement", path: "/figures/hw-2019-apprehended-jan-feb",
			text: []string{"China detained dozens of North Koreans early this year, monitor says, Monitor Group (3 Mar 2019), as carried by Harbour Wire, 5 Mar 2019",
				"About the original it carries", "Verified against the source text"},
			html:    []string{openAt, `href="/sources/monitor-2019-03-03"`},
			notText: []string{"Monitor Group, via Monitor Group", "Not verified"},
			notHTML: []string{archive}, // the wire has no archived copy
		},
		{reference: "the wire's since-2018 figure, a mixed-precision period", path: "/figures/hw-2019-returned-since-2018",
			text: []string{"2018 – 3 Mar 2019", "as carried by Harbour Wire", "known to the year at its start and the day at its end"},
		},
		{reference: "a paraphrase", path: "/figures/mg-2019-returned-april",
			text: []string{"As summarised by Daily Outlet",
				"as summarised by Daily Outlet, of Monthly bulletin, May 2019, Monitor Group, May 2019",
				"A summary of Monitor Group's May bulletin, circulated to reporters, said the group counted about 20 people forcibly returned in April 2019."},
			notText: []string{"Open at this sentence", "Verified against the source text", "The sentence it comes from"},
			notHTML: []string{openAt, archive, "#:~:text="},
		},
		{reference: "an undetermined number", path: "/figures/mg-2019-brokers-arrested",
			text:    []string{"No number given by the source.", "It says “An undetermined number” (people)", "never drawn in a chart or added to a total"},
			html:    []string{openAt, archive, archived + "An%20undetermined%20number"},
			notText: []string{"Value 0"},
		},
		{reference: "a share", path: "/figures/mg-2019-apprehended-jan-feb-women-share",
			text: []string{"more than 60 % of the 37 documented apprehended (North Koreans, Jan 2019 – Feb 2019) were North Korean women",
				"a percentage of that figure, never added to it or drawn as people"},
			html: []string{`<a href="/figures/mg-2019-apprehended-jan-feb">`},
		},
		{reference: "the monitor's own statement, with its archived copy", path: "/figures/mg-2019-apprehended-jan-feb",
			text: []string{"Open at this sentence", "Open the archived copy at this sentence", "Arrests of North Koreans in China continue into 2019, Monitor Group, 3 Mar 2019",
				"Shares of this figure"},
			html: []string{archive, archived + "Monitor%20Group%20documented%2037%20North%20Koreans"},
		},
		{reference: "a source known to the month", path: "/figures/do-2019-returned-dandong",
			text:    []string{"Border crossing sees group returned, Daily Outlet, Jul 2019", "14 Jul 2019", "Agreement"},
			notText: []string{"1 Jul 2019"},
		},
		{reference: "a source known to the year", path: "/figures/mg-2019-in-custody-year-end",
			text:    []string{"Annual report 2019, Monitor Group, 2020"},
			notText: []string{"1 Jan 2020"},
		},
		{reference: "the carrier's source page", path: "/sources/harbour-wire-2019-03-05",
			text: []string{"Publisher Harbour Wire Carries Arrests of North Koreans in China continue into 2019 — Monitor Group, 3 Mar 2019 Published 5 Mar 2019",
				"“China detained dozens of North Koreans early this year, monitor says.” Monitor Group (3 Mar 2019), as carried by Harbour Wire, 5 March 2019."},
			html: []string{`href="/sources/monitor-2019-03-03"`},
		},
		{reference: "the bulletin, known to the month and only through a summary", path: "/sources/monitor-2019-05-bulletin",
			text: []string{"Published May 2019", "not yet: no source text attached", "As summarised by Daily Outlet: A summary of Monitor Group's May bulletin"},
		},
		{reference: "the list of sources", path: "/sources",
			text: []string{"China detained dozens of North Koreans early this year, monitor says — Monitor Group (3 Mar 2019), as carried by Harbour Wire, 5 Mar 2019",
				"Border crossing sees group returned — Daily Outlet, Jul 2019", "Annual report 2019 — Monitor Group, 2020"},
		},
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		loadMultiReport(t, st)
		s := newServerOn(t, st)
		for _, p := range pages {
			r := get(t, s, p.path)
			raw := body(t, r)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s (%s): status %d", p.path, p.reference, r.StatusCode)
				continue
			}
			text := pageText(raw)
			for _, w := range p.text {
				if !strings.Contains(text, w) {
					t.Errorf("%s (%s) does not say %q:\n%s", p.path, p.reference, w, text)
				}
			}
			for _, w := range p.html {
				if !strings.Contains(raw, w) {
					t.Errorf("%s (%s) lacks %s", p.path, p.reference, w)
				}
			}
			for _, w := range p.notText {
				if strings.Contains(text, w) {
					t.Errorf("%s (%s) says %q", p.path, p.reference, w)
				}
			}
			for _, w := range p.notHTML {
				if strings.Contains(raw, w) {
					t.Errorf("%s (%s) has %s", p.path, p.reference, w)
				}
			}
		}

		// The checks page: the three reports of 14 July are one agreement
		// group of three sources; the wire and the statement it carries
		// are two sources but one report.
		checks := pageText(body(t, get(t, s, "/checks")))
		for _, w := range []string{
			"Outcome Checks mismatch 0 cannot tell 3 ok 7", "10 relations found between the figures",
			"Agreement: forcibly returned, North Koreans (CN → KP), 14 Jul 2019",
			"Daily Outlet (source daily-outlet-2019-07) says 16, Monitor Group (source monitor-2019-07-16) says 16, Monitor Group (source monitor-2020-annual) says 16 (documented: ≥ 16): they agree; together they allow 16 (3 sources).",
			"together they allow 37 (2 sources, one report)",
			"they are one report, not independent confirmations",
		} {
			if !strings.Contains(checks, w) {
				t.Errorf("the checks page does not say %q:\n%s", w, checks)
			}
		}
		if strings.Contains(checks, "Mismatch ") {
			t.Errorf("the checks page shows a mismatch:\n%s", checks)
		}

		// The charts: no share and no figure without a number is drawn;
		// the bars of apprehensions are one per reported quantity (the
		// wire and the statement it carries are one bar), flows only.
		figureURL := regexp.MustCompile(`"url":"/figures/([a-z0-9-]+)"`)
		for _, tt := range []struct {
			chart string
			want  []string // the figures drawn, nil for any
		}{
			{"apprehensions", []string{"mg-2019-apprehended-year", "mg-2019-apprehended-h1", "hw-2019-apprehended-jan-feb"}},
			{"outcomes", []string{"mg-2019-apprehended-year", "mg-2019-in-custody-year-end", "mg-2019-returned-year"}},
			{"timeline", nil},
		} {
			r := get(t, s, "/api/v1/charts/"+tt.chart)
			c := body(t, r)
			var drawn []string
			for _, m := range figureURL.FindAllStringSubmatch(c, -1) {
				drawn = append(drawn, m[1])
			}
			if r.StatusCode != http.StatusOK || len(drawn) == 0 {
				t.Errorf("chart %s: status %d, %d figures drawn", tt.chart, r.StatusCode, len(drawn))
			}
			for _, k := range drawn {
				if k == "mg-2019-apprehended-jan-feb-women-share" || k == "mg-2019-brokers-arrested" {
					t.Errorf("chart %s draws %s, which counts no people", tt.chart, k)
				}
			}
			if tt.want != nil && strings.Join(drawn, " ") != strings.Join(tt.want, " ") {
				t.Errorf("chart %s draws %v, want %v", tt.chart, drawn, tt.want)
			}
		}
	})
}

// multiReportBatch parses the multi-report test set as the import command
// does, or fails the test.
func multiReportBatch(t testing.TB) models.Batch { return importertest.MultiReport(t) }
