package main

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// testSource describes a source of the import tests' own, so that what
// they import never rewrites the seed's source.
var testSource = map[string]string{
	"source_id":           "test-report-2018",
	"source_title":        "A test report on apprehensions",
	"source_kind":         "ngo_report",
	"source_publisher":    "Test Publisher",
	"source_authors":      "A. Author",
	"source_published_on": "2018-01-15",
	"source_url":          "https://example.org/reports/2018-01",
	"source_language":     "en",
	"source_accessed_on":  "2024-05-02",
	// Every other source_ cell is empty.
	"source_author_affiliation": "",
	"source_archive_url":        "",
	"source_text_sha256":        "",
}

// testRow returns a valid new figure citing testSource.
func testRow(t *testing.T, id string) map[string]string {
	t.Helper()
	row := newFigureRow(t, id)
	for k, v := range testSource {
		row[k] = v
	}
	return row
}

// importLine is what import prints on success.
func importLine(verb string, metrics, sources, figures, created, updated, unchanged int) string {
	return fmt.Sprintf("%s %d metrics, %d sources, %d figures: %d created, %d updated, %d unchanged\n",
		verb, metrics, sources, figures, created, updated, unchanged)
}

// problemLines returns the per-problem lines of an error report.
func problemLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "  ") {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return out
}

// TestImportReportsEveryProblem checks that a file with several bad rows
// is refused whole, with every problem listed with its row and column.
func TestImportReportsEveryProblem(t *testing.T) {
	c := newSeededCLI(t)
	before := c.figureKeys()
	file := c.csvFile("bad.csv",
		testRow(t, "good-row"),
		with(testRow(t, "bad-value"), "value", "4l"),
		with(testRow(t, "bad-month"), "period_start", "2017-13"),
		with(testRow(t, "bad-qualifier"), "qualifier", "roughly"),
		with(testRow(t, "bad-state"), "acting_state", "China"),
		with(testRow(t, "good-row"), "value", "8"), // a repeated id
	)
	r := c.run("import", file)
	if r.code != exitFailure {
		t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
	}
	want := []string{
		`row 3, value: expected a whole number such as 41 or 1,204, got "4l" (digits only)`,
		`row 4, period_start: "2017-13": month must be 01 to 12`,
		`row 5, qualifier: must be one of exact`,
		`row 6, acting_state: expected an ISO 3166-1 alpha-2`,
		`row 7, figure_id: duplicate figure id "good-row", first used on row 2`,
	}
	lines := problemLines(r.stderr)
	if len(lines) != len(want) {
		t.Errorf("%d problems listed, want %d:\n%s", len(lines), len(want), r.stderr)
	}
	for i, w := range want {
		if i >= len(lines) || !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d: want it to start %q\n%s", i+1, w, r.stderr)
		}
	}
	contains(t, "stderr", r.stderr, fmt.Sprintf("(%d problems)", len(want)), "bad.csv")
	if r.stdout != "" {
		t.Errorf("a refused import printed %q on stdout", r.stdout)
	}
	if after := c.figureKeys(); !slices.Equal(before, after) {
		t.Errorf("a refused import changed the figures: before %v, after %v", before, after)
	}
	contains(t, "figures", c.ok("figures"), fmt.Sprintf("%d of %d figures", len(before), len(before)))
}

