package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds/seedtest"
)

// The invented multi-report test set (seeds/testdata/multireport) through
// the commands, on SQLite and PostgreSQL: imported into an empty database,
// verified against its texts, checked, exported in every format, and
// re-imported from each export into another empty database.

// cliOn returns a cli on the database of cfg, named through the
// environment as a user would.
func cliOn(t *testing.T, cfg store.Config) *cli {
	t.Helper()
	c := newCLI(t)
	if cfg.DatabaseURL != "" {
		c.env["FORCEDRETURNS_DATABASE_URL"] = cfg.DatabaseURL
	} else {
		c.env["FORCEDRETURNS_SQLITE_PATH"] = cfg.SQLitePath
	}
	return c
}

func dialectOf(cfg store.Config) string {
	if cfg.DatabaseURL != "" {
		return store.DialectPostgres
	}
	return store.DialectSQLite
}

// figuresOf returns every figure the database of cfg holds.
func figuresOf(t *testing.T, cfg store.Config) []models.Figure {
	t.Helper()
	s := storetest.OpenConfig(t, cfg, false)
	var out []models.Figure
	err := s.EachFigure(ctx, models.AllFigures(models.AudienceEditors), func(v *models.FigureView) error {
		out = append(out, v.Figure)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// multiReportQuotes is how many quotes each text of the set holds; the
// bulletin (monitor-2019-05-bulletin) has no text: its one figure is known
// through Daily Outlet's paraphrase.
var multiReportQuotes = map[string]int{
	"monitor-2019-03-03":      5,
	"harbour-wire-2019-03-05": 2,
	"daily-outlet-2019-07":    1,
	"monitor-2019-07-16":      2,
	"monitor-2020-annual":     5,
}

// multiReportChecks is what check finds in the set, in its order. Three
// results are "cannot tell", on purpose: the annual report counts "in
// 2019", a period known to the year, and a bound known only to the year
// may be any day of it (checks.Relation), so whether Jan–Jun 2019, April
// or 14 July lie within it, or it within Jan 2018 – Dec 2019, is left
// open. No result is a mismatch.
var multiReportChecks = []struct {
	kind   string
	status checks.Status
	title  string
}{
	{checks.KindPartsWhole, checks.Unknown, "Parts and whole: apprehended, North Koreans (CN → KP), 2019"},
	{checks.KindPartsWhole, checks.Unknown, "Parts and whole: apprehended, North Koreans (CN → KP), Jan 2018 – Dec 2019"},
	{checks.KindPartsWhole, checks.OK, "Parts and whole: apprehended, North Koreans (CN → KP), Jan 2019 – Jun 2019"},
	{checks.KindPartsWhole, checks.Unknown, "Parts and whole: forcibly returned, North Koreans (CN → KP), 2019"},
	{checks.KindCohort, checks.OK, "Cohort: apprehended, North Koreans (CN → KP) split into in custody and forcibly returned"},
	{checks.KindSubgroups, checks.OK, "Subgroups of 37 apprehended (North Koreans, Jan 2019 – Feb 2019)"},
	{checks.KindShares, checks.OK, "Share of 37 apprehended (North Koreans, Jan 2019 – Feb 2019): North Korean women"},
	{checks.KindAgreement, checks.OK, "Agreement: apprehended, North Koreans (CN → KP), Jan 2019 – Feb 2019"},
	{checks.KindAgreement, checks.OK, "Agreement: forcibly returned, North Koreans (CN → KP), 14 Jul 2019"},
	{checks.KindAgreement, checks.OK, "Agreement: forcibly returned, North Koreans (CN → KP), 2018 – 3 Mar 2019"},
}

func TestMultiReportThroughTheCommands(t *testing.T) {
	yamlPath, _ := seedtest.MultiReport(t)
	texts := seedtest.MultiReportTexts(t)
	if len(texts) != len(multiReportQuotes) {
		t.Fatalf("the set has texts %v, the test expects %v", texts, multiReportQuotes)
	}
	exports := map[string]map[string]string{} // by dialect, then format
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		a := cliOn(t, cfg)
		contains(t, "import", a.ok("import", yamlPath), "imported 4 metrics, 6 sources, 16 figures: 26 created, 0 updated, 0 unchanged")

		for source, n := range multiReportQuotes {
			contains(t, "verify "+source, a.ok("verify", "--source", source, "--text", texts[source]),
				fmt.Sprintf("recorded the text and the offsets of %d quotes", n))
		}
		checkVerified(t, cfg, texts)

		// Imports never destroy silently: the file again (no versions, no
		// offsets) changes nothing, not even the recorded verification; a
		// changed figure without a version is refused, and --overwrite
		// --dry-run shows the change it would make.
		contains(t, "import again", a.ok("import", yamlPath), "0 created, 0 updated, 26 unchanged")
		changed := a.write("changed.yaml", strings.Replace(readFile(t, yamlPath), "value: 118\n", "value: 119\n", 1))
		r := a.run("import", changed)
		if r.code != exitFailure {
			t.Errorf("a changed figure without a version imported: %s", r)
		}
		contains(t, "the refusal", r.stderr, `figures[10].version: figure "mg-2019-apprehended-h1" is already in the tracker and this entry would change it, but the entry has no version`, "--overwrite")
		contains(t, "dry run", a.ok("import", "--dry-run", "--overwrite", changed),
			`figure mg-2019-apprehended-h1: value: "118" → "119"`, "dry run, nothing written; would import 4 metrics, 6 sources, 16 figures: 0 created, 1 updated, 25 unchanged")
		checkVerified(t, cfg, texts)

		doc := decodeCheck(t, a.ok("check", "--format", "json"))
		var got []string
		for _, r := range doc.Results {
			got = append(got, fmt.Sprintf("%s %s %s", r.Kind, r.Status, r.Title))
		}
		var want []string
		for _, r := range multiReportChecks {
			want = append(want, fmt.Sprintf("%s %s %s", r.kind, r.status, r.title))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("check of the multi-report set (-want +got):\n%s", diff)
		}
		for _, r := range doc.Results {
			if r.Kind == checks.KindAgreement && r.Title == multiReportChecks[8].title {
				contains(t, "the Dandong agreement", r.Explanation, "says 16", "they agree; together they allow 16 (3 sources).")
			}
		}

		csvFile, metricsFile, sourcesFile := a.path("export.csv"), a.path("metrics.csv"), a.path("sources.csv")
		jsonFile, zipFile := a.path("export.json"), a.path("export.zip")
		a.ok("export", "--format", "csv", "--out", csvFile, "--metrics", metricsFile, "--sources", sourcesFile)
		a.ok("export", "--format", "json", "--out", jsonFile)
		a.ok("export", "--format", "datapackage", "--out", zipFile)

		exported := parseCSV(t, readFile(t, csvFile))
		checkMultiReportCounting(t, exported)
		checkCountableSums(t, readFile(t, csvFile), figuresOf(t, cfg), map[exporttest.Sum]float64{
			// apprehended: the 455 of Jan 2018 – Dec 2019 (cumulative)
			// holds, or may hold, the 260 of 2019, the 118 of Jan–Jun
			// 2019 and the 37 of Jan–Feb 2019 (reported twice, by the
			// monitor and the wire carrying it): 455 alone. The 9
			// children are a subgroup of the 37, the 60 % a share of it.
			{Metric: "apprehended", Unit: "people"}: 455,
			// forcibly_returned: 212 since 2018 as of 3 Mar 2019 (twice,
			// one report) + about 20 in April 2019 + 16 on 14 July 2019
			// (three sources, one event) = 248; "as many as 140" of 2019
			// shares days with the 212 (1 Jan – 3 Mar 2019), so the
			// earlier 212 stands for both.
			{Metric: "forcibly_returned", Unit: "people"}: 212 + 20 + 16,
			// in_custody: one stock, at least 50 on 31 Dec 2019.
			{Metric: "in_custody", Unit: "people", Stock: true}: 50,
			// arrested: the brokers are unquantified ("an undetermined
			// number"), and the percent share counts nobody: no sum.
		}, map[exporttest.Sum]float64{
			// A naive sum of everything: 37 + 37 + 9 + 118 + 260 + 455;
			// 212 + 212 + 140 + 20 + 16 + 16 + 16; 60; 50.
			{Metric: "apprehended", Unit: "people"}:             916,
			{Metric: "forcibly_returned", Unit: "people"}:       632,
			{Metric: "apprehended", Unit: models.UnitPercent}:   60,
			{Metric: "in_custody", Unit: "people", Stock: true}: 50,
			{Metric: "arrested", Unit: "people"}:                0,
		})

		if got := parseCSV(t, readFile(t, csvFile)).byID(t, "mg-2019-apprehended-h1")["value"]; got != "118" {
			t.Errorf("after the refused and the dry-run imports, the export says %s, want 118", got)
		}

		// Each export into another empty database, and out again.
		for _, tt := range []struct {
			format string
			args   []string
		}{
			{"csv", []string{"--metrics", metricsFile, "--sources", sourcesFile, csvFile}},
			{"json", []string{jsonFile}},
			{"datapackage", []string{zipFile}},
		} {
			t.Run(tt.format, func(t *testing.T) {
				cfgB := storetest.NewDatabase(t, dialectOf(cfg))
				b := cliOn(t, cfgB)
				contains(t, "import", b.ok(append([]string{"import"}, tt.args...)...),
					"imported 4 metrics, 6 sources, 16 figures: 26 created, 0 updated, 0 unchanged")
				first := exportFiles(t, a, tt.format)
				if exports[dialectOf(cfg)] == nil {
					exports[dialectOf(cfg)] = map[string]string{}
				}
				for name, text := range normalise(t, first, false) {
					exports[dialectOf(cfg)][tt.format+"/"+name] = text
				}
				second := exportFiles(t, b, tt.format)
				// The second database starts its own history: every
				// version is 1 there, where verify made the first's 2.
				if diff := cmp.Diff(normalise(t, first, true), normalise(t, second, true)); diff != "" {
					t.Errorf("the re-imported %s exports differently, apart from timestamps and versions (-first +second):\n%s", tt.format, diff)
				}
				checkVerified(t, cfgB, texts)
				if tt.format != "json" {
					return
				}
				// From there on, nothing but the time changes.
				c := cliOn(t, storetest.NewDatabase(t, dialectOf(cfg)))
				p := c.write("second.json", second["export.json"])
				contains(t, "import", c.ok("import", p), "26 created")
				if diff := cmp.Diff(normalise(t, second, false), normalise(t, exportFiles(t, c, tt.format), false)); diff != "" {
					t.Errorf("a second round trip exports differently, apart from timestamps (-second +third):\n%s", diff)
				}
			})
		}

		// With --overwrite the change is made, and the unchanged quote
		// keeps its recorded offsets.
		contains(t, "overwrite", a.ok("import", "--overwrite", changed), "0 created, 1 updated, 25 unchanged")
		for _, f := range figuresOf(t, cfg) {
			if f.Key == "mg-2019-apprehended-h1" && (f.Value != 119 || f.QuoteStart == nil || f.Version != 3) {
				t.Errorf("after --overwrite: value %d, offsets %v, version %d; want 119, kept, 3", f.Value, f.QuoteStart, f.Version)
			}
		}
		// The export made before it is now older than the tracker.
		r = a.run("import", "--metrics", metricsFile, "--sources", sourcesFile, csvFile)
		if r.code != exitFailure {
			t.Errorf("an export older than the tracker imported: %s", r)
		}
		contains(t, "the stale import", r.stderr, `figure "mg-2019-apprehended-h1" was changed in the tracker after this file was made: the file is older than the tracker (file has version 2, the tracker 3)`)
	})
	// Both databases export the same bytes, apart from timestamps.
	if sq, pg := exports[store.DialectSQLite], exports[store.DialectPostgres]; sq != nil && pg != nil {
		if diff := cmp.Diff(sq, pg); diff != "" {
			t.Errorf("SQLite and PostgreSQL export the set differently (-SQLite +PostgreSQL):\n%s", diff)
		}
	} else if sq == nil && !t.Failed() {
		t.Error("the SQLite run kept no export to compare") // PostgreSQL may be skipped outside CI
	}
}

// checkVerified checks what verify recorded: every quoted figure's
// offsets point at its quote in its source's text, and each source with
// a text carries the text's SHA-256; the paraphrase and its source have
// neither.
func checkVerified(t *testing.T, cfg store.Config, texts map[string]string) {
	t.Helper()
	s := storetest.OpenConfig(t, cfg, false)
	for source, path := range texts {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(raw)
		src, err := s.GetSource(ctx, source)
		if err != nil || src.TextSHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("source %s: text_sha256 %q, %v; want the sha256 of %s", source, src.TextSHA256, err, path)
		}
	}
	if src, err := s.GetSource(ctx, "monitor-2019-05-bulletin"); err != nil || src.TextSHA256 != "" {
		t.Errorf("the bulletin, which has no text: text_sha256 %q, %v", src.TextSHA256, err)
	}
	for _, f := range figuresOf(t, cfg) {
		if f.Paraphrased() {
			if f.QuoteStart != nil || f.QuoteEnd != nil {
				t.Errorf("%s, a paraphrase, has offsets", f.Key)
			}
			continue
		}
		raw, err := os.ReadFile(texts[f.Source])
		if err != nil {
			t.Fatal(err)
		}
		if f.QuoteStart == nil || f.QuoteEnd == nil || *f.QuoteEnd > len(raw) || string(raw[*f.QuoteStart:*f.QuoteEnd]) != f.Quote {
			t.Errorf("%s: offsets %v–%v do not hold its quote %q in %s", f.Key, f.QuoteStart, f.QuoteEnd, f.Quote, f.Source)
		}
	}
}

