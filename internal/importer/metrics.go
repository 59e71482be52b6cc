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

// ParseMetricsCSV reads a metrics file (format.MetricColumns, in any
// order: slug, label, definition, unit), as export -metrics and a data
// package's metrics.csv write it. what names the file in the error
// ("file metrics.csv"), which lists every problem as "row 3, label: …".
func ParseMetricsCSV(r io.Reader, what string) ([]models.Metric, error) {
	rep := &report{what: what}
	lr := &limitReader{r: r, max: fileLimit, perRecord: maxRecordBytes}
	br := bufio.NewReader(lr)
	if b, err := br.Peek(len(utf8BOM)); err == nil && string(b) == utf8BOM {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1

	header, err := cr.Read()
	switch {
	case lr.err != nil:
		return nil, tooLarge(rep, lr, 1)
	case err == io.EOF:
		return nil, rep.fatal("header", "the file is empty: expected a header row naming the columns slug, label, definition, unit")
	case err != nil:
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return nil, fmt.Errorf("importer: reading %s: %w", rep.what, err)
		}
		return nil, rep.fatal("header", "not valid CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)
	}
	h, ok := format.ReadMetricsHeader(rep, header)
	if !ok {
		return nil, rep.err()
	}
	lr.markRecord()

	var metrics []models.Metric
	slugAt := map[string]int{}
	for rowNum := 2; ; rowNum++ {
		rec, err := cr.Read()
		if lr.err != nil {
			return nil, tooLarge(rep, lr, rowNum)
		}
		if err == io.EOF {
			break
		}
		lr.markRecord()
		at := "row " + strconv.Itoa(rowNum)
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("importer: reading %s: %w", rep.what, err)
			}
			rep.add(at, "not valid CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)
			continue
		}
		if len(rec) != len(header) {
			rep.add(at, "has %d fields, the header has %d", len(rec), len(header))
			continue
		}
		m := h.Row(rep, at, rec)
		if first, dup := slugAt[m.Slug]; dup && m.Slug != "" {
			rep.add(at+", slug", "duplicate metric %s, first on row %d", quoted(m.Slug), first)
			continue
		}
		slugAt[m.Slug] = rowNum
		metrics = append(metrics, m)
	}
	if err := rep.err(); err != nil {
		return nil, err
	}
	return metrics, nil
}