// TestImportLocatesDatabaseProblemsByRow checks that problems found against
// the database (an unknown metric, a subgroup of a missing figure) are
// named by the CSV row, as the file's own problems are, not by a position
// in an internal batch ("figures[1].metric", as they once were).
func TestImportLocatesDatabaseProblemsByRow(t *testing.T) {
	c := newSeededCLI(t)
	file := c.csvFile("refs.csv",
		testRow(t, "fine"),
		with(testRow(t, "unknown-metric"), "metric", "teleported"),
		with(testRow(t, "orphan"), "subgroup_of", "no-such-figure"),
		with(testRow(t, "stale-derived"), "derived", "true", "value", "40", "value_text", "40",
			"formula", "{hrw-2017-apprehended-since-2016-06} - {hrw-2017-in-custody-2017-09-18}"),
	)
	before := c.figureKeys()
	r := c.run("import", file)
	if r.code != exitFailure {
		t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
	}
	want := []string{
		`row 3, metric: unknown metric "teleported"`,
		`row 4, subgroup_of: unknown figure "no-such-figure"`,
		`row 5, value: expected 46 = 92 − 46`,
	}
	if lines := problemLines(r.stderr); len(lines) != len(want) {
		t.Errorf("%d problems listed, want %d:\n%s", len(lines), len(want), r.stderr)
	}
	contains(t, "stderr", r.stderr, want...)
	if strings.Contains(r.stderr, "figures[") {
		t.Errorf("a problem is located in the batch, not the file:\n%s", r.stderr)
	}
	if after := c.figureKeys(); !slices.Equal(before, after) {
		t.Errorf("a refused import changed the figures")
	}
}