// checkMultiReportCounting checks the countable, group and counted_in
// columns of every figure of the set, as worked out by hand.
func checkMultiReportCounting(t *testing.T, tb table) {
	t.Helper()
	const (
		total455 = "mg-2018-2019-apprehended-total"
		wire37   = "hw-2019-apprehended-jan-feb" // of the two equal reports, the lower key stands for the group
		wire212  = "hw-2019-returned-since-2018"
		dandong  = "do-2019-returned-dandong"
	)
	for _, tt := range []struct {
		id, countable, group, countedIn string
	}{
		{total455, "true", total455, ""},
		{"mg-2019-apprehended-year", "false", "mg-2019-apprehended-year", total455},
		{"mg-2019-apprehended-h1", "false", "mg-2019-apprehended-h1", total455},
		{wire37, "false", wire37, total455},
		{"mg-2019-apprehended-jan-feb", "false", wire37, total455},
		{"mg-2019-apprehended-jan-feb-children", "false", "mg-2019-apprehended-jan-feb-children", total455},
		{"mg-2019-apprehended-jan-feb-women-share", "false", "mg-2019-apprehended-jan-feb-women-share", total455},
		{"mg-2019-brokers-arrested", "false", "", ""},
		{wire212, "true", wire212, ""},
		{"mg-2019-returned-since-2018", "false", wire212, wire212},
		{"mg-2019-returned-year", "false", "mg-2019-returned-year", wire212},
		{"mg-2019-returned-april", "true", "mg-2019-returned-april", ""},
		{dandong, "true", dandong, ""},
		{"mg-2019-returned-dandong", "false", dandong, dandong},
		{"mg-2020-returned-dandong", "false", dandong, dandong},
		{"mg-2019-in-custody-year-end", "true", "mg-2019-in-custody-year-end", ""},
	} {
		r := tb.byID(t, tt.id)
		if got := [3]string{r["countable"], r["group"], r["counted_in"]}; got != [3]string{tt.countable, tt.group, tt.countedIn} {
			t.Errorf("%s: countable, group, counted_in = %q, want %q", tt.id, got, [3]string{tt.countable, tt.group, tt.countedIn})
		}
	}
	// Rates only for flows over a month or more, each end known alike;
	// the CSV says the unit of every row.
	for _, tt := range []struct{ id, unit, perMonth string }{
		{"mg-2019-apprehended-jan-feb", "people", "18.5"},
		{"mg-2019-returned-april", "people", "20"},
		{"mg-2019-apprehended-year", "people", "21.67"},
		{"do-2019-returned-dandong", "people", ""},                 // one day
		{"hw-2019-returned-since-2018", "people", ""},              // cumulative, and year to day
		{"mg-2019-apprehended-jan-feb-women-share", "percent", ""}, // a share has no rate
		{"mg-2019-brokers-arrested", "people", ""},                 // no number
		{"mg-2019-in-custody-year-end", "people", ""},              // a stock
	} {
		if r := tb.byID(t, tt.id); r["unit"] != tt.unit || r["per_month"] != tt.perMonth {
			t.Errorf("%s: unit %q, per_month %q; want %q, %q", tt.id, r["unit"], r["per_month"], tt.unit, tt.perMonth)
		}
	}
	if len(tb.rows) != 16 {
		t.Errorf("the export has %d rows, want the 16 figures", len(tb.rows))
	}
}

