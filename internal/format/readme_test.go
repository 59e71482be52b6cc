package format

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the generated regions of the repository's README.md")

// The repository's README shows the figures CSV's columns and the
// metrics file's between these markers, generated from FigureColumns and
// MetricColumns.
const (
	readmePath       = "../../README.md"
	readmeBegin      = "<!-- begin columns: generated from internal/format.FigureColumns; go test ./internal/format -run TestReadmeColumns -update -->\n"
	readmeEnd        = "<!-- end columns -->\n"
	readmeMetricsBeg = "<!-- begin metric columns: generated from internal/format.MetricColumns; go test ./internal/format -run TestReadmeColumns -update -->\n"
	readmeMetricsEnd = "<!-- end metric columns -->\n"
)

// TestReadmeColumns fails when a column table of the README is not its
// column list; -update rewrites it.
func TestReadmeColumns(t *testing.T) {
	for _, r := range []struct {
		begin, end string
		cols       []Column
	}{{readmeBegin, readmeEnd, FigureColumns}, {readmeMetricsBeg, readmeMetricsEnd, MetricColumns}} {
		b, err := os.ReadFile(readmePath)
		if err != nil {
			t.Fatal(err)
		}
		readme := string(b)
		before, rest, ok := strings.Cut(readme, r.begin)
		table, after, ok2 := strings.Cut(rest, r.end)
		if !ok || !ok2 {
			t.Fatalf("%s has no %q … %q region", readmePath, r.begin, r.end)
		}
		want := ColumnTable(r.cols)
		if *update {
			if err := os.WriteFile(readmePath, []byte(before+r.begin+want+r.end+after), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if diff := cmp.Diff(want, table); diff != "" {
			t.Errorf("README.md's column table %q is stale; run go test ./internal/format -run TestReadmeColumns -update (-want +got):\n%s", r.begin, diff)
		}
	}
}
