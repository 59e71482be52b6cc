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
// header, which is row 1). YAML and JSON keep the batch's own paths,
// which are already the file's. Other errors pass through unchanged.
func Locate(name string, err error) error {
	var e *models.Error
	if !errors.As(err, &e) || !strings.EqualFold(filepath.Ext(name), ".csv") {
		return err
	}
	out := &models.Error{Code: e.Code, Message: e.Message, Fields: make([]models.FieldError, len(e.Fields))}
	for i, f := range e.Fields {
		out.Fields[i] = f
		rest, ok := strings.CutPrefix(f.Field, "figures[")
		if !ok {
			continue
		}
		idx, field, ok := strings.Cut(rest, "].")
		n, convErr := strconv.Atoi(idx)
		if !ok || convErr != nil {
			continue
		}
		out.Fields[i].Field = fmt.Sprintf("row %d, %s", n+2, format.CSVColumn(field))
	}
	return out
}
