// Package importertest gives tests the invented multi-report test set
// (seeds/testdata/multireport), parsed as the import command parses it. It
// lives apart from seeds/seedtest, which the importer's own tests import.
package importertest

import (
	"os"
	"testing"

	"forcedreturns/internal/importer"
	"forcedreturns/models"
	"forcedreturns/seeds/seedtest"
)

// MultiReport parses the multi-report test set, or fails the test.
func MultiReport(t testing.TB) models.Batch {
	t.Helper()
	path, _ := seedtest.MultiReport(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := importer.Parse(path, f, importer.Options{})
	if err != nil {
		t.Fatalf("the multi-report test set does not parse: %v", err)
	}
	return b
}
