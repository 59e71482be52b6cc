package importer

import (
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// ChunkRows is how many rows of a CSV file StreamCSV hands to the sink at
// a time: enough that the per-chunk queries are few, few enough that a
// chunk's entries and their checks take a few megabytes.
const ChunkRows = 5000

// Sink takes the chunks of a streamed import (store.StreamWriter through
// an adapter): it checks and writes chunk, and returns the indexes of the
// sources and figures it put off until their references are there (to be
// given again with the next chunk; none when final) and an EInvalid
// *models.Error listing the chunk's problems ("figures[3].value", indexes
// into chunk).
type Sink func(chunk models.Batch, final bool) (sourcesOff, figuresOff []int, err error)

// StreamOptions tune StreamCSV.
type StreamOptions struct {
	// Progress, if not nil, is called with the rows read and the figures
	// checked and written so far, once after each chunk (the last one at
	// the end).
	Progress func(read, written int)
	// FirstRows records the figure ids of a chunk's new rows (keys, read
	// on rows) and returns for each the row that used it first when that
	// is an earlier one, else 0: store.StreamWriter.FirstRows, which keeps
	// them in a staging table. Required.
	FirstRows func(keys []string, rows []int) ([]int, error)
	// chunkRows overrides ChunkRows (tests).
	chunkRows int
}

// StreamCounts says how many entries a streamed import had.
type StreamCounts struct {
	Metrics, Sources, Figures int
}

// located is an entry waiting for its chunk, with where it comes from
// ("row 7", "source \"s1\"").
type located[T any] struct {
	at string
	v  T
}

// StreamCSV reads a figures CSV file (name says where it is, for
// messages) in chunks of ChunkRows rows and hands each to sink, head first
// (the metrics and sources of companion files, applied before any row);
// memory stays bounded by the chunk, except for the first row of each
// source, kept to compare the rows naming it (figure ids go to
// opts.FirstRows, a staging table, to refuse duplicates). The file has no size
// limit. Problems of the rows on their own and of the store are collected
// and returned together, in one EInvalid error located in the file ("row
// 7, value"); once a row has a problem of its own no more chunks are
// given to sink. The caller rolls back on any error.
//
// sourcesFile, if not nil, holds the sources of a companion sources file
// (in head): a row's source described there must be described the same
// way.
func StreamCSV(r io.Reader, name string, head models.Batch, sourcesFile map[string]models.Source, opts StreamOptions, sink Sink) (StreamCounts, error) {
	rep := &report{what: "file " + name}
	chunkRows := opts.chunkRows
	if chunkRows <= 0 {
		chunkRows = ChunkRows
	}
	if opts.FirstRows == nil {
		return StreamCounts{}, errors.New("importer: StreamCSV needs StreamOptions.FirstRows")
	}
	st := &streamState{rep: rep, sink: sink, opts: opts, metrics: head.Metrics, firstRows: opts.FirstRows}
	st.counts.Metrics = len(head.Metrics)
	for _, s := range head.Sources {
		st.sources = append(st.sources, located[models.Source]{at: "source " + quoted(s.Key), v: s})
	}
	st.sourceOmitted = head.SourceOmitted
	st.metricOmitted = head.MetricOmitted
	st.counts.Sources = len(head.Sources)

	consume := func(row csvRow) error {
		st.read++
		if row.figure.Key != "" {
			st.keys = append(st.keys, row.figure.Key)
			st.keyRows = append(st.keyRows, row.num)
		}
		at := "row " + strconv.Itoa(row.num)
		if row.source != nil {
			if known, ok := sourcesFile[row.source.Key]; ok {
				if fields := differingFields(known, *row.source); len(fields) > 0 {
					rep.add("source "+quoted(row.source.Key), "described differently here and in the figures (%s): use the files of one export, or make them agree",
						strings.Join(fields, ", "))
				}
			} else {
				st.sources = append(st.sources, located[models.Source]{at: at, v: *row.source})
				st.counts.Sources++
				if len(row.sourceOmitted) > 0 {
					st.omitSource(row.source.Key, row.sourceOmitted)
				}
			}
		}
		if len(row.figureOmitted) > 0 {
			st.figureOmitted = row.figureOmitted // the same for every row
		}
		st.figures = append(st.figures, located[models.Figure]{at: at, v: row.figure})
		st.counts.Figures++
		if st.newRows++; st.newRows >= chunkRows {
			return st.flush(false)
		}
		return nil
	}
	var err error
	if readAhead {
		err = readCSVAhead(r, rep, chunkRows, consume)
	} else {
		err = readCSV(r, rep, math.MaxInt64, false, consume)
	}
	if err == nil {
		err = st.flush(true)
	}
	if err != nil {
		var e *models.Error
		if errors.As(err, &e) {
			return st.counts, rep.err() // rep holds them, with the fatal one
		}
		return st.counts, err
	}
	return st.counts, rep.err()
}

// streamState is what StreamCSV holds between two chunks: the entries
// read since the last one and those the sink put off.
type streamState struct {
	rep           *report
	sink          Sink
	opts          StreamOptions
	metrics       []models.Metric // until the first chunk
	sources       []located[models.Source]
	figures       []located[models.Figure]
	sourceOmitted map[string][]string
	metricOmitted map[string][]string // of head's metrics, by slug
	figureOmitted []string
	newRows       int
	keys          []string // the figure ids of the new rows, for firstRows
	keyRows       []int
	firstRows     func(keys []string, rows []int) ([]int, error)
	read, written int
	counts        StreamCounts
	fromSink      int  // how many of rep's problems the sink reported; the others are the rows' own
	stopped       bool // a row had a problem of its own: nothing more goes to the sink
}

func (st *streamState) omitSource(key string, omitted []string) {
	if st.sourceOmitted == nil {
		st.sourceOmitted = map[string][]string{}
	}
	st.sourceOmitted[key] = omitted
}

// flush hands the entries waiting to the sink, keeping those it puts off,
// once the figure ids of the new rows are found used only once.
func (st *streamState) flush(final bool) error {
	st.newRows = 0
	if st.opts.Progress != nil {
		// Once a chunk, the last included, however it ends.
		defer func() { st.opts.Progress(st.read, st.written) }()
	}
	if len(st.keys) > 0 {
		first, err := st.firstRows(st.keys, st.keyRows)
		if err != nil {
			return err
		}
		for i, r := range first {
			if r > 0 {
				duplicateID(st.rep, "row "+strconv.Itoa(st.keyRows[i]), st.keys[i], r)
			}
		}
		st.keys, st.keyRows = st.keys[:0], st.keyRows[:0]
	}
	if !st.stopped && !st.rep.ok() && len(st.rep.fields) > st.fromSink {
		st.stopped = true // rows with problems of their own make no sense to the store
	}
	if st.stopped {
		st.sources, st.figures, st.metrics = nil, nil, nil
		return nil
	}
	chunk := models.Batch{Metrics: st.metrics, MetricOmitted: st.metricOmitted}
	chunk.Sources = make([]models.Source, len(st.sources))
	for i, s := range st.sources {
		chunk.Sources[i] = s.v
		if om := st.sourceOmitted[s.v.Key]; len(om) > 0 {
			if chunk.SourceOmitted == nil {
				chunk.SourceOmitted = map[string][]string{}
			}
			chunk.SourceOmitted[s.v.Key] = om
		}
	}
	chunk.Figures = make([]models.Figure, len(st.figures))
	for i, f := range st.figures {
		chunk.Figures[i] = f.v
		if len(st.figureOmitted) > 0 && models.ValidKey(f.v.Key) {
			if chunk.FigureOmitted == nil {
				chunk.FigureOmitted = map[string][]string{}
			}
			chunk.FigureOmitted[f.v.Key] = st.figureOmitted
		}
	}
	srcOff, figOff, err := st.sink(chunk, final)
	if err != nil {
		var e *models.Error
		if !errors.As(err, &e) || e.Code != models.EInvalid {
			return err
		}
		st.locate(e)
	}
	st.written += len(st.figures) - len(figOff)
	st.metrics = nil
	st.sources = keep(st.sources, srcOff)
	st.figures = keep(st.figures, figOff)
	return nil
}

// locate adds the problems of a chunk to the report, located in the file.
func (st *streamState) locate(e *models.Error) {
	for _, f := range e.Fields {
		loc := f.Field
		if i, field, ok := f.Entry("figures["); ok && i < len(st.figures) {
			loc = st.figures[i].at + ", " + format.CSVColumn(field)
		} else if i, field, ok := f.Entry("sources["); ok && i < len(st.sources) {
			loc = st.sources[i].at + ", source_" + field
		}
		before := len(st.rep.fields)
		st.rep.add(loc, "%s", f.Message)
		st.fromSink += len(st.rep.fields) - before
	}
}

// keep returns the entries of xs at the sorted indexes at.
func keep[T any](xs []T, at []int) []T {
	out := make([]T, len(at))
	for i, j := range at {
		out[i] = xs[j]
	}
	return out
}

// StreamSourcesFile indexes the sources of a companion sources file by
// key, for StreamCSV.
func StreamSourcesFile(b models.Batch) map[string]models.Source {
	out := make(map[string]models.Source, len(b.Sources))
	for _, s := range b.Sources {
		out[s.Key] = s
	}
	return out
}
