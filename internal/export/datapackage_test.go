package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

// unzip returns the files of a zip archive by name.
func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip archive: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// TestDataPackage checks the package against its own descriptor: every CSV
// header equals its schema's field names, every value satisfies its field's
// type and constraints, keys are unique and foreign keys resolve.
func TestDataPackage(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDataPackage(&buf, goldenMeta, exporttest.Iter(exporttest.Views()), nil); err != nil {
		t.Fatal(err)
	}
	files := unzip(t, buf.Bytes())
	for _, name := range []string{"figures.csv", "sources.csv", "metrics.csv", "datapackage.json", "README.md"} {
		if _, ok := files[name]; !ok {
			t.Errorf("the package has no %s", name)
		}
	}

	var dp dataPackage
	dec := json.NewDecoder(bytes.NewReader(files["datapackage.json"]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&dp); err != nil {
		t.Fatalf("datapackage.json: %v", err)
	}
	if !regexp.MustCompile(`^[a-z0-9._-]+$`).MatchString(dp.Name) {
		t.Errorf("package name %q is not a valid Data Package name", dp.Name)
	}
	if _, err := time.Parse(time.RFC3339, dp.Created); err != nil {
		t.Errorf("created: %v", err)
	}

	tables := map[string][]map[string]string{}
	for _, r := range dp.Resources {
		data, ok := files[r.Path]
		if !ok {
			t.Errorf("resource %s: no file %s", r.Name, r.Path)
			continue
		}
		if r.Format != "csv" || r.Mediatype != "text/csv" || r.Encoding != "utf-8" {
			t.Errorf("resource %s: format %s, mediatype %s, encoding %s", r.Name, r.Format, r.Mediatype, r.Encoding)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		var names []string
		for _, f := range r.Schema.Fields {
			names = append(names, f.Name)
		}
		if !slices.Equal(rows[0], names) {
			t.Errorf("%s: header %v\nschema fields %v", r.Path, rows[0], names)
		}
		var table []map[string]string
		for i, row := range rows[1:] {
			m := map[string]string{}
			for j, f := range r.Schema.Fields {
				m[f.Name] = row[j]
				if msg := checkField(f, row[j]); msg != "" {
					t.Errorf("%s row %d, %s = %q: %s", r.Path, i+2, f.Name, row[j], msg)
				}
			}
			table = append(table, m)
		}
		for _, key := range r.Schema.PrimaryKey {
			seen := map[string]bool{}
			for _, row := range table {
				if seen[row[key]] {
					t.Errorf("%s: primary key %s = %q repeats", r.Path, key, row[key])
				}
				seen[row[key]] = true
			}
		}
		tables[r.Name] = table
	}

	fks := 0
	for _, r := range dp.Resources {
		for _, fk := range r.Schema.ForeignKeys {
			ref := fk.Reference.Resource
			if ref == "" {
				ref = r.Name // a self-reference, as Table Schema writes it
			}
			for _, row := range tables[r.Name] {
				if row[fk.Fields[0]] == "" {
					continue // a missing value (missingValues): no reference
				}
				found := slices.ContainsFunc(tables[ref], func(ref map[string]string) bool {
					return ref[fk.Reference.Fields[0]] == row[fk.Fields[0]]
				})
				if !found {
					t.Errorf("%s.%s = %q has no row in %s", r.Name, fk.Fields[0], row[fk.Fields[0]], fk.Reference.Resource)
				}
				fks++
			}
		}
	}
	if fks != 2*len(exporttest.Views()) {
		t.Errorf("%d foreign keys checked, want two per figure (source and metric; no source carries another)", fks)
	}
	if n := len(tables["sources"]); n != 2 {
		t.Errorf("%d sources, want the 2 distinct ones", n)
	}
	var slugs []string
	for _, m := range tables["metrics"] {
		slugs = append(slugs, m["slug"])
	}
	if want := []string{"apprehended", "in_custody", "forcibly_returned", "deaths"}; !slices.Equal(slugs, want) {
		t.Errorf("metrics.csv slugs %v, want the metrics used, in order of first use: %v", slugs, want)
	}

	readme := string(files["README.md"])
	for _, want := range []string{
		"2024-06-01T12:00:00Z", goldenMeta.Filter, "| `figures.csv` | 12 figures |", "| `sources.csv` | 2 sources |", "| `metrics.csv` | 4 metrics |",
		"- `in_custody` (In custody, in people): People held by the acting state on a date.", "| `definition` |",
		`"at least 41" is not 41`, "| `quote_link` |", "| `text_sha256` |",
		"Phil Robertson. “North Korean Refugees Trapped by China’s Expanding Dragnet.” Refugees Deeply (News Deeply), 18 September 2017.",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
}

// checkField checks one CSV cell against a Table Schema field.
func checkField(f tsField, v string) string {
	c := f.Constraints
	if c == nil {
		c = &tsConstraints{}
	}
	if v == "" {
		if c.Required {
			return "required"
		}
		return ""
	}
	switch f.Type {
	case "integer":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "not an integer"
		}
		if c.Minimum != nil && n < int64(*c.Minimum) {
			return "below the minimum"
		}
	case "number":
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return "not a number"
		}
	case "boolean":
		if v != "true" && v != "false" {
			return "not a boolean"
		}
	case "date":
		if _, err := time.Parse("2006-01-02", v); err != nil {
			return "not a date"
		}
	case "datetime":
		if _, err := time.Parse("2006-01-02T15:04:05Z", v); err != nil {
			return "not a UTC datetime"
		}
	case "string":
	default:
		return "unknown type " + f.Type
	}
	if c.Enum != nil && !slices.Contains(c.Enum, v) {
		return "not in the enum"
	}
	if c.Pattern != "" && !regexp.MustCompile(`^(?:`+c.Pattern+`)$`).MatchString(v) {
		return "does not match the pattern"
	}
	return ""
}

// Sources repeated across figures appear once; a source seen through a
// reused FigureView is copied, not aliased.
func TestDataPackageDistinctSources(t *testing.T) {
	var views []models.FigureView
	for range 3 {
		views = append(views, exporttest.Views()...)
	}
	var buf bytes.Buffer
	if err := WriteDataPackage(&buf, Meta{}, exporttest.Iter(views), nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(unzip(t, buf.Bytes())["sources.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "hrw-2017-dragnet" || rows[2][0] != "example-ngo-2020" || !strings.Contains(rows[2][1], "Report") {
		t.Errorf("sources.csv = %q", rows)
	}
}
