// Package format is the one home of the tracker's file and API formats of
// a figure: every conversion between the domain (models) and what a file
// or a request holds lives here, so the exporter, the importer, the JSON
// API and the OpenAPI document cannot drift apart.
//
//   - Columns, FigureColumns, SourceColumns and MetricColumns describe the
//     figures CSV, a data package's sources.csv and a metrics file: the CSV header, the Table Schema,
//     the README tables and the importer's header check all come from them.
//   - Neutralise and Unneutralise keep a spreadsheet from running a text
//     cell as a formula, losslessly.
//   - FigureJSON, SourceJSON and MetricJSON are the JSON shape of a figure
//     in the JSON and NDJSON exports, the API and revision snapshots;
//     MetricDefJSON is a metric with its definition, as exports carry it.
//   - ReadCSVHeader and CSVHeader.Row, JSONFile and YAMLFile, JSONFigure
//     and JSONSource read a CSV row, an import file or a request body into
//     models values by one set of rules: the same field names, conversions
//     and messages, every problem reported with its location.
package format
