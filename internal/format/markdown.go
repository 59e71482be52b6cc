package format

import "strings"

// ColumnTable writes cols as a Markdown table of their names, types (with
// whether they are required and the values they take) and meanings. The
// data package's README and the repository's README show the same table.
func ColumnTable(cols []Column) string {
	var b strings.Builder
	b.WriteString("| column | type | meaning |\n|---|---|---|\n")
	for _, c := range cols {
		typ := c.Type
		if c.Required {
			typ += ", required"
		}
		if len(c.Enum) > 0 {
			typ += "; one of " + strings.Join(c.Enum, ", ")
		}
		b.WriteString("| `" + c.Name + "` | " + typ + " | " + c.Description + " |\n")
	}
	return b.String()
}
