package store

import (
	"reflect"
	"testing"
	"time"

	"forcedreturns/models"
)

func TestParseStoredTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2025-11-27 00:41:00+00:00", time.Date(2025, 11, 27, 0, 41, 0, 0, time.UTC), true},
		{"2025-11-27 00:41:00.123456+00:00", time.Date(2025, 11, 27, 0, 41, 0, 123456000, time.UTC), true},
		{"2025-11-27T00:41:00.5+02:00", time.Date(2025, 11, 26, 22, 41, 0, 500000000, time.UTC), true},
		{"2025-11-27 00:41:00.123456789-01:30", time.Date(2025, 11, 27, 2, 11, 0, 123456789, time.UTC), true},
		{"2025-11-27 00:41:00", time.Time{}, false},
		{"2025-11-27 00:41:00.+00:00", time.Time{}, false},
		{"2025-13-27 00:41:00+00:00", time.Time{}, false},
		{"garbage that is long enough..", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseStoredTime(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseStoredTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	// Anything the fast path refuses still parses through the layouts.
	var got time.Time
	if err := (timeDest{&got}).Scan("2025-11-27 00:41:00"); err != nil || !got.Equal(time.Date(2025, 11, 27, 0, 41, 0, 0, time.UTC)) {
		t.Errorf("timeDest fallback = %v, %v", got, err)
	}
}

func TestDateDest(t *testing.T) {
	for _, in := range []any{"2017-09-18", []byte("2017-09-18"), time.Date(2017, 9, 18, 0, 0, 0, 0, time.UTC), "2017-09-18T00:00:00Z"} {
		var d models.Date
		if err := (dateDest{&d}).Scan(in); err != nil || d != models.NewDate(2017, 9, 18) {
			t.Errorf("dateDest.Scan(%v) = %v, %v", in, d, err)
		}
	}
	var d models.Date
	if err := (dateDest{&d}).Scan("2017-9-18"); err == nil {
		t.Errorf("dateDest.Scan accepted a malformed date: %v", d)
	}
}

func TestSplitStatements(t *testing.T) {
	got := splitStatements("-- comment\nCREATE TABLE a (\n  x TEXT -- trailing\n);\n\n-- more\nCREATE INDEX i ON a (x);\n")
	if len(got) != 2 || got[1] != "CREATE INDEX i ON a (x)" {
		t.Errorf("splitStatements = %q", got)
	}
}

// Figures are mapped to columns by hand (figureWriteColumns, selectColumns),
// never by GORM: a gorm tag on models.Figure or models.Period would be a
// second, unused, and soon wrong, account of the columns.
func TestFigureHasNoGormTags(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[models.Figure](), reflect.TypeFor[models.Period]()} {
		for f := range typ.Fields() {
			if tag, ok := f.Tag.Lookup("gorm"); ok {
				t.Errorf("%s.%s has the tag gorm:%q; the store maps figures by hand (scan.go)", typ, f.Name, tag)
			}
		}
	}
}
