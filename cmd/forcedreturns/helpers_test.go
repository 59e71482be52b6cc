package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"forcedreturns/internal/auth/authtest"
	"forcedreturns/internal/format"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

var ctx = context.Background()

// cli runs the binary's commands in-process against a database of its own:
// a SQLite file in the test's temporary directory, named through the
// environment as a user would.
type cli struct {
	t   *testing.T
	dir string
	env map[string]string
}

// result is what one run of a command did.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s\n--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// newCLI returns a cli on an empty (not yet created) database.
func newCLI(t *testing.T) *cli {
	t.Helper()
	dir := t.TempDir()
	return &cli{t: t, dir: dir, env: map[string]string{
		"FORCEDRETURNS_SQLITE_PATH": filepath.Join(dir, "db", "forcedreturns.db"),
	}}
}

// dbPath is the SQLite file the cli's commands use.
func (c *cli) dbPath() string { return c.env["FORCEDRETURNS_SQLITE_PATH"] }

// getenv is the map-backed environment handed to run: nothing leaks in
// from the real environment (no FORCEDRETURNS_DATABASE_URL, say).
func (c *cli) getenv(key string) string { return c.env[key] }

// run runs one command with empty standard input.
func (c *cli) run(args ...string) result {
	c.t.Helper()
	return c.runStdin(strings.NewReader(""), args...)
}

func (c *cli) runStdin(stdin io.Reader, args ...string) result {
	c.t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, c.getenv, stdin, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// ok runs a command that must succeed and returns its standard output.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run(args...)
	if r.code != exitOK {
		c.t.Fatalf("forcedreturns %s: %s", strings.Join(args, " "), r)
	}
	return r.stdout
}

// path returns name inside the cli's directory.
func (c *cli) path(name string) string { return filepath.Join(c.dir, name) }

// write writes a file in the cli's directory and returns its path.
func (c *cli) write(name, content string) string {
	c.t.Helper()
	p := c.path(name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		c.t.Fatal(err)
	}
	return p
}

// store opens the cli's database directly, for what no command shows.
func (c *cli) store() *store.Store {
	c.t.Helper()
	s, err := store.Open(ctx, store.Config{SQLitePath: c.dbPath()})
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { s.Close() })
	return s
}

// figureKeys returns the keys of every stored figure, whatever its status.
func (c *cli) figureKeys() []string {
	c.t.Helper()
	s := c.store()
	var keys []string
	err := s.EachFigure(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses}, func(v *models.FigureView) error {
		keys = append(keys, v.Figure.Key)
		return nil
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return keys
}

// seeded is a migrated and seeded database, made once and copied for each
// test that starts from the seed: seeding it afresh every time would cost
// more than all the checks of a test.
var seeded struct {
	once sync.Once
	path string
	err  error
}

// newSeededCLI returns a cli on a copy of a seeded database.
func newSeededCLI(t *testing.T) *cli {
	t.Helper()
	seeded.once.Do(func() {
		dir, err := os.MkdirTemp("", "forcedreturns-cmd-test-")
		if err != nil {
			seeded.err = err
			return
		}
		seeded.path = filepath.Join(dir, "seeded.db")
		var out, errOut bytes.Buffer
		env := func(k string) string {
			if k == "FORCEDRETURNS_SQLITE_PATH" {
				return seeded.path
			}
			return ""
		}
		if code := run(ctx, []string{"seed"}, env, strings.NewReader(""), &out, &errOut); code != exitOK {
			seeded.err = fmt.Errorf("seeding the template database: exit %d: %s", code, errOut.String())
		}
	})
	if seeded.err != nil {
		t.Fatal(seeded.err)
	}
	c := newCLI(t)
	b, err := os.ReadFile(seeded.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(c.dbPath()), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.dbPath(), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMain makes password hashing cheap (the editor commands' tests test
// behaviour; auth's own tests test the production cost) and removes the
// seeded template database once every test has run.
func TestMain(m *testing.M) {
	authtest.CheapHashing()
	code := storetest.Main(m)
	if seeded.path != "" {
		os.RemoveAll(filepath.Dir(seeded.path))
	}
	os.Exit(code)
}

// seedBatch is the embedded seed data.
func seedBatch(t *testing.T) models.Batch {
	t.Helper()
	b, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// table is a parsed CSV export: its header and rows as maps by column.
type table struct {
	header []string
	rows   []map[string]string
}

func parseCSV(t *testing.T, s string) table {
	t.Helper()
	r := csv.NewReader(strings.NewReader(s))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("exported CSV does not parse: %v\n%s", err, s)
	}
	if len(recs) == 0 {
		t.Fatalf("exported CSV is empty")
	}
	tb := table{header: recs[0]}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, name := range tb.header {
			row[name] = rec[i]
		}
		tb.rows = append(tb.rows, row)
	}
	return tb
}

// byID returns the row of the figure with id.
func (tb table) byID(t *testing.T, id string) map[string]string {
	t.Helper()
	for _, r := range tb.rows {
		if r["figure_id"] == id {
			return r
		}
	}
	t.Fatalf("no row with figure_id %q", id)
	return nil
}

// csvFile writes rows (cells by column name; missing cells are empty) as a
// CSV file with the export's header and returns its path.
func (c *cli) csvFile(name string, rows ...map[string]string) string {
	c.t.Helper()
	return c.csvFileColumns(name, format.Columns, rows...)
}

// csvFileColumns writes rows as a CSV file with the given header.
func (c *cli) csvFileColumns(name string, header []string, rows ...map[string]string) string {
	c.t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(header)
	for _, row := range rows {
		rec := make([]string, len(header))
		for i, col := range header {
			rec[i] = row[col]
		}
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		c.t.Fatal(err)
	}
	return c.write(name, b.String())
}

// newFigureRow returns the cells of a valid new figure, id, citing the seed
// source as the seed's rows describe it: 7 apprehended in September 2017.
func newFigureRow(t *testing.T, id string) map[string]string {
	t.Helper()
	src := seedBatch(t).Sources[0]
	return map[string]string{
		"figure_id":                 id,
		"metric":                    "apprehended",
		"value":                     "7",
		"qualifier":                 "documented",
		"unit":                      "people",
		"value_text":                "7",
		"period_start":              "2017-09",
		"period_end":                "2017-09",
		"quantity_kind":             "flow",
		"population":                "North Koreans",
		"acting_state":              "CN",
		"receiving_state":           "KP",
		"location":                  "China",
		"derived":                   "false",
		"status":                    "published",
		"source_id":                 src.Key,
		"source_title":              src.Title,
		"source_kind":               string(src.Kind),
		"source_publisher":          src.Publisher,
		"source_authors":            src.Authors,
		"source_author_affiliation": src.AuthorAffiliation,
		"source_published_on":       src.PublishedOn.String(),
		"source_url":                src.URL,
		"source_language":           src.Language,
		// The rest of the seed's source as stored, so that the row
		// describes it unchanged: a row changing it needs a version.
		"source_archive_url": src.ArchiveURL,
		"source_accessed_on": src.AccessedOn.String(),
		"source_text_sha256": src.TextSHA256,
		"source_notes":       src.Notes,
		"quote":              "Seven more North Koreans were caught in September.",
		"reported_by":        "Human Rights Watch",
	}
}

// with returns a copy of row with the given cells changed.
func with(row map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(row))
	for k, v := range row {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// contains fails the test unless s contains every fragment.
func contains(t *testing.T, what, s string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !strings.Contains(s, f) {
			t.Errorf("%s does not contain %q:\n%s", what, f, s)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
