package importer

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// Limits on what a file may hold, so that a hostile or broken file is
// refused with a clear message instead of exhausting memory.
const (
	// MaxFileBytes bounds a CSV or JSON file.
	MaxFileBytes = 256 << 20
	// MaxYAMLBytes bounds a YAML file, which is parsed into a node tree
	// costing tens of times its size; YAML files are written by hand and
	// stay far smaller.
	MaxYAMLBytes = 32 << 20
	// MaxFieldBytes bounds one field (a CSV cell, a YAML or JSON value).
	MaxFieldBytes = format.MaxFieldBytes
	// maxRecordBytes bounds one CSV record: every column at its limit
	// fits, a runaway quoted field does not.
	maxRecordBytes = 4 << 20
	// maxProblems bounds the problems one error lists; a file with more
	// is wrong throughout and the first ones show how.
	maxProblems = 1000
)

// The limits in force; tests lower them.
var (
	fileLimit int64 = MaxFileBytes
	yamlLimit int64 = MaxYAMLBytes
)

// ProgressEvery is how many figures are read between two calls of
// Options.Progress.
const ProgressEvery = 10000

// Options tune a parse.
type Options struct {
	// Progress, if not nil, is called with the number of figures read so
	// far every ProgressEvery figures, and once more at the end.
	Progress func(rows int)
}

// progress counts figures and reports them through Options.Progress.
type progress struct {
	fn func(int)
	n  int
}

func (p *progress) add() {
	p.n++
	if p.fn != nil && p.n%ProgressEvery == 0 {
		p.fn(p.n)
	}
}

func (p *progress) done() {
	if p.fn != nil {
		p.fn(p.n)
	}
}

// Parse reads a file of metrics, sources and figures, choosing the format
// from the extension of name (.csv, .yaml or .yml, .json, or .zip for a
// data package, in any case).
// A file with problems gives an *models.Error with code EInvalid listing
// every problem found, each with its location: "row 7, value" in a CSV,
// "figures[3].value" in YAML and JSON.
func Parse(name string, r io.Reader, opts Options) (models.Batch, error) {
	var b models.Batch
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		b, err = parseCSV(r, opts, "file "+name)
	case ".yaml", ".yml":
		b, err = parseYAML(r, opts, "file "+name)
	case ".json":
		b, err = parseJSON(r, opts, "file "+name)
	case ".zip":
		b, err = parseDataPackage(r, opts, "file "+name)
	default:
		return models.Batch{}, &models.Error{
			Code:    models.EInvalid,
			Message: "cannot import " + name,
			Fields: []models.FieldError{{
				Field:   "file",
				Message: "expected a name ending in .csv, .yaml, .yml, .json or .zip (a data package), got " + strconv.Quote(filepath.Base(name)),
			}},
		}
	}
	return b, err
}

// report collects the problems of one file.
type report struct {
	what    string
	fields  []models.FieldError
	dropped int
	// ended: the last problem is the reason the file could not be read
	// on (fatal), for a read ahead to pass on as such (readAhead).
	ended bool
}

// add records a problem of the field at loc (a column, a path).
func (r *report) add(loc, format string, args ...any) {
	if len(r.fields) >= maxProblems {
		r.dropped++
		return
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	r.fields = append(r.fields, models.FieldError{Field: loc, Message: msg})
}

// Add implements format.Problems.
func (r *report) Add(loc, message string) { r.add(loc, "%s", message) }

func (r *report) ok() bool { return len(r.fields) == 0 }

// err returns nil, or the EInvalid error listing the problems.
func (r *report) err() error {
	if r.ok() {
		return nil
	}
	fields := r.fields
	if r.dropped > 0 {
		fields = append(fields, models.FieldError{
			Field:   "file",
			Message: fmt.Sprintf("%d more problems not listed; fix the ones above first", r.dropped),
		})
	}
	return &models.Error{Code: models.EInvalid, Message: "invalid " + r.what, Fields: fields}
}

// fatal returns the error of a file that cannot be read any further, with
// the problems found so far and the reason.
func (r *report) fatal(loc, format string, args ...any) error {
	r.ended = true
	r.dropped = 0
	if len(r.fields) >= maxProblems {
		r.fields = r.fields[:maxProblems-1]
	}
	r.add(loc, format, args...)
	return r.err()
}

// errTooLarge is returned by limitReader past its limit.
var errTooLarge = errors.New("importer: input over the size limit")

// limitReader fails with errTooLarge once more than max bytes were read,
// and, when markRecord is used, once more than maxRecordBytes were read
// since the last mark. It keeps the error, because encoding/csv may report
// an abrupt end of input rather than the reader's error.
type limitReader struct {
	r         io.Reader
	n, max    int64
	mark      int64
	perRecord int64
	err       error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.max || (l.perRecord > 0 && l.n-l.mark > l.perRecord) {
		l.err = errTooLarge
		return n, l.err
	}
	return n, err
}

// markRecord notes that a record ended: the next one starts counting.
func (l *limitReader) markRecord() { l.mark = l.n }

// readAll reads a whole file of at most max bytes.
func readAll(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, errTooLarge
	}
	return b, nil
}

// quoted writes a value for a message: clipped and in Go quotes, so that
// blanks and invisible characters show.
func quoted(s string) string { return strconv.Quote(models.Clip(s, 60)) }
