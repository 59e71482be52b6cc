package importer_test

import (
	"os"
	"testing"

	"forcedreturns/internal/store/storetest"
)

// TestMain drops the PostgreSQL test databases while the next tests run.
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
