package importer

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

// streamRun is what StreamCSV did with a file: the chunks the sink was
// given (their figure ids), the progress, the counts and the problems.
type streamRun struct {
	Chunks   [][]string
	Progress [][2]int
	Counts   StreamCounts
	Problems []string
}

// streamWithFakeSink streams file in chunks of chunk rows to a sink that
// refuses the figures whose id is in refuse (a problem of its own, as the
// store reports them) and puts off once those in putOff, with the figure
// ids kept in a map for FirstRows: StreamCSV without a database.
func streamWithFakeSink(t *testing.T, file []byte, chunk int, refuse, putOff map[string]bool) streamRun {
	t.Helper()
	var run streamRun
	firstRow := map[string]int{}
	putOffDone := map[string]bool{}
	opts := StreamOptions{
		chunkRows: chunk,
		Progress:  func(read, written int) { run.Progress = append(run.Progress, [2]int{read, written}) },
		FirstRows: func(keys []string, rows []int) ([]int, error) {
			out := make([]int, len(keys))
			for i, k := range keys {
				if r, ok := firstRow[k]; ok {
					out[i] = r
					continue
				}
				firstRow[k] = rows[i]
			}
			return out, nil
		},
	}
	sink := func(b models.Batch, final bool) ([]int, []int, error) {
		var keys []string
		var off []int
		var fields []models.FieldError
		for i, f := range b.Figures {
			keys = append(keys, f.Key)
			if putOff[f.Key] && !putOffDone[f.Key] && !final {
				putOffDone[f.Key] = true
				off = append(off, i)
				continue
			}
			if refuse[f.Key] {
				fields = append(fields, models.FieldError{Field: fmt.Sprintf("figures[%d].notes", i), Message: "refused by the sink"})
			}
		}
		run.Chunks = append(run.Chunks, keys)
		if len(fields) > 0 {
			return nil, off, &models.Error{Code: models.EInvalid, Message: "invalid batch", Fields: fields}
		}
		return nil, off, nil
	}
	var err error
	run.Counts, err = StreamCSV(bytes.NewReader(file), "f.csv", models.Batch{}, nil, opts, sink)
	if err != nil {
		run.Problems = problems(t, err)
	}
	return run
}

// TestStreamReadAheadAsInOrder: reading the file on a goroutine of its
// own (readAhead) gives the sink the same chunks and the caller the same
// progress, counts and problems, in the same order, as reading it in
// line with the chunks: rows' own problems, CSV lines that make no row,
// the sink's problems, duplicate ids across chunks, more problems than
// are listed, and a row too long to read on, each before, between and
// after the others.
func TestStreamReadAheadAsInOrder(t *testing.T) {
	file := func(n int, edit func(i int, set func(col, v string))) []byte {
		b, _ := streamFile(t, n, edit)
		return b
	}
	// insertLines puts raw lines before data row i (0-based) of a file.
	insertLines := func(b []byte, i int, lines ...string) []byte {
		rows := strings.SplitAfter(string(b), "\n")
		// Every data row of streamFile is one line (no quoted new lines).
		at := 1 + i
		out := append(slices.Clone(rows[:at]), lines...)
		return []byte(strings.Join(append(out, rows[at:]...), ""))
	}
	badValue := func(bad ...int) func(i int, set func(col, v string)) {
		return func(i int, set func(col, v string)) {
			if slices.Contains(bad, i) {
				set("value", "many")
			}
		}
	}
	keys := func(ids ...int) map[string]bool {
		out := map[string]bool{}
		for _, i := range ids {
			out[fmt.Sprintf("f%04d", i)] = true
		}
		return out
	}
	long := "f9999," + strings.Repeat("x", maxRecordBytes+10) + "\n"
	every := func(n, step int) []int {
		var out []int
		for i := 0; i < n; i += step {
			out = append(out, i)
		}
		return out
	}
	cases := []struct {
		name           string
		file           []byte
		chunk          int
		refuse, putOff map[string]bool
	}{
		{"clean, some put off", file(53, nil), 7, nil, keys(3, 20, 52)},
		{"the sink's problems, then rows' own", file(40, badValue(25, 26)), 7, keys(2, 3, 9), keys(1)},
		{"rows' own first, then the sink is given nothing", file(40, badValue(4)), 7, keys(30), nil},
		{"bad lines between rows", insertLines(file(30, badValue(12)), 10, "\"bare\"quote,x\n", "a,b\n"), 6, keys(1), nil},
		{"bad lines at the end", insertLines(file(20, nil), 20, "a,b\n", "c\n"), 6, keys(0, 19), nil},
		{"a chunk's last row with problems of its own", file(30, badValue(13)), 7, keys(2), nil},
		{"more bad lines than are listed, together", insertLines(file(20, nil), 5, slices.Repeat([]string{"a,b\n"}, 1100)...), 6, keys(1), nil},
		{"a duplicate id across chunks", file(30, func(i int, set func(col, v string)) {
			if i == 22 {
				set("figure_id", "f0003")
			}
		}), 5, keys(1), nil},
		{"more problems than are listed", file(1300, badValue(every(1300, 1)...)), 100, nil, nil},
		{"the sink's problems, then more than are listed", file(1300, badValue(every(1300, 1)[200:]...)), 100, keys(every(200, 3)...), nil},
		{"a row too long after problems", insertLines(file(30, badValue(3)), 20, long), 7, keys(15), nil},
		{"a row too long after more problems than are listed", insertLines(file(1200, badValue(every(1200, 1)...)), 1150, long), 50, nil, nil},
		{"a row too long first", insertLines(file(10, nil), 0, long), 4, nil, nil},
		{"a header only", file(0, nil), 5, nil, nil},
		{"an empty file", nil, 5, nil, nil},
		{"a bad header", []byte("figure_id,nonsense\nf1,x\n"), 5, nil, nil},
	}
	defer func(v bool) { readAhead = v }(readAhead)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			readAhead = false
			want := streamWithFakeSink(t, c.file, c.chunk, c.refuse, c.putOff)
			readAhead = true
			got := streamWithFakeSink(t, c.file, c.chunk, c.refuse, c.putOff)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("read ahead differs from reading in line (-in line +ahead):\n%s", diff)
			}
		})
	}
}
