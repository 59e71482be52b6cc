// Package export encodes figures, with every citation column, as CSV, JSON,
// NDJSON and a Frictionless data package.
//
// The encoders stream: they take an Iterator over the figures (the store's
// EachFigure wrapped by the caller) and write each figure as it comes, so an
// export of a million rows needs no more memory than one row. The figure
// passed to the iterator's callback is reused between rows; an encoder copies
// what it keeps.
//
// The layout of every format is internal/format's: the CSV columns
// (format.Columns), from which the data package's Table Schema and README
// are generated, the JSON shape (format.FigureJSON), and the rule that every
// text cell goes through format.Neutralise so that a spreadsheet never runs
// a cell as a formula. The importer reads the same formats back through the
// same package.
//
// Every export carries the definitions of the metrics its figures use, so
// that it re-imports into an empty database: the JSON document's metrics
// list, the metric object of each NDJSON line, a data package's
// metrics.csv, and for a CSV the companion file WriteMetricsCSV writes
// from the metrics CollectMetrics gathered.
package export
