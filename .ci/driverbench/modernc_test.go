//go:build modernc

package driverbench

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite"
)

func BenchmarkModernc(b *testing.B) {
	benchDriver(b, func(p string) (*sql.DB, error) { return sql.Open("sqlite", p+"?_pragma=query_only(1)") })
}
