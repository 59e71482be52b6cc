// Package export encodes figures, with every citation column, as CSV, JSON,
// NDJSON and a Frictionless data package.
//
// The encoders stream: they take an Iterator over the figures (the store's
// EachFigure wrapped by the caller) and write each figure as it comes, so an
// export of a million rows needs no more memory than one row. The figure
// passed to the iterator's callback is reused between rows; an encoder copies
// what it keeps.
//
// Columns is the single source of truth for the CSV layout: the importer
// reads the same columns back, the data package's Table Schema and README are
// generated from FigureColumns and SourceColumns, and every text cell goes
// through Neutralise so that a spreadsheet never runs a cell as a formula.
package export
