package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

var ctx = context.Background()

// TestMain drops the PostgreSQL test databases while the next tests run.
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// wantCode fails unless err is a domain error with code, and whose text
// contains every one of the given fragments.
func wantCode(t *testing.T, err error, code string, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := models.ErrorCode(err); got != code {
		t.Fatalf("got error code %s (%v), want %s", got, err, code)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// setup writes the metrics and the source of storetest.Basics, not its
// figures.
func setup(t *testing.T, s *store.Store) {
	t.Helper()
	b := storetest.Basics()
	b.Figures = nil
	storetest.Apply(t, s, b)
}

func keysOf(views []models.FigureView) []string {
	out := make([]string, len(views))
	for i, v := range views {
		out[i] = v.Figure.Key
	}
	return out
}
