package export

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export/exporttest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

var goldenMeta = Meta{
	ExportedAt: exporttest.ExportedAt,
	Filter:     "none (all published and retracted figures)",
	Generator:  "forcedreturns test",
}

// checkGolden compares got with testdata/golden/name, or rewrites the file
// when the test runs with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got); if the change is intended, run go test -update:\n%s", name, diff)
	}
}

func TestGolden(t *testing.T) {
	for _, format := range []string{"csv", "json", "ndjson"} {
		var buf bytes.Buffer
		if err := Write(format, &buf, goldenMeta, exporttest.Iter(exporttest.Views()), nil); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "figures."+format, buf.Bytes())
	}

	// The zip's compressed bytes depend on the Go version; its files do not.
	var buf bytes.Buffer
	if err := WriteDataPackage(&buf, goldenMeta, exporttest.Iter(exporttest.Views()), nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
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
		checkGolden(t, "datapackage/"+f.Name, b)
	}
}
