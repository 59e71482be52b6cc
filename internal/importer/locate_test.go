package importer

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

func TestLocate(t *testing.T) {
	storeErr := &models.Error{Code: models.EInvalid, Message: "invalid batch", Fields: []models.FieldError{
		{Field: "figures[0].metric", Message: "unknown metric"},
		{Field: "figures[12].id", Message: "duplicate"},
		{Field: "sources[1].url", Message: "bad"},
		{Field: "figures[x].value", Message: "odd"},
		{Field: "metrics[1].label", Message: "changed"},
	}}
	got := models.FieldErrors(Locate("figures.CSV", storeErr))
	want := []models.FieldError{
		{Field: "row 2, metric", Message: "unknown metric"},
		{Field: "row 14, figure_id", Message: "duplicate"},
		{Field: "sources[1].url", Message: "bad"},
		{Field: "figures[x].value", Message: "odd"},
		{Field: "metrics[1].label", Message: "changed"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Locate (-want +got):\n%s", diff)
	}
	// A data package names the file inside it; its metrics are one per row of metrics.csv.
	got = models.FieldErrors(Locate("export.zip", storeErr))
	want = []models.FieldError{
		{Field: "figures.csv row 2, metric", Message: "unknown metric"},
		{Field: "figures.csv row 14, figure_id", Message: "duplicate"},
		{Field: "sources[1].url", Message: "bad"},
		{Field: "figures[x].value", Message: "odd"},
		{Field: "metrics.csv row 3, label", Message: "changed"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Locate for a data package (-want +got):\n%s", diff)
	}
	if got := Locate("figures.yaml", storeErr); got != error(storeErr) {
		t.Errorf("YAML problems were rewritten: %v", got)
	}
	plain := errors.New("disk full")
	if got := Locate("figures.csv", plain); got != plain {
		t.Errorf("a non-domain error was rewritten: %v", got)
	}
}
