//go:build !modernc

package driverbench

import (
	"database/sql"
	"testing"

	_ "github.com/glebarez/go-sqlite"
	_ "github.com/ncruces/go-sqlite3/driver"
)

func BenchmarkGlebarez(b *testing.B) {
	benchDriver(b, func(p string) (*sql.DB, error) { return sql.Open("sqlite", p+"?_pragma=query_only(1)") })
}

func BenchmarkNcruces(b *testing.B) {
	benchDriver(b, func(p string) (*sql.DB, error) { return sql.Open("sqlite3", "file:"+p+"?_pragma=query_only(1)") })
}
