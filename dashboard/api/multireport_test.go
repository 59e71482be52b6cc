package api_test

import (
	"encoding/csv"
	"io"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"forcedreturns/dashboard"
	"forcedreturns/internal/auth"
	"forcedreturns/internal/importer/importertest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds/seedtest"
)

// multiReportFile is the multi-report test set as a script reads it: its
// entries as JSON objects of the import format, dates as written.
type multiReportFile struct {
	Sources []map[string]any `yaml:"sources"`
	Figures []map[string]any `yaml:"figures"`
}

func readMultiReport(t *testing.T) multiReportFile {
	t.Helper()
	path, _ := seedtest.MultiReport(t)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc multiReportFile
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for _, entries := range [][]map[string]any{doc.Sources, doc.Figures} {
		for _, e := range entries {
			asWritten(e)
		}
	}
	return doc
}

// asWritten turns the dates YAML read as times (2019-03-03 unquoted) back
// into the text they were written as.
func asWritten(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case time.Time:
			m[k] = v.Format(time.DateOnly)
		case map[string]any:
			asWritten(v)
		}
	}
}

// withFields returns a copy of e with the given fields added.
func withFields(e map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range e {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// csvTimes are the times of a CSV export (last_modified), which differ
// between two databases holding the same data.
var csvTimes = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// TestMultiReportThroughTheAPI: on SQLite and PostgreSQL, the whole
// multi-report set written through the write API with a token, in the
// order its references need (the original before the source carrying it,
// a figure before its subgroup and its share), downloads from
// /figures.csv as the same bytes, apart from times, as the set imported
// from its file (the import command's path: importer.Parse, ApplyBatch);
// and every source and figure read from the API and sent back as read
// leaves the download as it was, apart from versions.
// The API has no metric writes: the metrics are stored first, as an
// administrator's form would.
func TestMultiReportThroughTheAPI(t *testing.T) {
	doc := readMultiReport(t)
	batch := multiReportBatch(t)
	if len(doc.Sources) != len(batch.Sources) || len(doc.Figures) != len(batch.Figures) {
		t.Fatalf("read %d sources and %d figures, the importer %d and %d", len(doc.Sources), len(doc.Figures), len(batch.Sources), len(batch.Figures))
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		storetest.Apply(t, st, models.Batch{Metrics: batch.Metrics})
		h := serverOn(t, st)
		token := editorToken(t, st)

		// A reference to what does not exist yet is refused, naming it,
		// and writes nothing.
		carrier := doc.Sources[1]
		if carrier["original"] == nil {
			t.Fatalf("the second source carries nothing: %v", carrier)
		}
		r := sendJSON(t, h, http.MethodPost, "/api/v1/sources", token, withFields(carrier, "reason", "from the wire"))
		if e := decode[errorBody](t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fmtErr(e), "original") {
			t.Errorf("a source carrying one not yet stored: %d %+v", r.StatusCode, e)
		}
		if _, err := st.GetSource(t.Context(), carrier["id"].(string)); err == nil {
			t.Errorf("the refused source was stored")
		}

		for _, s := range doc.Sources {
			r := sendJSON(t, h, http.MethodPost, "/api/v1/sources", token, withFields(s, "reason", "from the report"))
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("POST source %v: %d %s", s["id"], r.StatusCode, body(t, r))
			}
		}
		for _, f := range doc.Figures {
			r := sendJSON(t, h, http.MethodPost, "/api/v1/figures", token, withFields(f, "reason", "from the report"))
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("POST figure %v: %d %s", f["id"], r.StatusCode, body(t, r))
			}
		}

		imported := storetest.OpenConfig(t, storetest.NewDatabase(t, st.Dialect()), true)
		storetest.Apply(t, imported, batch)
		viaAPI := download(t, h, "/figures.csv")
		viaImport := download(t, serverOn(t, imported), "/figures.csv")
		if strings.Count(viaAPI, "\r\n") != len(batch.Figures)+1 {
			t.Fatalf("/figures.csv after the API writes has %d lines, want %d:\n%s", strings.Count(viaAPI, "\r\n"), len(batch.Figures)+1, viaAPI)
		}
		if diff := cmp.Diff(csvTimes.ReplaceAllString(viaImport, "T"), csvTimes.ReplaceAllString(viaAPI, "T")); diff != "" {
			t.Errorf("/figures.csv written through the API differs from the imported file's (-import +API):\n%s", diff)
		}

		// What a GET returns, sent back as it is, changes nothing but
		// the versions.
		for _, kind := range []string{"sources", "figures"} {
			entries := doc.Sources
			if kind == "figures" {
				entries = doc.Figures
			}
			for _, e := range entries {
				path := "/api/v1/" + kind + "/" + e["id"].(string)
				got := decode[map[string]any](t, get(t, h, path))
				r := sendJSON(t, h, http.MethodPut, path, token, withFields(got, "reason", "sent back as read"))
				if r.StatusCode != http.StatusOK {
					t.Fatalf("PUT %s as read: %d %s", path, r.StatusCode, body(t, r))
				}
			}
		}
		again := download(t, h, "/figures.csv")
		if diff := cmp.Diff(withoutVersions(t, csvTimes.ReplaceAllString(viaAPI, "T")), withoutVersions(t, csvTimes.ReplaceAllString(again, "T"))); diff != "" {
			t.Errorf("/figures.csv after sending every GET back (-before +after):\n%s", diff)
		}
	})
}

// withoutVersions blanks the version and source_version cells of a CSV
// export.
func withoutVersions(t *testing.T, text string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		for i, name := range recs[0] {
			if name == "version" || name == "source_version" {
				r[i] = ""
			}
		}
	}
	var b strings.Builder
	if err := csv.NewWriter(&b).WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func fmtErr(e errorBody) string {
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		b.WriteString(" " + f.Field + ": " + f.Message)
	}
	return b.String()
}

func serverOn(t *testing.T, st *store.Store) http.Handler {
	t.Helper()
	s, err := dashboard.New(dashboard.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), ChecksWait: time.Minute}, st)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// editorToken signs up an editor on st and returns an API token of theirs.
func editorToken(t *testing.T, st *store.Store) string {
	t.Helper()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	e := models.Editor{Email: "ed@example.org", Name: "Editor ed", Role: models.RoleEditor, PasswordHash: hash}
	if err := st.CreateEditor(t.Context(), &e); err != nil {
		t.Fatal(err)
	}
	return newToken(t, st, e)
}

func download(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	r := get(t, h, path)
	b := body(t, r)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.StatusCode, b)
	}
	return b
}

// multiReportBatch parses the multi-report test set as the import command
// does, or fails the test.
func multiReportBatch(t testing.TB) models.Batch { return importertest.MultiReport(t) }