// TestImportDryRunAndIdempotence checks --dry-run (counts, nothing written)
// and that importing one file twice changes nothing the second time.
func TestImportDryRunAndIdempotence(t *testing.T) {
	c := newSeededCLI(t)
	before := c.figureKeys()
	file := c.csvFile("new.csv", testRow(t, "new-a"), with(testRow(t, "new-b"), "value", "9", "value_text", "9"))

	r := c.run("import", "--dry-run", file)
	if r.code != exitOK {
		t.Fatalf("dry run: %s", r)
	}
	if want := importLine("dry run, nothing written; would import", 0, 1, 2, 3, 0, 0); r.stdout != want {
		t.Errorf("dry run printed %q, want %q", r.stdout, want)
	}
	if after := c.figureKeys(); !slices.Equal(before, after) {
		t.Fatalf("a dry run wrote figures: %v", after)
	}
	if _, err := c.store().GetSource(ctx, testSource["source_id"]); models.ErrorCode(err) != models.ENotFound {
		t.Fatalf("a dry run wrote the source (get: %v)", err)
	}

	if got, want := c.ok("import", "--editor", "analyst@example.org", "--reason", "September counts", file), importLine("imported", 0, 1, 2, 3, 0, 0); got != want {
		t.Errorf("first import printed %q, want %q", got, want)
	}
	if got, want := c.ok("import", file), importLine("imported", 0, 1, 2, 0, 0, 3); got != want {
		t.Errorf("second import printed %q, want %q", got, want)
	}
	if got, want := c.ok("import", "--dry-run", file), importLine("dry run, nothing written; would import", 0, 1, 2, 0, 0, 3); got != want {
		t.Errorf("dry run of an imported file printed %q, want %q", got, want)
	}
	after := c.figureKeys()
	if len(after) != len(before)+2 || !slices.Contains(after, "new-a") || !slices.Contains(after, "new-b") {
		t.Errorf("figures after import: %v", after)
	}
	revs, err := c.store().Revisions(ctx, models.EntityFigure, "new-a", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 1 || revs[0].Editor != "analyst@example.org" || revs[0].Reason != "September counts" {
		t.Errorf("revisions of new-a: %+v, want one by analyst@example.org for September counts", revs)
	}

	// A changed row without a version may come from a file older than
	// the tracker: refused, naming the row and --overwrite.
	changed := c.csvFile("changed.csv", testRow(t, "new-a"), with(testRow(t, "new-b"), "value", "10", "value_text", "10"))
	r = c.run("import", changed)
	if r.code != exitFailure {
		t.Fatalf("import of a changed row without a version: exit %d, want %d: %s", r.code, exitFailure, r)
	}
	contains(t, "stderr", r.stderr, `row 3, version: figure "new-b" is already in the tracker and this entry would change it, but the entry has no version`, "--overwrite")

	// A dry run with --overwrite prints what would change, field by field.
	r = c.run("import", "--dry-run", "--overwrite", changed)
	if r.code != exitOK {
		t.Fatalf("dry run --overwrite: %s", r)
	}
	if want := "figure new-b: value: \"9\" → \"10\"\n" +
		"figure new-b: value_text: \"9\" → \"10\"\n" +
		importLine("dry run, nothing written; would import", 0, 1, 2, 0, 1, 2); r.stdout != want {
		t.Errorf("dry run --overwrite printed %q, want %q", r.stdout, want)
	}

	// With --overwrite it updates that figure only, with a revision saying so.
	if got, want := c.ok("import", "--overwrite", changed), importLine("imported", 0, 1, 2, 0, 1, 2); got != want {
		t.Errorf("import of a changed row printed %q, want %q", got, want)
	}
	v, err := c.store().GetFigure(ctx, "new-b", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	if v.Figure.Value != 10 || v.Figure.Version != 2 {
		t.Errorf("new-b after the update: value %d, version %d; want 10 at version 2", v.Figure.Value, v.Figure.Version)
	}
	revs, err = c.store().Revisions(ctx, models.EntityFigure, "new-b", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	if last := revs[len(revs)-1]; last.Version != 2 || last.Reason != models.ReasonOverwrite {
		t.Errorf("last revision of new-b: v%d %q, want v2 %q", last.Version, last.Reason, models.ReasonOverwrite)
	}
}

// TestImportFromStdin reads CSV from standard input with FILE "-".
func TestImportFromStdin(t *testing.T) {
	c := newSeededCLI(t)
	file := c.csvFile("stdin.csv", testRow(t, "from-stdin"))
	content := readFile(t, file)
	r := c.runStdin(strings.NewReader(content), "import", "-")
	if r.code != exitOK {
		t.Fatalf("import -: %s", r)
	}
	if want := importLine("imported", 0, 1, 1, 2, 0, 0); r.stdout != want {
		t.Errorf("printed %q, want %q", r.stdout, want)
	}
	if !slices.Contains(c.figureKeys(), "from-stdin") {
		t.Errorf("the figure read from stdin was not stored")
	}
}

const yamlImport = `metrics:
  - slug: detained_abroad
    label: Detained abroad
    definition: People detained by a third country while in transit.
    unit: people
sources:
  - id: test-yaml-source
    title: A report imported from YAML
    kind: news
    publisher: Test News
    published_on: 2019-03-01
    url: https://example.org/news/2019-03-01
figures:
  - id: yaml-detained-2018
    metric: detained_abroad
    qualifier: at_least
    value: 30
    value_text: at least 30
    period: {start: 2018}
    quantity_kind: flow
    population: North Koreans
    acting_state: LA
    receiving_state: KP
    source: test-yaml-source
    quote: At least 30 North Koreans were detained in Laos in 2018.
    reported_by: Test News
  - id: yaml-detained-2018-children
    metric: detained_abroad
    qualifier: exact
    value: 6
    value_text: six
    period: {start: 2018}
    quantity_kind: flow
    population: North Korean children
    acting_state: LA
    receiving_state: KP
    subgroup_of: yaml-detained-2018
    source: test-yaml-source
    quote: Six of them were children.
    reported_by: Test News
`

const jsonImport = `{
  "metrics": [{"slug": "detained_abroad", "label": "Detained abroad", "definition": "People detained by a third country while in transit.", "unit": "people"}],
  "sources": [{"id": "test-yaml-source", "title": "A report imported from YAML", "kind": "news", "publisher": "Test News",
               "published_on": "2019-03-01", "url": "https://example.org/news/2019-03-01"}],
  "figures": [
    {"id": "yaml-detained-2018", "metric": "detained_abroad", "qualifier": "at_least", "value": 30, "value_text": "at least 30",
     "period": {"start": "2018"}, "quantity_kind": "flow", "population": "North Koreans", "acting_state": "LA", "receiving_state": "KP",
     "source": "test-yaml-source", "quote": "At least 30 North Koreans were detained in Laos in 2018.", "reported_by": "Test News"},
    {"id": "yaml-detained-2018-children", "metric": "detained_abroad", "qualifier": "exact", "value": 6, "value_text": "six",
     "period": {"start": "2018"}, "quantity_kind": "flow", "population": "North Korean children", "acting_state": "LA", "receiving_state": "KP",
     "subgroup_of": "yaml-detained-2018", "source": "test-yaml-source", "quote": "Six of them were children.", "reported_by": "Test News"}
  ]
}`

// TestImportYAMLAndJSON imports the same metric, source and figures from
// YAML and from JSON (whose extension may be in any case), each into its
// own database, and reads them back.
func TestImportYAMLAndJSON(t *testing.T) {
	for _, tt := range []struct{ name, content string }{
		{"figures.yaml", yamlImport},
		{"figures.yml", yamlImport},
		{"figures.json", jsonImport},
		{"FIGURES.JSON", jsonImport},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newSeededCLI(t)
			file := c.write(tt.name, tt.content)
			if got, want := c.ok("import", file), importLine("imported", 1, 1, 2, 4, 0, 0); got != want {
				t.Errorf("first import printed %q, want %q", got, want)
			}
			if got, want := c.ok("import", file), importLine("imported", 1, 1, 2, 0, 0, 4); got != want {
				t.Errorf("second import printed %q, want %q", got, want)
			}
			contains(t, "figures", c.ok("figures", "--metric", "detained_abroad"),
				"yaml-detained-2018 ", "at least 30", "2018", "yaml-detained-2018-children", "2 of 2 figures")
			contains(t, "check", c.ok("check"), "Subgroups of at least 30")
		})
	}
}

// TestImportYAMLProgress: a YAML import says how many figures it read,
// once, and nothing about figures when the file has none.
func TestImportYAMLProgress(t *testing.T) {
	c := newSeededCLI(t)
	r := c.run("import", c.write("figures.yaml", yamlImport))
	if r.code != 0 || strings.Count(r.stderr, "\rread 2 figures…\n") != 1 {
		t.Errorf("exit %d, stderr %q: want the progress line once, with the 2 figures", r.code, r.stderr)
	}
	metricOnly := "metrics:\n  - slug: resettled\n    label: Resettled\n    definition: People resettled in a third country.\n    unit: people\n"
	r = c.run("import", c.write("metric.yaml", metricOnly))
	if r.code != 0 || r.stderr != "" {
		t.Errorf("a file of one metric: exit %d, stderr %q, want no progress line", r.code, r.stderr)
	}
}

// TestImportFileErrors checks the messages for a file that cannot be
// imported at all; nothing is written.
func TestImportFileErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    func(c *cli) string
		want    []string
		problem string // the per-problem line, if any
	}{
		{"bad extension", func(c *cli) string { return c.write("figures.txt", "figure_id\n") },
			[]string{"cannot import", "figures.txt"}, `file: expected a name ending in .csv, .yaml, .yml, .json or .zip (a data package), got "figures.txt"`},
		{"no extension", func(c *cli) string { return c.write("figures", "") },
			[]string{"cannot import"}, "file: expected a name ending in .csv"},
		{"missing file", func(c *cli) string { return c.path("nowhere.csv") },
			[]string{"nowhere.csv", "no such file"}, ""},
		{"a directory", func(c *cli) string { return c.dir },
			[]string{"cannot import"}, "file: expected a name ending"},
		{"empty CSV", func(c *cli) string { return c.write("empty.csv", "") },
			[]string{"empty.csv"}, "header: the file is empty"},
		{"unknown column", func(c *cli) string { return c.write("cols.csv", "figure_id,colour\n") },
			[]string{"cols.csv"}, `header: unknown column "colour"`},
		{"YAML syntax", func(c *cli) string { return c.write("bad.yaml", "figures: [\n") },
			[]string{"bad.yaml"}, "file: not valid YAML"},
		{"JSON syntax", func(c *cli) string { return c.write("bad.json", `{"figures": [}`) },
			[]string{"bad.json"}, "file: not valid JSON at line 1"},
		{"JSON repeated key", func(c *cli) string {
			return c.write("twice.json", strings.Replace(jsonImport, `"value": 6,`, `"value": 6, "value": 600,`, 1))
		}, []string{"twice.json"}, "figures[1].value: given more than once in the same object"},
		{"YAML typo", func(c *cli) string {
			return c.write("typo.yaml", strings.Replace(yamlImport, "    quantity_kind: flow\n", "    quantity_knid: flow\n", 1))
		}, []string{"typo.yaml"}, "figures[0].quantity_knid: unknown field; did you mean quantity_kind?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newSeededCLI(t)
			before := c.figureKeys()
			r := c.run("import", tt.file(c))
			if r.code != exitFailure {
				t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
			}
			contains(t, "stderr", r.stderr, tt.want...)
			if tt.problem != "" && !slices.ContainsFunc(problemLines(r.stderr), func(l string) bool { return strings.HasPrefix(l, tt.problem) }) {
				t.Errorf("no problem line starts %q:\n%s", tt.problem, r.stderr)
			}
			if after := c.figureKeys(); !slices.Equal(before, after) {
				t.Errorf("a failed import changed the figures")
			}
		})
	}
}

