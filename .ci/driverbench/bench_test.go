// Package driverbench measures the pure-Go SQLite drivers side by side on
// the export's query over a database made by `forcedreturns dev generate`
// (FORCEDRETURNS_BENCH_DB). It is a module of its own so that the drivers
// it compares never enter the tracker's dependencies; glebarez/go-sqlite
// and modernc.org/sqlite both register the driver name "sqlite", so the
// latter is measured in a second run, with -tags modernc:
//
//	FORCEDRETURNS_BENCH_DB=/tmp/bench.db go test -bench . -benchtime 3x
//	FORCEDRETURNS_BENCH_DB=/tmp/bench.db go test -tags modernc -bench . -benchtime 3x
package driverbench

import (
	"database/sql"
	"os"
	"testing"
)

// exportQuery is the shape of the export's read: every column of the
// figure, its metric's label and its source's, in the export's order.
const exportQuery = `SELECT f.*, m.label, s.* FROM figures f JOIN metrics m ON m.slug = f.metric JOIN sources s ON s.key = f.source
WHERE f.status IN ('published', 'retracted') ORDER BY f.period_start, f.period_end, f.metric, f.key`

// countQuery is the counting pass's read: a few columns sorted by subject.
const countQuery = `SELECT f.key, f.metric, f.population, f.acting_state, f.receiving_state, f.unit, f.value, f.period_start
FROM figures f NOT INDEXED WHERE f.status IN ('published', 'retracted')
ORDER BY f.metric, f.population, f.acting_state, f.receiving_state, f.unit, f.key`

func dbPath(b *testing.B) string {
	p := os.Getenv("FORCEDRETURNS_BENCH_DB")
	if p == "" {
		b.Skip("set FORCEDRETURNS_BENCH_DB to a SQLite database made with dev generate")
	}
	return p
}

// scanAll reads every row of q into reused destinations, as the store's
// scanner does, and returns the number of rows.
func scanAll(b *testing.B, db *sql.DB, q string) int {
	rows, err := db.Query(q)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		b.Fatal(err)
	}
	vals := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

func benchDriver(b *testing.B, open func(path string) (*sql.DB, error)) {
	db, err := open(dbPath(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var version string
	if err := db.QueryRow("SELECT sqlite_version()").Scan(&version); err != nil {
		b.Fatal(err)
	}
	b.Logf("SQLite %s", version)
	for _, q := range []struct{ name, sql string }{{"export", exportQuery}, {"count", countQuery}} {
		b.Run(q.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n += scanAll(b, db, q.sql)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
		})
	}
	b.Run("point", func(b *testing.B) { // one short statement: the cost of preparing it
		st := "SELECT label FROM metrics WHERE slug = ?"
		var label string
		for b.Loop() {
			if err := db.QueryRow(st, "deaths").Scan(&label); err != nil {
				b.Fatal(err)
			}
		}
	})
}
