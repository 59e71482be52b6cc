package importer

import (
	"io"
	"strconv"
	"strings"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// utf8BOM starts the CSV files Excel saves as "CSV UTF-8"; it is skipped.
const utf8BOM = "\xef\xbb\xbf"

// csvSource is the first row that described a source.
type csvSource struct {
	row   int
	cells []string // in format.SourceColumnNames order
}

func parseCSV(r io.Reader, opts Options, what string) (models.Batch, error) {
	rep := &report{what: what}
	var batch models.Batch
	prog := progress{fn: opts.Progress}
	err := readCSV(r, rep, fileLimit, true, func(row csvRow) error {
		if row.source != nil {
			batch.Sources = append(batch.Sources, *row.source)
			if len(row.sourceOmitted) > 0 {
				if batch.SourceOmitted == nil {
					batch.SourceOmitted = map[string][]string{}
				}
				batch.SourceOmitted[row.source.Key] = row.sourceOmitted
			}
		}
		if len(row.figureOmitted) > 0 && models.ValidKey(row.figure.Key) {
			if batch.FigureOmitted == nil {
				batch.FigureOmitted = map[string][]string{}
			}
			batch.FigureOmitted[row.figure.Key] = row.figureOmitted
		}
		batch.Figures = append(batch.Figures, row.figure)
		prog.add()
		return nil
	})
	prog.done()
	if err != nil {
		return models.Batch{}, err
	}
	if err := rep.err(); err != nil {
		return models.Batch{}, err
	}
	return batch, nil
}

// csvRow is one row of a figures CSV file as readCSV hands it on.
type csvRow struct {
	num           int // the header is row 1
	figure        models.Figure
	source        *models.Source // the row's source when it is the first row naming it
	figureOmitted []string       // the figure columns the file does not have
	sourceOmitted []string       // the same for the source columns
}

// readCSV reads a figures CSV file of at most limit bytes, reporting to
// rep the problems of each row on its own and against the rows before it
// (a source described differently, and with dupes a figure id used twice;
// a streamed import finds those through its staging table), and hands
// each row on to emit in order, bad rows too (rep then holds their
// problems). It returns an error when the file cannot be read on, or what
// emit returns; the problems are rep's.
func readCSV(r io.Reader, rep *report, limit int64, dupes bool, emit func(csvRow) error) error {
	var h *format.CSVHeader
	var (
		// The first row of each figure id and of each source: kept for
		// the whole file, as duplicates may be far apart. A few dozen
		// bytes a row.
		figureAt = map[string]int32{}
		sources  = map[string]*csvSource{}
	)
	return csvRows(r, rep, limit, "of an export", true, func(header []string) bool {
		var ok bool
		h, ok = format.ReadCSVHeader(rep, header)
		return ok
	}, func(at string, rowNum int, rec []string) error {
		f, src := h.Row(rep, at, rec)
		if first, dup := figureAt[f.Key]; dup && f.Key != "" {
			duplicateID(rep, at, f.Key, int(first))
		} else if dupes {
			figureAt[strings.Clone(f.Key)] = int32(rowNum) // not a slice of the record, which it would keep
		}
		row := csvRow{num: rowNum, figure: f, sourceOmitted: h.SourceOmitted()}
		if s, ok := csvRowSource(rep, at, rowNum, src, sources); ok {
			row.source = &s
		}
		if om := h.FigureOmitted(); len(om) > 0 {
			row.figureOmitted = om
		}
		return emit(row)
	})
}

// duplicateID reports a figure id used again at at, first used on row
// first.
func duplicateID(rep *report, at, key string, first int) {
	rep.add(at+", figure_id", "duplicate figure id %s, first used on row %d", quoted(key), first)
}

// csvRowSource returns the source described by the source_* cells of a row
// (src, in format.SourceColumnNames order) when the row is the first to
// name it; later rows must describe it the same way.
func csvRowSource(rep *report, at string, rowNum int, src []string, seen map[string]*csvSource) (models.Source, bool) {
	key := src[0]
	if !models.ValidKey(key) {
		return models.Source{}, false // the figure's source_id problem is reported
	}
	if first, ok := seen[key]; ok {
		for i, name := range format.SourceColumnNames {
			if a, b := first.cells[i], src[i]; a != b {
				rep.add(at+", source_"+name, "differs from row %d, which has the same source_id %s: %s there, %s here",
					first.row, quoted(key), quoted(a), quoted(b))
			}
		}
		return models.Source{}, false
	}
	cells := make([]string, len(src))
	for i, c := range src {
		cells[i] = strings.Clone(c) // not slices of the record, which they would keep
	}
	seen[strings.Clone(key)] = &csvSource{row: rowNum, cells: cells}
	return format.CSVSource(rep, at, src), true
}

func tooLarge(rep *report, lr *limitReader, rowNum int) error {
	if lr.n > lr.max {
		return rep.fatal("file", "is larger than %s: split it into smaller files", models.SizeText(fileLimit))
	}
	return rep.fatal("row "+strconv.Itoa(rowNum), "is longer than %s (is a quote left open?): no field may exceed %s",
		models.SizeText(maxRecordBytes), models.SizeText(format.MaxFieldBytes))
}
