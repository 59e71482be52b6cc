package importer

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// streamFile is a CSV file of n figures "f0000"… made from the first row
// of baseTable, whose metric it creates; edit may change row i's cells.
func streamFile(t *testing.T, n int, edit func(i int, set func(col, v string))) ([]byte, []models.Metric) {
	t.Helper()
	tb := baseTable(t)
	out := table{tb[0]}
	for i := range n {
		row := slices.Clone(tb[1])
		set := func(col, v string) { row[slices.Index(tb[0], col)] = v }
		set("figure_id", fmt.Sprintf("f%04d", i))
		set("version", "")
		if edit != nil {
			edit(i, set)
		}
		out = append(out, row)
	}
	metric := tb[1][slices.Index(tb[0], "metric")]
	return out.bytes(), []models.Metric{storetest.Metric(metric)}
}

// streamImport imports file through StreamCSV in chunks of chunk rows, as
// the import command does, and returns the progress seen.
func streamImport(t *testing.T, s *store.Store, file []byte, metrics []models.Metric, chunk int) ([][2]int, error) {
	t.Helper()
	var progress [][2]int
	opts := StreamOptions{Progress: func(read, written int) {
		progress = append(progress, [2]int{read, written})
	}, chunkRows: chunk}
	_, err := s.ApplyStream(context.Background(), models.Batch{}, storetest.Change(), false, func(w *store.StreamWriter) error {
		opts.FirstRows = w.FirstRows
		_, err := StreamCSV(bytes.NewReader(file), "f.csv", models.Batch{Metrics: metrics}, nil, opts,
			func(b models.Batch, final bool) ([]int, []int, error) {
				d, err := w.Apply(b, final)
				return d.Sources, d.Figures, err
			})
		return err
	})
	return progress, err
}

func storedFigures(t *testing.T, s *store.Store) int {
	t.Helper()
	_, n, err := s.ListFigures(context.Background(), models.FigureFilter{Audience: models.AudienceEditors})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStreamErrorInLastChunkWritesNothing: chunks before a bad one are
// written in the import's transaction, which the bad one rolls back.
func TestStreamErrorInLastChunkWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		file, metrics := streamFile(t, 25, func(i int, set func(col, v string)) {
			if i == 24 {
				set("subgroup_of", "nowhere")
			}
		})
		progress, err := streamImport(t, s, file, metrics, 10)
		if got := strings.Join(problems(t, err), "\n"); !strings.Contains(got, "row 26, subgroup_of: unknown figure \"nowhere\"") {
			t.Errorf("problems:\n%s\nwant row 26, subgroup_of", got)
		}
		if n := storedFigures(t, s); n != 0 {
			t.Errorf("%d figures stored after a refused import, want 0", n)
		}
		// Progress went through the write phase of the good chunks.
		if !slices.Contains(progress, [2]int{20, 20}) {
			t.Errorf("progress %v, want (20 read, 20 written) among it", progress)
		}
	})
}

// TestStreamDuplicateAcrossChunks: a figure id used in two chunks is
// reported with both rows, and nothing is written.
func TestStreamDuplicateAcrossChunks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		file, metrics := streamFile(t, 25, func(i int, set func(col, v string)) {
			if i == 22 {
				set("figure_id", "f0003")
			}
		})
		_, err := streamImport(t, s, file, metrics, 10)
		if got := strings.Join(problems(t, err), "\n"); !strings.Contains(got, "row 24, figure_id: duplicate figure id \"f0003\", first used on row 5") {
			t.Errorf("problems:\n%s\nwant the duplicate with both rows", got)
		}
		if n := storedFigures(t, s); n != 0 {
			t.Errorf("%d figures stored, want 0", n)
		}
	})
}

// TestStreamReferenceToLaterChunk: a subgroup whose parent comes in a
// later chunk, and a derived figure whose formula names figures further
// down, are put off until their references are written.
func TestStreamReferenceToLaterChunk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		file, metrics := streamFile(t, 25, func(i int, set func(col, v string)) {
			if i == 1 {
				set("subgroup_of", "f0023")
			}
		})
		if _, err := streamImport(t, s, file, metrics, 10); err != nil {
			t.Fatal(err)
		}
		if n := storedFigures(t, s); n != 25 {
			t.Errorf("%d figures stored, want 25", n)
		}
		f, err := s.GetFigure(context.Background(), "f0001", models.AudienceEditors)
		if err != nil || f.Figure.SubgroupOf != "f0023" {
			t.Errorf("f0001: subgroup_of %q (%v), want f0023", f.Figure.SubgroupOf, err)
		}
	})
}

// TestStreamStagingTable: a figure id used twice within one chunk is
// refused too, and the staging table of the ids lasts only as long as its
// import: after a refused import and after one that commits, the next
// import on the same database starts afresh.
func TestStreamStagingTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		rename := func(prefix string) func(i int, set func(col, v string)) {
			return func(i int, set func(col, v string)) { set("figure_id", fmt.Sprintf("%s%04d", prefix, i)) }
		}
		file, metrics := streamFile(t, 12, func(i int, set func(col, v string)) {
			if i == 4 {
				set("figure_id", "f0002")
			}
		})
		_, err := streamImport(t, s, file, metrics, 10)
		if got := strings.Join(problems(t, err), "\n"); !strings.Contains(got, "row 6, figure_id: duplicate figure id \"f0002\", first used on row 4") {
			t.Errorf("problems:\n%s\nwant the duplicate within the chunk", got)
		}
		for _, prefix := range []string{"f", "g"} {
			file, metrics := streamFile(t, 12, rename(prefix))
			if _, err := streamImport(t, s, file, metrics, 10); err != nil {
				t.Fatalf("import %s…: %v", prefix, err)
			}
		}
		if n := storedFigures(t, s); n != 24 {
			t.Errorf("%d figures stored, want 24", n)
		}
	})
}
