package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

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
	lr := &limitReader{r: r, max: fileLimit, perRecord: maxRecordBytes}
	br := bufio.NewReader(lr)
	if b, err := br.Peek(len(utf8BOM)); err == nil && string(b) == utf8BOM {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a wrong count is reported with the row, not as a parse error
	cr.ReuseRecord = true

	header, err := cr.Read()
	switch {
	case lr.err != nil:
		return models.Batch{}, tooLarge(rep, lr, 1)
	case err == io.EOF:
		return models.Batch{}, rep.fatal("header", "the file is empty: expected a header row naming the columns of an export")
	case err != nil:
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return models.Batch{}, fmt.Errorf("importer: reading %s: %w", rep.what, err)
		}
		return models.Batch{}, rep.fatal("header", "not valid CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)
	}
	h, ok := format.ReadCSVHeader(rep, header)
	if !ok {
		return models.Batch{}, rep.err()
	}
	lr.markRecord()

	var (
		batch    models.Batch
		figureAt = map[string]int{}
		sources  = map[string]*csvSource{}
		prog     = progress{fn: opts.Progress}
	)
	for rowNum := 2; ; rowNum++ { // the header is row 1, as a spreadsheet shows it
		rec, err := cr.Read()
		if lr.err != nil {
			return models.Batch{}, tooLarge(rep, lr, rowNum)
		}
		if err == io.EOF {
			break
		}
		lr.markRecord()
		at := "row " + strconv.Itoa(rowNum)
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return models.Batch{}, fmt.Errorf("importer: reading %s: %w", rep.what, err)
			}
			rep.add(at, "not valid CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)
			continue
		}
		if len(rec) != len(header) {
			rep.add(at, "has %d fields, the header has %d", len(rec), len(header))
			continue
		}

		f, src := h.Row(rep, at, rec)
		if first, dup := figureAt[f.Key]; dup && f.Key != "" {
			rep.add(at+", figure_id", "duplicate figure id %s, first used on row %d", quoted(f.Key), first)
		} else {
			figureAt[f.Key] = rowNum
		}
		if s, ok := csvRowSource(rep, at, rowNum, src, sources); ok {
			batch.Sources = append(batch.Sources, s)
			if omitted := h.SourceOmitted(); len(omitted) > 0 {
				if batch.SourceOmitted == nil {
					batch.SourceOmitted = map[string][]string{}
				}
				batch.SourceOmitted[s.Key] = omitted
			}
		}
		if om := h.FigureOmitted(); len(om) > 0 && models.ValidKey(f.Key) {
			if batch.FigureOmitted == nil {
				batch.FigureOmitted = map[string][]string{}
			}
			batch.FigureOmitted[f.Key] = om
		}
		batch.Figures = append(batch.Figures, f)
		prog.add()
	}
	prog.done()
	if err := rep.err(); err != nil {
		return models.Batch{}, err
	}
	return batch, nil
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
	seen[key] = &csvSource{row: rowNum, cells: src}
	return format.CSVSource(rep, at, src), true
}

func tooLarge(rep *report, lr *limitReader, rowNum int) error {
	if lr.n > lr.max {
		return rep.fatal("file", "is larger than %s: split it into smaller files", models.SizeText(fileLimit))
	}
	return rep.fatal("row "+strconv.Itoa(rowNum), "is longer than %s (is a quote left open?): no field may exceed %s",
		models.SizeText(maxRecordBytes), models.SizeText(format.MaxFieldBytes))
}
