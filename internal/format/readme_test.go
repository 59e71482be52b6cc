package format

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the generated regions of the repository's README.md")

// The repository's README shows the figures CSV's columns between these
// markers, generated from FigureColumns.
const (
	readmePath  = "../../README.md"
	readmeBegin = "<!-- begin columns: generated from internal/format.FigureColumns; go test ./internal/format -run TestReadmeColumns -update -->\n"
	readmeEnd   = "<!-- end columns -->\n"
)

// TestReadmeColumns fails when the README's column table is not the column
// list; -update rewrites it.
func TestReadmeColumns(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	before, rest, ok := strings.Cut(readme, readmeBegin)
	table, after, ok2 := strings.Cut(rest, readmeEnd)
	if !ok || !ok2 {
		t.Fatalf("%s has no %q … %q region", readmePath, readmeBegin, readmeEnd)
	}
	want := ColumnTable(FigureColumns)
	if *update {
		if err := os.WriteFile(readmePath, []byte(before+readmeBegin+want+readmeEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, table); diff != "" {
		t.Errorf("README.md's column table is stale; run go test ./internal/format -run TestReadmeColumns -update (-want +got):\n%s", diff)
	}
}
