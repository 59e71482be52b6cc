package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"forcedreturns/internal/export"
	"forcedreturns/models"
)

// utf8BOM starts the CSV files Excel saves as "CSV UTF-8"; it is skipped.
const utf8BOM = "\xef\xbb\xbf"

// csvSource is the first row that described a source.
type csvSource struct {
	row   int
	cells []string // in export.SourceColumns order
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
	pos, ok := readHeader(rep, header)
	if !ok {
		return models.Batch{}, rep.err()
	}
	lr.markRecord()

	numeric := make([]bool, len(export.FigureColumns))
	for i, c := range export.FigureColumns {
		numeric[i] = c.Numeric()
	}
	var (
		batch    models.Batch
		figureAt = map[string]int{}
		sources  = map[string]*csvSource{}
		cells    = make([]string, len(export.Columns))
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

		e := newEntry(rep, func(field string) string { return at + ", " + figureColumn(field) })
		for i := range cells {
			cells[i] = ""
			if pos[i] < 0 {
				continue
			}
			c := rec[pos[i]]
			if len(c) > fieldLimit {
				e.add(modelField(export.Columns[i]), "is %d bytes long; the limit is %s", len(c), sizeText(int64(fieldLimit)))
				continue
			}
			if !numeric[i] {
				c = export.Unneutralise(c)
			}
			cells[i] = c
		}
		f := e.figure(cells)
		if first, dup := figureAt[f.Key]; dup && f.Key != "" {
			rep.add(at+", figure_id", "duplicate figure id %s, first used on row %d", quoted(f.Key), first)
		} else {
			figureAt[f.Key] = rowNum
		}
		if s, ok := csvRowSource(rep, at, rowNum, f.Source, cells, sources); ok {
			batch.Sources = append(batch.Sources, s)
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
// when the row is the first to name it; later rows must describe it the
// same way.
func csvRowSource(rep *report, at string, rowNum int, key string, cells []string, seen map[string]*csvSource) (models.Source, bool) {
	if !models.ValidKey(key) {
		return models.Source{}, false // the figure's source_id problem is reported
	}
	src := make([]string, len(sourceInFigure))
	for i, c := range sourceInFigure {
		src[i] = cells[c]
	}
	src[sID] = key
	if first, ok := seen[key]; ok {
		for i, name := range export.SourceColumnNames {
			if a, b := first.cells[i], src[i]; a != b {
				rep.add(at+", source_"+name, "differs from row %d, which has the same source_id %s: %s there, %s here",
					first.row, quoted(key), quoted(a), quoted(b))
			}
		}
		return models.Source{}, false
	}
	seen[key] = &csvSource{row: rowNum, cells: src}
	e := newEntry(rep, func(field string) string { return at + ", source_" + field })
	return e.source(src, src[sNotes]), true
}

// readHeader maps export.Columns to the file's columns (pos[i] is the
// file's column of export.Columns[i], or -1) and reports unknown,
// repeated and missing columns. Order does not matter.
func readHeader(rep *report, header []string) (pos []int, ok bool) {
	pos = make([]int, len(export.Columns))
	for i := range pos {
		pos[i] = -1
	}
	var unknown []string
	for j, name := range header {
		name = strings.TrimSpace(name)
		i := indexOf(export.Columns, name)
		switch {
		case i < 0:
			unknown = append(unknown, quoted(name))
		case pos[i] >= 0:
			rep.add("header", "column %s appears twice (columns %d and %d)", name, pos[i]+1, j+1)
		default:
			pos[i] = j
		}
	}
	if len(unknown) > 0 {
		rep.add("header", "unknown %s %s: the header may only name the columns of an export",
			plural(len(unknown), "column"), strings.Join(unknown, ", "))
	}
	var missing, optional []string
	for i, c := range export.FigureColumns {
		switch {
		case c.ReadOnly || c.Optional:
			optional = append(optional, c.Name)
		case pos[i] < 0:
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		rep.add("header", "missing %s %s: every column of an export is required except %s",
			plural(len(missing), "column"), strings.Join(missing, ", "), strings.Join(optional, ", "))
	}
	return pos, rep.ok()
}

func tooLarge(rep *report, lr *limitReader, rowNum int) error {
	if lr.n > lr.max {
		return rep.fatal("file", "is larger than %s: split it into smaller files", sizeText(fileLimit))
	}
	return rep.fatal("row "+strconv.Itoa(rowNum), "is longer than %s (is a quote left open?): no field may exceed %s",
		sizeText(maxRecordBytes), sizeText(int64(fieldLimit)))
}

// figureColumn names a figure field (as Validate names it) by its CSV
// column.
func figureColumn(field string) string {
	switch field {
	case "id":
		return "figure_id"
	case "source":
		return "source_id"
	}
	return field
}

// modelField is the inverse of figureColumn.
func modelField(column string) string {
	switch column {
	case "figure_id":
		return "id"
	case "source_id":
		return "source"
	}
	return column
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
