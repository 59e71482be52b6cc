package export

import (
	"io"
	"strconv"
	"strings"
	"time"

	"forcedreturns/models"
)

// Iterator calls yield once per figure, in order, and stops with yield's
// error if it returns one. The *FigureView it passes may be reused for the
// next row: yield must copy whatever it keeps. The store's
// EachFigure(ctx, filter, fn) is wrapped into an Iterator by the caller:
//
//	it := func(yield func(*models.FigureView) error) error {
//		return st.EachFigure(ctx, filter, yield)
//	}
type Iterator func(yield func(*models.FigureView) error) error

// Meta describes an export as a whole: the JSON document's header and the
// data package's descriptor and README.
type Meta struct {
	ExportedAt time.Time
	Filter     string // the filter in words: models.FigureFilter.Describe()
	Generator  string // the program and version that wrote the export
	// Originals reads the sources the exported figures' sources carry
	// (models.Source.Original) when no exported figure cites them: the
	// JSON export lists them and a data package's sources.csv holds them,
	// so that the file holds every source it names. It may be nil when
	// no exported source carries another; an export that needs it fails
	// without it rather than write a file that does not re-import.
	Originals SourceLookup
}

// Format is one of the encodings Write offers.
type Format struct {
	Name        string // csv, json, ndjson or datapackage
	ContentType string // the HTTP Content-Type of the output
	Extension   string // the file name extension, with its dot
}

// Formats lists the formats Write accepts, in the order a user sees them.
var Formats = []Format{
	{"csv", "text/csv; charset=utf-8", ".csv"},
	{"json", "application/json; charset=utf-8", ".json"},
	{"ndjson", "application/x-ndjson; charset=utf-8", ".ndjson"},
	{"datapackage", "application/zip", ".zip"},
}

// LookupFormat returns the format called name, or an EInvalid error that
// names it and lists the valid ones.
func LookupFormat(name string) (Format, error) {
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	valid := make([]string, len(Formats))
	for i, f := range Formats {
		valid[i] = f.Name
	}
	return Format{}, &models.Error{
		Code:    models.EInvalid,
		Message: "unknown export format",
		Fields: []models.FieldError{{
			Field:   "format",
			Message: "expected one of " + strings.Join(valid, ", ") + ", got " + quote(name),
		}},
	}
}

// Write encodes the figures of it to w in the named format, with the
// countable, group and counted_in columns of counts: worked out beforehand
// by Count from the same filter, so that it is read once, or if counts is
// nil, from a first pass over it (see countFigures).
func Write(format string, w io.Writer, meta Meta, it Iterator, counts Counts) error {
	f, err := LookupFormat(format)
	if err != nil {
		return err
	}
	switch f.Name {
	case "csv":
		_, err = WriteCSV(w, it, counts)
	case "json":
		_, err = WriteJSON(w, meta, it, counts)
	case "ndjson":
		_, err = WriteNDJSON(w, it, counts)
	case "datapackage":
		err = WriteDataPackage(w, meta, it, counts)
	}
	return err
}

func quote(s string) string {
	const max = 40
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strconv.Quote(s)
}
