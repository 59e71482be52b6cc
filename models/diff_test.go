package models

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestDiffSnapshots(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []FieldChange
	}{
		{
			name: "creation lists every field with a value, bookkeeping aside",
			old:  "",
			new:  `{"id":"a","value":41,"notes":"","location":null,"derived":false,"version":1,"created_at":"2017-10-24T00:00:00Z","updated_at":"2017-10-24T00:00:00Z"}`,
			want: []FieldChange{{"derived", "", "false"}, {"id", "", "a"}, {"value", "", "41"}},
		},
		{
			name: "nothing changed",
			old:  `{"id":"a","value":41,"period":{"start":"2017-07-01"}}`,
			new:  `{"period":{"start":"2017-07-01"},"value":41,"id":"a"}`,
		},
		{
			name: "a changed value",
			old:  `{"id":"a","value":41}`,
			new:  `{"id":"a","value":46}`,
			want: []FieldChange{{"value", "41", "46"}},
		},
		{
			name: "nested period fields",
			old:  `{"period":{"start":"2017-07-01","end":"2017-08-31","precision":"month"}}`,
			new:  `{"period":{"start":"2017-07-15","end":"2017-08-31","precision":"day"}}`,
			want: []FieldChange{{"period.precision", "month", "day"}, {"period.start", "2017-07-01", "2017-07-15"}},
		},
		{
			name: "a removed field",
			old:  `{"id":"a","location":"China"}`,
			new:  `{"id":"a"}`,
			want: []FieldChange{{"location", "China", ""}},
		},
		{
			name: "a removed empty field is no change",
			old:  `{"id":"a","location":"","notes":null}`,
			new:  `{"id":"a"}`,
		},
		{
			name: "a field cleared to null",
			old:  `{"notes":"see p. 4","quote_start":12}`,
			new:  `{"notes":null,"quote_start":null}`,
			want: []FieldChange{{"notes", "see p. 4", ""}, {"quote_start", "12", ""}},
		},
		{
			name: "bookkeeping fields are ignored",
			old:  `{"id":"a","version":1,"created_at":"2017-10-24T00:00:00Z","updated_at":"2017-10-24T00:00:00Z"}`,
			new:  `{"id":"a","version":2,"created_at":"2018-01-01T00:00:00Z","updated_at":"2018-01-01T00:00:00Z"}`,
		},
		{
			name: "bookkeeping fields are ignored when removed",
			old:  `{"id":"a","version":1}`,
			new:  `{"id":"a"}`,
		},
		{
			name: "booleans, large numbers and arrays are written as JSON",
			old:  `{"derived":false,"value":999999999999,"tags":["a"]}`,
			new:  `{"derived":true,"value":1000000000000,"tags":["a","b"]}`,
			want: []FieldChange{{"derived", "false", "true"}, {"tags", `["a"]`, `["a","b"]`}, {"value", "999999999999", "1000000000000"}},
		},
		{
			name: "a number becoming a string is a change",
			old:  `{"value":41}`,
			new:  `{"value":"41 "}`,
			want: []FieldChange{{"value", "41", "41 "}},
		},
		{
			name: "changes are sorted by field name",
			old:  `{"z":"1","a":"1","m":{"b":"1","a":"1"}}`,
			new:  `{"z":"2","a":"2","m":{"b":"2","a":"2"}}`,
			want: []FieldChange{{"a", "1", "2"}, {"m.a", "1", "2"}, {"m.b", "1", "2"}, {"z", "1", "2"}},
		},
		{
			name: "a new snapshot of null has no fields",
			old:  `{"id":"a"}`,
			new:  `null`,
			want: []FieldChange{{"id", "a", ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DiffSnapshots(tt.old, tt.new)
			if err != nil {
				t.Fatalf("DiffSnapshots: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("DiffSnapshots (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffSnapshotsErrors(t *testing.T) {
	tests := []struct {
		old, new, want string
	}{
		{"not json", `{}`, "old snapshot"},
		{`[1]`, `{}`, "old snapshot"},
		{`{}`, "", "new snapshot"},
		{`{}`, `{"a":`, "new snapshot"},
		{"", `"text"`, "new snapshot"},
	}
	for _, tt := range tests {
		if _, err := DiffSnapshots(tt.old, tt.new); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("DiffSnapshots(%q, %q) = %v, want an error starting %q", tt.old, tt.new, err, tt.want)
		}
	}
}

// TestDiffSnapshotsOfFigures diffs real figure snapshots, as the revision
// history does: a correction shows the edited fields and nothing else.
func TestDiffSnapshotsOfFigures(t *testing.T) {
	before := validFigure()
	before.Version, before.UpdatedAt = 1, time.Date(2017, 10, 24, 9, 0, 0, 0, time.UTC)
	after := before
	after.Version, after.UpdatedAt = 2, time.Date(2017, 11, 2, 9, 0, 0, 0, time.UTC)
	after.Value = 46
	after.Period.End = NewDate(2017, 9, 30)
	after.QuoteStart, after.QuoteEnd = nil, nil
	after.Status, after.RetractReason = StatusRetracted, "Superseded by the UN figure."

	snap := func(f Figure) string {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	got, err := DiffSnapshots(snap(before), snap(after))
	if err != nil {
		t.Fatal(err)
	}
	want := []FieldChange{
		{"period.end", "2017-08-31", "2017-09-30"},
		{"quote_end", "192", ""},
		{"quote_start", "120", ""},
		{"retract_reason", "", "Superseded by the UN figure."},
		{"status", "published", "retracted"},
		{"value", "41", "46"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DiffSnapshots (-want +got):\n%s", diff)
	}
}

// Revisions record figures in the API's shape; older ones, in databases of
// earlier releases, in Figure's JSON. A history holding both diffs field by
// field, under the names it always showed.
func TestDiffSnapshotsAcrossShapes(t *testing.T) {
	old := `{"id":"a","metric":"deaths","qualifier":"at_least","value":41,"value_low":0,"value_high":0,"unit":"people",` +
		`"period":{"start":"2017-07-01","end":"2017-08-31","precision":"month"},"source":"s","quote_start":null,"notes":"",` +
		`"version":1,"created_at":"2017-10-24T00:00:00Z","updated_at":"2017-10-24T00:00:00Z"}`
	api := func(value, end string) string {
		return `{"id":"a","metric":{"slug":"deaths","label":"Deaths","unit":"people"},"value":` + value + `,"value_low":null,"value_high":null,` +
			`"qualifier":"at_least","value_label":"at least ` + value + `","unit":"people","period_start":"2017-07-01","period_end":"` + end + `",` +
			`"period_precision":"month","period_months":2,"per_month":20.5,"source":{"id":"s","title":"T","notes":"n"},"quote_start":null,` +
			`"quote_link":"https://example.org/#:~:text=x","notes":"","last_modified":"2017-11-02T00:00:00Z","version":2}`
	}
	withEnd := func(snap, endPrecision string) string {
		return strings.Replace(snap, `"period_precision":"month",`, `"period_precision":"month","period_end_precision":"`+endPrecision+`",`, 1)
	}
	tests := []struct {
		name     string
		old, new string
		want     []FieldChange
	}{
		{"the same figure in both shapes", old, api("41", "2017-08-31"), nil},
		{"an edit across the shapes", old, api("46", "2017-09-30"), []FieldChange{{"period.end", "2017-08-31", "2017-09-30"}, {"value", "41", "46"}}},
		{"an edit in the API's shape", api("41", "2017-08-31"), api("46", "2017-08-31"), []FieldChange{{"value", "41", "46"}}},
		// Snapshots from before each end had its own precision meant the
		// start's: the first one written with it changes nothing unless the
		// precision itself changed.
		{"an end precision recorded for the first time", old, withEnd(api("41", "2017-08-31"), "month"), nil},
		{"an end precision recorded for the first time in the API's shape", api("41", "2017-08-31"), withEnd(api("41", "2017-08-31"), "month"), nil},
		{"an end read as of a day", withEnd(api("41", "2017-08-31"), "month"), withEnd(api("41", "2017-08-18"), "day"),
			[]FieldChange{{"period.end", "2017-08-31", "2017-08-18"}, {"period.end_precision", "month", "day"}}},
		{"an end read as of a day, across the shapes", old, withEnd(api("41", "2017-08-18"), "day"),
			[]FieldChange{{"period.end", "2017-08-31", "2017-08-18"}, {"period.end_precision", "month", "day"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DiffSnapshots(tt.old, tt.new)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DiffSnapshots (-want +got):\n%s", diff)
			}
		})
	}
}
