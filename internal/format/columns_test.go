package format

import "testing"

func TestColumns(t *testing.T) {
	if len(Columns) != 57 {
		t.Errorf("%d columns, want 57", len(Columns))
	}
	seen := map[string]bool{}
	for _, c := range FigureColumns {
		if seen[c.Name] {
			t.Errorf("column %s twice", c.Name)
		}
		seen[c.Name] = true
		switch c.Type {
		case "string", "integer", "number", "boolean", "date", "datetime":
		default:
			t.Errorf("column %s: type %q", c.Name, c.Type)
		}
		if c.Description == "" {
			t.Errorf("column %s has no description", c.Name)
		}
	}
}