// TestImportRefusesUnsafeURLs checks that a link a browser would execute
// or resolve against the tracker's own origin is refused, naming the row
// and the column, and that nothing is written.
func TestImportRefusesUnsafeURLs(t *testing.T) {
	urls := []string{
		"javascript:alert(1)",
		"JavaScript:alert(document.cookie)",
		" javascript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"vbscript:msgbox(1)",
		"//evil.example/page",
		"/relative/page",
		"https://user:pass@example.org/",
		"https://exa\u202emple.org/",
	}
	for _, column := range []string{"source_url", "source_archive_url"} {
		for _, u := range urls {
			t.Run(column+" "+strconv.Quote(u), func(t *testing.T) {
				c := newSeededCLI(t)
				before := c.figureKeys()
				// Row 3 is the first (and only) row of its source, so its
				// URL is refused for what it is, not for differing from
				// another row's.
				file := c.csvFile("unsafe.csv", testRow(t, "fine-row"),
					with(testRow(t, "unsafe-row"), "source_id", "unsafe-source", column, u))
				r := c.run("import", file)
				if r.code != exitFailure {
					t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
				}
				lines := problemLines(r.stderr)
				if len(lines) != 1 || !strings.HasPrefix(lines[0], "row 3, "+column+": ") {
					t.Errorf("want exactly one problem, naming row 3 and %s:\n%s", column, r.stderr)
				}
				if after := c.figureKeys(); !slices.Equal(before, after) {
					t.Errorf("an import with an unsafe URL wrote figures")
				}
			})
		}
	}
	t.Run("first row", func(t *testing.T) {
		c := newSeededCLI(t)
		r := c.run("import", c.csvFile("js.csv", with(testRow(t, "js"), "source_url", "javascript:alert(1)")))
		if r.code != exitFailure {
			t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
		}
		lines := problemLines(r.stderr)
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "row 2, source_url: must start with http:// or https://") {
			t.Errorf("want exactly one problem naming row 2, source_url and the schemes allowed:\n%s", r.stderr)
		}
	})
}

