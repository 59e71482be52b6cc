package importer

import (
	"io"

	"forcedreturns/models"
)

// Parse chooses the format from a file's name; the tests name it directly.
// Errors say "CSV file" (or "YAML file", "JSON file") where Parse says
// "file <name>".

// ParseCSV reads r as a CSV file with the columns of an export.
func ParseCSV(r io.Reader, opts Options) (models.Batch, error) { return parseCSV(r, opts, "CSV file") }

// ParseYAML reads r as a YAML file of metrics, sources and figures.
func ParseYAML(r io.Reader, opts Options) (models.Batch, error) {
	return parseYAML(r, opts, "YAML file")
}

// ParseJSON reads r as a JSON file of metrics, sources and figures, or a
// JSON export.
func ParseJSON(r io.Reader, opts Options) (models.Batch, error) {
	return parseJSON(r, opts, "JSON file")
}
