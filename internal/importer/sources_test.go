package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

// carriedSources are the fixture's sources, the second carrying a third
// that no figure cites.
func carriedSources() []models.Source {
	srcs := exporttest.Sources()
	srcs[1].Original = "example-monitor-2020"
	monitor := srcs[1]
	monitor.Key, monitor.Publisher, monitor.Original, monitor.ArchiveURL, monitor.Version = "example-monitor-2020", "Example Monitor", "", "", 3
	monitor.PublishedOn, monitor.PublishedPrecision = models.NewDate(2020, 2, 1), models.PrecisionMonth
	return append(srcs, monitor)
}

// sourcesFile is the sources file of a CSV export of carriedSources: the
// figures' sources, then the original they carry, read with the lookup.
func sourcesFile(t testing.TB) []byte {
	t.Helper()
	srcs := carriedSources()
	var buf bytes.Buffer
	lookup := func(keys []string) ([]models.Source, error) {
		if len(keys) != 1 || keys[0] != srcs[2].Key {
			t.Errorf("looked up %q, want only the original", keys)
		}
		return srcs[2:], nil
	}
	if err := export.WriteSourcesCSV(&buf, srcs[:2], lookup); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseSourcesCSV(t *testing.T) {
	b, err := ParseSourcesCSV(bytes.NewReader(sourcesFile(t)), "file sources.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(carriedSources(), b.Sources, ignoreSourceDB); diff != "" {
		t.Errorf("sources (-exported +imported):\n%s", diff)
	}
	if len(b.SourceOmitted) != 0 {
		t.Errorf("a file with every column omits %v", b.SourceOmitted)
	}
	// A file made before original and version existed: the stored
	// originals are kept (SourceOmitted), and there is no lock.
	in := "\xef\xbb\xbfid,title,kind,publisher,authors,author_affiliation,published_on,url,archive_url,language,accessed_on,text_sha256,notes\r\n" +
		"m,'=Report,ngo_report,Monitor,,,2020-02,https://example.org/m,,en,,,\r\n"
	b, err = ParseSourcesCSV(strings.NewReader(in), "file s.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []models.Source{{Key: "m", Title: "=Report", Kind: models.KindNGOReport, Publisher: "Monitor", URL: "https://example.org/m", Language: "en",
		PublishedOn: models.NewDate(2020, 2, 1), PublishedPrecision: models.PrecisionMonth}}
	if diff := cmp.Diff(want, b.Sources); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{"m": {"title_en", "title_ko", "original"}}, b.SourceOmitted); diff != "" {
		t.Errorf("omitted (-want +got):\n%s", diff)
	}
}

func TestParseSourcesCSVErrors(t *testing.T) {
	const header = "id,title,kind,publisher,authors,author_affiliation,published_on,url,archive_url,language,accessed_on,text_sha256,notes,original,version\n"
	row := func(id, original string) string {
		return id + ",T,news,P,,,2020-01-02,https://example.org/x,,en,,,," + original + ",\n"
	}
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"empty", "", []string{"header: the file is empty: expected a header row naming the columns id, title, kind, publisher, … (the columns of a sources file)"}},
		{"missing and unknown columns", "id,title,colour\n", []string{
			`header: unknown column "colour": a sources file has the columns id, title, title_en, title_ko, kind, publisher, authors, author_affiliation, published_on, url, archive_url, language, accessed_on, text_sha256, notes, original, version`,
			"header: missing columns kind, publisher, authors, author_affiliation, published_on, url, archive_url, language, accessed_on, text_sha256, notes: every column of a sources file is required except title_en, title_ko, original, version",
		}},
		{"bad rows", header + row("a", "X") + row("a", "") + row("b", "b") + row("c", "Not A Key"), []string{
			`row 2, original: expected the id of the source this one carries (expected 1 to 100 lower-case letters, digits and hyphens, not starting or ending with a hyphen), got "X"`,
			`row 3, id: duplicate source "a", first on row 2`,
			"row 4, original: a source cannot carry itself: give the id of the source it repeats, or leave it empty",
			`row 5, original: expected the id of the source this one carries (expected 1 to 100 lower-case letters, digits and hyphens, not starting or ending with a hyphen), got "Not A Key"`,
		}},
		{"short row", header + "a,b\n", []string{"row 2: has 2 fields, the header has 15"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSourcesCSV(strings.NewReader(tt.in), "file s.csv")
			var got []string
			for _, f := range models.FieldErrors(err) {
				got = append(got, f.Field+": "+f.Message)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// A sources file adds the sources the figures do not describe, and must
// describe the others as the figures do.
func TestWithSources(t *testing.T) {
	srcs := carriedSources()
	b := models.Batch{Sources: srcs[:2]}
	extra := models.Batch{Sources: srcs, SourceOmitted: map[string][]string{srcs[2].Key: {"original"}}}
	got, err := WithSources(b, extra, "file s.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(srcs, got.Sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{srcs[2].Key: {"original"}}, got.SourceOmitted); diff != "" {
		t.Errorf("omitted (-want +got):\n%s", diff)
	}
	changed := carriedSources()
	changed[0].Title, changed[1].Original = "Another title", ""
	_, err = WithSources(b, models.Batch{Sources: changed}, "file s.csv")
	want := []models.FieldError{
		{Field: `source "hrw-2017-dragnet"`, Message: "described differently here and in the figures (title): use the files of one export, or make them agree"},
		{Field: `source "example-ngo-2020"`, Message: "described differently here and in the figures (original): use the files of one export, or make them agree"},
	}
	if diff := cmp.Diff(want, models.FieldErrors(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func FuzzParseSourcesCSV(f *testing.F) {
	f.Add(sourcesFile(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseSourcesCSV(bytes.NewReader(data), "file s.csv")
		checkParse(t, b, err)
	})
}