// TestImportProgress checks the progress line on stderr for a file of many
// thousand rows, and that --quiet silences it.
func TestImportProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 10,001 rows")
	}
	c := newSeededCLI(t)
	const n = 10_001
	// Rows 2 to n are one valid figure under n-1 ids; the last row is bad:
	// the first chunks are checked and written (with progress through the
	// write phase), the last is refused, and the transaction rolls back:
	// nothing of the file stays.
	lines := strings.SplitAfter(readFile(t, c.csvFile("one.csv", testRow(t, "bulk-id"))), "\n")
	var b strings.Builder
	b.WriteString(lines[0])
	for i := range n - 1 {
		b.WriteString(strings.Replace(lines[1], "bulk-id", fmt.Sprintf("bulk-%05d", i), 1))
	}
	b.WriteString(strings.Replace(lines[1], ",7,", ",many,", 1))
	file := c.write("bulk.csv", b.String())

	r := c.run("import", file)
	if r.code != exitFailure {
		t.Fatalf("exit %d, want %d: %.2000s", r.code, exitFailure, r)
	}
	contains(t, "stderr", r.stderr, "\rread 5000 rows, checked 5000 figures…",
		"\rread 10000 rows, checked 10000 figures…", "\rread 10001 rows, checked 10000 figures…\n", "row 10002, value")
	if n := strings.Count(r.stderr, "\rread 10001 rows"); n != 1 {
		t.Errorf("the last progress line printed %d times, want once: %.300q", n, r.stderr)
	}
	for _, k := range c.figureKeys() {
		if strings.HasPrefix(k, "bulk-") {
			t.Fatalf("figure %s stayed after the last chunk was refused: an import is all or nothing", k)
		}
	}

	// The same rows without the bad one are written: the progress line
	// goes on through the last steps of a large import, the index builds
	// and, once committed, the charts' summaries, each said before it
	// starts, in that order, on the one line.
	whole := b.String()
	good := c.write("good.csv", whole[:strings.LastIndex(whole[:len(whole)-1], "\n")+1])
	r = c.run("import", good)
	if r.code != 0 {
		t.Fatalf("exit %d, want 0: %.2000s", r.code, r)
	}
	if !regexp.MustCompile(`\rread 10000 rows, checked 10000 figures…( building the indexes…)? written; summarising them for the charts…\n$`).MatchString(r.stderr) {
		t.Errorf("the progress line does not end saying the charts are being summarised: %.300q", r.stderr)
	}
	if got := len(c.figureKeys()); got < n-1 {
		t.Errorf("%d figures stored after the import, want at least %d", got, n-1)
	}

	// --quiet prints no progress, not even the last line every import
	// prints: a small file of the same shape shows it (three rows, the
	// last bad), without and with --quiet.
	small := c.write("small.csv", lines[0]+strings.Replace(lines[1], "bulk-id", "bulk-a", 1)+
		strings.Replace(lines[1], "bulk-id", "bulk-b", 1)+strings.Replace(lines[1], ",7,", ",many,", 1))
	if r = c.run("import", small); !strings.Contains(r.stderr, "\rread 3 rows, checked 0 figures…\n") {
		t.Errorf("a small import printed no last progress line: %.300q", r.stderr)
	}
	r = c.run("import", "--quiet", small)
	if r.code != exitFailure {
		t.Fatalf("--quiet: exit %d, want %d", r.code, exitFailure)
	}
	if strings.Contains(r.stderr, "parsed") || strings.Contains(r.stderr, "\r") {
		t.Errorf("--quiet printed progress: %.300q", r.stderr)
	}
	contains(t, "--quiet stderr", r.stderr, "row 4, value")
}