// checkCountableSums reads an exported CSV and checks, per metric and unit
// (stocks apart), that sum(value where countable) is the tracker's own
// no-double-counting total of the figures (exporttest.TrackerTotals), and
// that both are the totals worked out by hand (want); naive is the sum of
// every value, which must differ somewhere for the test to mean anything.
func checkCountableSums(t *testing.T, csvText string, figs []models.Figure, want, naive map[exporttest.Sum]float64) {
	t.Helper()
	countable, all := map[exporttest.Sum]float64{}, map[exporttest.Sum]float64{}
	for _, r := range parseCSV(t, csvText).rows {
		k := exporttest.Sum{Metric: r["metric"], Unit: r["unit"], Stock: r["quantity_kind"] == string(models.Stock)}
		cell := r["value"]
		if r["qualifier"] == string(models.QualRange) {
			cell = r["value_low"]
		}
		var v float64
		if cell != "" {
			n, err := strconv.ParseInt(cell, 10, 64)
			if err != nil {
				t.Fatalf("%s: value %q: %v", r["figure_id"], cell, err)
			}
			v = float64(n)
		}
		all[k] += v
		switch r["countable"] {
		case "true":
			countable[k] += v
		case "false":
		default:
			t.Errorf("%s: countable %q, want true or false", r["figure_id"], r["countable"])
		}
	}
	for k, v := range countable {
		if v == 0 {
			delete(countable, k)
		}
	}
	tracker, err := exporttest.TrackerTotals(figs)
	if err != nil {
		t.Errorf("the tracker's total: %v", err)
	}
	if diff := cmp.Diff(want, tracker); diff != "" {
		t.Errorf("the tracker's own total differs from the hand-made one (-by hand +tracker):\n%s", diff)
	}
	if diff := cmp.Diff(want, countable); diff != "" {
		t.Errorf("sum(value where countable) of the CSV differs from the hand-made total (-by hand +CSV):\n%s", diff)
	}
	if diff := cmp.Diff(naive, all); diff != "" {
		t.Errorf("the naive sums of the CSV (-by hand +CSV):\n%s", diff)
	}
	if cmp.Equal(want, all) {
		t.Error("the naive sum equals the countable one: the data does not test double counting")
	}
}

