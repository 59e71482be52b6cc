package importer

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// ParseMetricsCSV reads a metrics file (format.MetricColumns, in any
// order: slug, label, definition, unit, and optionally label_ko and
// definition_ko), as export -metrics and a data package's metrics.csv
// write it, into a batch of metrics. A file without the Korean columns
// leaves the stored Korean texts as they are (Batch.MetricOmitted). what
// names the file in the error ("file metrics.csv"), which lists every
// problem as "row 3, label: …".
func ParseMetricsCSV(r io.Reader, what string) (models.Batch, error) {
	rep := &report{what: what}
	var h *format.MetricsHeader
	var batch models.Batch
	slugAt := map[string]int{}
	err := eachCSVRow(r, rep, "slug, label, definition, unit, label_ko, definition_ko",
		func(header []string) (ok bool) {
			h, ok = format.ReadMetricsHeader(rep, header)
			return ok
		},
		func(at string, rowNum int, rec []string) {
			m := h.Row(rep, at, rec)
			if first, dup := slugAt[m.Slug]; dup && m.Slug != "" {
				rep.add(at+", slug", "duplicate metric %s, first on row %d", quoted(m.Slug), first)
				return
			}
			slugAt[m.Slug] = rowNum
			batch.Metrics = append(batch.Metrics, m)
			if omitted := h.Omitted(); len(omitted) > 0 {
				if batch.MetricOmitted == nil {
					batch.MetricOmitted = map[string][]string{}
				}
				batch.MetricOmitted[m.Slug] = omitted
			}
		})
	if err != nil {
		return models.Batch{}, err
	}
	return batch, nil
}

// ParseSourcesCSV reads a sources file (format.SourceColumns, in any
// order; original and version may be left out), as export -sources and a
// data package's sources.csv write it, into a batch of sources. A file
// without the original column leaves the stored originals as they are
// (Batch.SourceOmitted). what names the file in the error, as for
// ParseMetricsCSV.
func ParseSourcesCSV(r io.Reader, what string) (models.Batch, error) {
	rep := &report{what: what}
	var h *format.SourcesHeader
	var batch models.Batch
	keyAt := map[string]int{}
	err := eachCSVRow(r, rep, "id, title, kind, publisher, … (the columns of a sources file)",
		func(header []string) (ok bool) {
			h, ok = format.ReadSourcesHeader(rep, header)
			return ok
		},
		func(at string, rowNum int, rec []string) {
			s := h.Row(rep, at, rec)
			if s.Key == "" {
				return // reported
			}
			if first, dup := keyAt[s.Key]; dup {
				rep.add(at+", id", "duplicate source %s, first on row %d", quoted(s.Key), first)
				return
			}
			keyAt[s.Key] = rowNum
			batch.Sources = append(batch.Sources, s)
			if omitted := h.Omitted(); len(omitted) > 0 {
				if batch.SourceOmitted == nil {
					batch.SourceOmitted = map[string][]string{}
				}
				batch.SourceOmitted[s.Key] = omitted
			}
		})
	if err != nil {
		return models.Batch{}, err
	}
	return batch, nil
}

// eachCSVRow reads a companion CSV file (metrics, sources) within the
// import's limits (csvRows) and returns rep's error, if any. columns says
// what the header should name, for an empty file.
func eachCSVRow(r io.Reader, rep *report, columns string, header func([]string) bool, row func(at string, rowNum int, rec []string)) error {
	err := csvRows(r, rep, fileLimit, columns, false, header, func(at string, rowNum int, rec []string) error {
		row(at, rowNum, rec)
		return nil
	})
	if err != nil {
		return err
	}
	return rep.err()
}

// csvRows reads a CSV file of at most limit bytes: it skips a UTF-8 byte
// order mark, hands the header row to header (which reports its problems
// and says whether the rows can be read; if not, csvRows returns rep's
// error), then each row as long as the header to row with its location
// ("row 3", the header being row 1); a row that is not valid CSV or of
// another length is reported to rep and skipped. With reuse, the record
// slice is reused from row to row (its strings are not): row must not
// keep it. It returns an error when the file cannot be read on, or what
// row returns.
func csvRows(r io.Reader, rep *report, limit int64, columns string, reuse bool, header func([]string) bool, row func(at string, rowNum int, rec []string) error) error {
	lr := &limitReader{r: r, max: limit, perRecord: maxRecordBytes}
	br := bufio.NewReader(lr)
	if b, err := br.Peek(len(utf8BOM)); err == nil && string(b) == utf8BOM {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a wrong count is reported with the row, not as a parse error
	cr.ReuseRecord = reuse

	head, err := cr.Read()
	switch {
	case lr.err != nil:
		return tooLarge(rep, lr, 1)
	case err == io.EOF:
		return rep.fatal("header", "the file is empty: expected a header row naming the columns %s", columns)
	case err != nil:
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return fmt.Errorf("importer: reading %s: %w", rep.what, err)
		}
		return rep.fatal("header", "not valid CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)
	}
	head = slices.Clone(head) // the next Read reuses it
	if !header(head) {
		return rep.err()
	}
	lr.markRecord()

	for rowNum := 2; ; rowNum++ { // the header is row 1, as a spreadsheet shows it
		rec, err := cr.Read()
		if lr.err != nil {
			return tooLarge(rep, lr, rowNum)
		}
		if err == io.EOF {
			return nil
		}
		lr.markRecord()
		at := "row " + strconv.Itoa(rowNum)
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return fmt.Errorf("importer: reading %s: %w", rep.what, err)
			}
			rep.add(at, "not valid CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)
			continue
		}
		if len(rec) != len(head) {
			rep.add(at, "has %d fields, the header has %d", len(rec), len(head))
			continue
		}
		if err := row(at, rowNum, rec); err != nil {
			return err
		}
	}
}

// WithSources adds to b the sources of a sources file (ParseSourcesCSV)
// that b does not describe: the originals its sources carry, which no
// figure row holds. A source both describe must be described the same way
// (a sources file from another export, or edited apart, is refused rather
// than one of them silently winning); what names the sources file.
func WithSources(b models.Batch, sources models.Batch, what string) (models.Batch, error) {
	rep := &report{what: what}
	have := map[string]models.Source{}
	for _, s := range b.Sources {
		have[s.Key] = s
	}
	for _, s := range sources.Sources {
		old, ok := have[s.Key]
		if !ok {
			b.Sources = append(b.Sources, s)
			if omitted := sources.SourceOmitted[s.Key]; len(omitted) > 0 {
				if b.SourceOmitted == nil {
					b.SourceOmitted = map[string][]string{}
				}
				b.SourceOmitted[s.Key] = omitted
			}
			continue
		}
		if fields := differingFields(old, s); len(fields) > 0 {
			rep.add("source "+quoted(s.Key), "described differently here and in the figures (%s): use the files of one export, or make them agree",
				strings.Join(fields, ", "))
		}
	}
	if err := rep.err(); err != nil {
		return models.Batch{}, err
	}
	return b, nil
}

// differingFields names the fields, as the files name them, in which two
// descriptions of a source differ.
func differingFields(a, b models.Source) []string {
	var ma, mb map[string]any
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	_ = json.Unmarshal(ja, &ma)
	_ = json.Unmarshal(jb, &mb)
	var out []string
	for _, name := range format.SourceColumnNames {
		if name == "id" {
			continue
		}
		if fmt.Sprint(ma[name]) != fmt.Sprint(mb[name]) {
			out = append(out, name)
		}
	}
	return out
}