// TestImportKeepsSourceNotes checks that a CSV without the source_notes
// column cannot erase the notes of a source it cites: the column is
// required, like every other content column, so such a file is refused
// naming it, and nothing changes.
func TestImportKeepsSourceNotes(t *testing.T) {
	c := newSeededCLI(t)
	src := seedBatch(t).Sources[0]
	header := slices.DeleteFunc(slices.Clone(format.Columns), func(col string) bool { return col == "source_notes" })
	file := c.csvFileColumns("one.csv", header, newFigureRow(t, "cites-the-seed"))
	r := c.run("import", file)
	if r.code != 1 {
		t.Fatalf("import without source_notes exited %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	contains(t, "stderr", r.stderr, "source_notes")
	stored, err := c.store().GetSource(ctx, src.Key)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Notes != src.Notes {
		t.Errorf("the seed source's notes are now %q, want %q", stored.Notes, src.Notes)
	}
}

// TestImportWithSourceNotes checks the other side: a CSV with the
// source_notes column carries the notes, so an export re-imported into the
// database it came from changes nothing.
func TestImportWithSourceNotes(t *testing.T) {
	c := newSeededCLI(t)
	file := c.path("export.csv")
	c.ok("export", "--out", file)
	n := len(seedBatch(t).Figures)
	if got, want := c.ok("import", file), importLine("imported", 0, 1, n, 0, 0, n+1); got != want {
		t.Errorf("re-importing the seed's own export printed %q, want %q", got, want)
	}
}

// TestImportRefusesStaleExport checks the promise of the version column:
// "an import passes it on so the store can detect edits made since the
// export". Re-importing an old export over an editor's later correction
// must be refused (a conflict), not silently undo the correction.
func TestImportRefusesStaleExport(t *testing.T) {
	c := newSeededCLI(t)
	file := c.path("export.csv")
	c.ok("export", "--out", file)

	key := "hrw-2017-in-custody-2017-09-18"
	s := c.store()
	v, err := s.GetFigure(ctx, key, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	f := v.Figure
	f.Notes = "Corrected after talking to the families."
	if err := s.UpdateFigure(ctx, &f, models.Change{Editor: "editor@example.org", Reason: "correction"}); err != nil {
		t.Fatal(err)
	}

	r := c.run("import", file)
	if r.code != exitFailure {
		t.Errorf("re-importing the stale export: exit %d, want %d (a conflict on %s): %s", r.code, exitFailure, key, r)
	}
	contains(t, "stderr", r.stderr, `, version: figure "`+key+`" was changed in the tracker after this file was made: the file is older than the tracker`)
	v, err = s.GetFigure(ctx, key, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	if v.Figure.Notes != f.Notes {
		t.Errorf("the editor's correction was reverted to %q", v.Figure.Notes)
	}
}

// TestImportRestoresOnlyWhenAsked: a retracted figure stays retracted
// when a row made before the retraction comes back; a row carrying its
// current version restores it only with -reason, which the revision
// records.
func TestImportRestoresOnlyWhenAsked(t *testing.T) {
	c := newSeededCLI(t)
	c.ok("import", c.csvFile("new.csv", testRow(t, "new-r")))
	if err := c.store().RetractFigure(ctx, "new-r", 1, "Counted twice.", models.Change{Editor: "e", Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		row  map[string]string
		want string
	}{
		{"old row, overwrite", []string{"--overwrite", "--reason", "Recounted"}, testRow(t, "new-r"),
			`row 2, status: figure "new-r" is retracted in the tracker (Counted twice.) and this entry would make it published again`},
		{"current version, no reason", nil, with(testRow(t, "new-r"), "version", "2"),
			"row 2, status: figure \"new-r\" is retracted in the tracker (Counted twice.) and this entry would make it published again: an import restores a retracted figure only from an entry carrying its current version (2), that is an export of the retracted figure whose status you changed, and with --reason saying why"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := c.run(append(append([]string{"import"}, tt.args...), c.csvFile("back.csv", tt.row))...)
			if r.code != exitFailure {
				t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
			}
			contains(t, "stderr", r.stderr, tt.want)
			v, err := c.store().GetFigure(ctx, "new-r", models.AudienceEditors)
			if err != nil || v.Figure.Status != models.StatusRetracted {
				t.Errorf("after the refused import: %s (%v), want retracted", v.Figure.Status, err)
			}
		})
	}
	c.ok("import", "--reason", "Recounted: not a duplicate", c.csvFile("back.csv", with(testRow(t, "new-r"), "version", "2")))
	revs, err := c.store().Revisions(ctx, models.EntityFigure, "new-r", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	if last := revs[len(revs)-1]; last.Action != models.ActionRestore || last.Reason != "Recounted: not a duplicate" {
		t.Errorf("last revision: %s %q, want a restore saying why", last.Action, last.Reason)
	}
}

// TestPrintErrorPlural: one problem is "1 problem", two are "2 problems".
func TestPrintErrorPlural(t *testing.T) {
	for n, want := range map[int]string{1: "(1 problem):", 2: "(2 problems):"} {
		e := &models.Error{Code: models.EInvalid, Message: "invalid import"}
		for i := 0; i < n; i++ {
			e.Fields = append(e.Fields, models.FieldError{Field: "value", Message: "required"})
		}
		var b strings.Builder
		printError(&b, "import", e)
		if !strings.Contains(b.String(), want) {
			t.Errorf("%d problems: %q, want %q", n, b.String(), want)
		}
	}
}
