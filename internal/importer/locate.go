package importer

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// Locate rewrites the problems the store reports for a batch parsed from
// the file name, so they point into the file: for a CSV file,
// "figures[3].value" becomes "row 5, value" (one figure per row after the
// header, which is row 1), and for a data package "figures.csv row 5,
// value" and "metrics.csv row 2, label" (one metric per row). YAML and JSON keep the batch's own paths,
// which are already the file's. Other errors pass through unchanged.
func Locate(name string, err error) error {
	var e *models.Error
	ext := strings.ToLower(filepath.Ext(name))
	if !errors.As(err, &e) || (ext != ".csv" && ext != ".zip") {
		return err
	}
	figures, metrics := "row ", ""
	if ext == ".zip" {
		figures, metrics = "figures.csv row ", "metrics.csv row "
	}
	out := &models.Error{Code: e.Code, Message: e.Message, Fields: make([]models.FieldError, len(e.Fields))}
	for i, f := range e.Fields {
		out.Fields[i] = f
		at, rest := figures, ""
		var ok bool
		if rest, ok = strings.CutPrefix(f.Field, "figures["); !ok {
			if rest, ok = strings.CutPrefix(f.Field, "metrics["); !ok || metrics == "" {
				continue
			}
			at = metrics
		}
		idx, field, ok := strings.Cut(rest, "].")
		n, convErr := strconv.Atoi(idx)
		if !ok || convErr != nil {
			continue
		}
		if at == figures {
			field = format.CSVColumn(field)
		}
		out.Fields[i].Field = fmt.Sprintf("%s%d, %s", at, n+2, field)
	}
	return out
}