// TestSeedCountableSums: for the seed, exported as CSV on SQLite and
// PostgreSQL, sum(value where countable) per metric is the tracker's own
// total, and both are the totals worked out by hand.
func TestSeedCountableSums(t *testing.T) {
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		c := cliOn(t, cfg)
		c.ok("seed")
		checkCountableSums(t, c.ok("export", "--format", "csv"), figuresOf(t, cfg), map[exporttest.Sum]float64{
			// The 92 since June 2016 holds its parts 51 + 41 and its
			// subgroups 1, 11 and 4: 92 alone.
			{Metric: "apprehended", Unit: "people"}: 92,
			// The rest forced back: 92 − 46 = 46, derived from figures of
			// other metrics, so the only count of its people.
			{Metric: "forcibly_returned", Unit: "people"}:       46,
			{Metric: "in_custody", Unit: "people", Stock: true}: 46,
			// Deaths, imprisoned and arrested are unquantified: no sum.
		}, map[exporttest.Sum]float64{
			{Metric: "apprehended", Unit: "people"}:             92 + 51 + 41 + 1 + 11 + 4,
			{Metric: "forcibly_returned", Unit: "people"}:       46,
			{Metric: "in_custody", Unit: "people", Stock: true}: 46,
			{Metric: "deaths", Unit: "people"}:                  0,
			{Metric: "imprisoned", Unit: "people"}:              0,
			{Metric: "arrested", Unit: "people"}:                0,
		})
	})
}

