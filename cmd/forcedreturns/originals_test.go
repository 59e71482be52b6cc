package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// carriedYAML adds to the seed a wire story carrying a monitor's report
// that no figure cites, the carrier listed before its original.
const carriedYAML = `sources:
  - id: wire-2021-03-05
    title: Returns continue, monitor says
    kind: news
    publisher: Example Wire
    published_on: 2021-03-05
    url: https://wire.example/2021/03/05/returns
    archive_url: https://web.archive.org/web/2021/https://wire.example/2021/03/05/returns
    original: monitor-2021-03
  - id: monitor-2021-03
    title: Monthly monitoring report
    kind: ngo_report
    publisher: Monitor Group
    published_on: 2021-03
    url: https://monitor.example/reports/2021-03
figures:
  - id: wire-returned-2021-02
    metric: forcibly_returned
    qualifier: at_least
    value: 12
    period: {start: 2021-02}
    quantity_kind: flow
    population: North Koreans
    acting_state: CN
    receiving_state: KP
    source: wire-2021-03-05
    quote: At least 12 North Koreans were sent back in February, the monitor said.
    reported_by: Monitor Group
`

// A source carrying another's report, whose original no figure cites,
// survives every export into an empty database: JSON and the data package
// hold the original, a CSV export with its -sources file too. Without that
// file the CSV names the missing original and imports nothing.
func TestExportReimportsCarriedSource(t *testing.T) {
	a := newSeededCLI(t)
	contains(t, "import", a.ok("import", a.write("carried.yaml", carriedYAML)), "3 created")
	original := withoutBookkeeping(parseCSV(t, a.ok("export")))
	if r := original.byID(t, "wire-returned-2021-02"); r["source_original"] != "monitor-2021-03" ||
		r["archive_quote_link"] != "https://web.archive.org/web/2021/https://wire.example/2021/03/05/returns#:~:text=At%20least%2012%20North%20Koreans%20were%20sent%20back%20in%20February%2C%20the%20monitor%20said." {
		t.Fatalf("the export's carried row: source_original %q, archive_quote_link %q", r["source_original"], r["archive_quote_link"])
	}

	jsonFile, zipFile := a.path("export.json"), a.path("export.zip")
	csvFile, metricsFile, sourcesFile := a.path("export.csv"), a.path("metrics.csv"), a.path("sources.csv")
	a.ok("export", "--format", "json", "--out", jsonFile)
	a.ok("export", "--format", "datapackage", "--out", zipFile)
	a.ok("export", "--format", "csv", "--out", csvFile, "--metrics", metricsFile, "--sources", sourcesFile)
	if doc := decodeJSONExport(t, readFile(t, jsonFile)); len(doc.Sources) != 1 || doc.Sources[0]["id"] != "monitor-2021-03" {
		t.Errorf("the JSON export's sources list = %v, want the original no figure cites", doc.Sources)
	}
	contains(t, "sources file", readFile(t, sourcesFile), "monitor-2021-03,Monthly monitoring report,,,ngo_report,Monitor Group,,,2021-03,")

	for _, tt := range []struct {
		name string
		args []string
	}{
		{"json", []string{jsonFile}},
		{"datapackage", []string{zipFile}},
		{"csv with -metrics and -sources", []string{"--metrics", metricsFile, "--sources", sourcesFile, csvFile}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fresh := newCLI(t)
			contains(t, "import", fresh.ok(append([]string{"import"}, tt.args...)...), "3 sources", "0 updated, 0 unchanged")
			again := withoutBookkeeping(parseCSV(t, fresh.ok("export")))
			if diff := cmp.Diff(original, again, cmp.AllowUnexported(table{})); diff != "" {
				t.Errorf("re-imported export differs (-original +re-imported):\n%s", diff)
			}
			src, err := fresh.store().GetSource(ctx, "monitor-2021-03")
			if err != nil || src.Publisher != "Monitor Group" || src.PublishedText() != "2021-03" {
				t.Errorf("the original after the import: %+v, %v", src, err)
			}
			contains(t, "second import", fresh.ok(append([]string{"import"}, tt.args...)...), "0 created, 0 updated")
		})
	}

	fresh := newCLI(t)
	r := fresh.run("import", "--metrics", metricsFile, csvFile)
	if r.code == exitOK {
		t.Fatalf("a CSV whose source carries a source it does not hold imported into an empty database: %s", r)
	}
	contains(t, "stderr", r.stderr, `original: source "wire-2021-03-05" carries "monitor-2021-03", but there is no source "monitor-2021-03"`)
	if keys := fresh.figureKeys(); len(keys) != 0 {
		t.Errorf("a refused import wrote figures %v", keys)
	}
	for _, args := range [][]string{
		{"import", "--sources", sourcesFile, jsonFile},
		{"export", "--format", "json", "--sources", a.path("s.csv")},
		{"export", "--format", "csv", "--out", a.path("same.csv"), "--sources", a.path("same.csv")},
		{"export", "--format", "csv", "--metrics", a.path("same.csv"), "--sources", a.path("same.csv")},
	} {
		if r := a.run(args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, r.code, exitUsage, r)
		}
	}
}