// exportFiles exports everything the cli's database holds in format and
// returns the files by name: export.csv with its metrics.csv and
// sources.csv, export.json, or the files of the data package.
func exportFiles(t *testing.T, c *cli, format string) map[string]string {
	t.Helper()
	switch format {
	case "csv":
		p, m, s := c.path("again.csv"), c.path("again-metrics.csv"), c.path("again-sources.csv")
		c.ok("export", "--format", "csv", "--out", p, "--metrics", m, "--sources", s)
		return map[string]string{"export.csv": readFile(t, p), "metrics.csv": readFile(t, m), "sources.csv": readFile(t, s)}
	case "json":
		p := c.path("again.json")
		c.ok("export", "--format", "json", "--out", p)
		return map[string]string{"export.json": readFile(t, p)}
	}
	p := c.path("again.zip")
	c.ok("export", "--format", "datapackage", "--out", p)
	raw := readFile(t, p)
	zr, err := zip.NewReader(bytes.NewReader([]byte(raw)), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
		names = append(names, f.Name)
	}
	out["(files)"] = fmt.Sprint(names)
	return out
}

// rfc3339 matches a time of day: the export's time and each figure's last
// change, the only text that may differ between two exports of the same
// data.
var rfc3339 = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`)

// jsonVersion matches the version of a figure or source in a JSON export.
var jsonVersion = regexp.MustCompile(`"version":\d+`)

// normalise blanks the timestamps of exported files and, if versions, the
// versions: the version columns of CSV files (found by their header) and
// the version fields of JSON.
func normalise(t *testing.T, files map[string]string, versions bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, text := range files {
		text = rfc3339.ReplaceAllString(text, "T")
		switch {
		case !versions:
		case name == "export.json" || name == "datapackage.json":
			text = jsonVersion.ReplaceAllString(text, `"version":V`)
		case name != "metrics.csv" && len(name) > 4 && name[len(name)-4:] == ".csv":
			text = blankColumns(t, text, "version", "source_version")
		}
		out[name] = text
	}
	return out
}

// blankColumns empties the named columns of a CSV file, keeping its bytes
// otherwise (CRLF line ends and quoting as the export writes them).
func blankColumns(t *testing.T, text string, names ...string) string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader([]byte(text))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cols []int
	for i, h := range recs[0] {
		for _, n := range names {
			if h == n {
				cols = append(cols, i)
			}
		}
	}
	sort.Ints(cols)
	if len(cols) == 0 {
		t.Fatalf("no column %v in %v", names, recs[0])
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	for _, r := range recs[1:] {
		for _, i := range cols {
			r[i] = ""
		}
	}
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
