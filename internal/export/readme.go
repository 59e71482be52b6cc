package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// writeReadme writes the data package's README.md: what was exported, how
// to read the numbers, what every column means and how to cite the sources.
func writeReadme(w io.Writer, meta Meta, figures int, sources []models.Source, metrics []models.Metric) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	p("# %s\n\n", packageTitle)
	exported := "at an unrecorded time"
	if !meta.ExportedAt.IsZero() {
		exported = "on " + meta.ExportedAt.UTC().Format(time.RFC3339)
	}
	p("Exported from the Forced Returns Tracker %s", exported)
	if meta.Generator != "" {
		p(" by %s", markdownText(meta.Generator))
	}
	p(".\n\nFilters: %s.\n\n", markdownText(orNone(meta.Filter)))
	p("| file | rows |\n|---|---|\n")
	p("| `%s` | %d figures |\n| `%s` | %d sources |\n| `%s` | %d metrics |\n",
		figuresFile, figures, sourcesFile, len(sources), metricsFile, len(metrics))
	p("| `%s` | the machine-readable description of the three files (Frictionless Data Package, Table Schema) |\n\n", descriptorFile)

	p("## Reading the numbers\n\n")
	p("Every figure is a claim made by a source, quoted word for word in `quote`. Read `value` together with `qualifier`: " +
		"**\"at least 41\" is not 41**, and a chart or a total that drops the qualifier misstates the source.\n\n")
	p("| qualifier | meaning |\n|---|---|\n")
	for _, q := range models.Qualifiers {
		p("| `%s` | %s |\n", q, q.Describe())
	}
	p("\nA `range` leaves `value` empty and gives `value_low` and `value_high`; `unquantified` leaves all three empty " +
		"(the source gives no number, only the words in `value_text`: never read an empty cell as 0); " +
		"every other qualifier gives `value` only.\n\n")
	p("`quantity_kind` says what the number counts over its period (`period_start` to `period_end`, both inclusive, " +
		"known to `period_precision`): a `flow` counts events during the period, a `stock` counts people in a state on a date, " +
		"a `cumulative` figure counts events since `period_start`. Never add a cumulative figure to the flows it contains, " +
		"nor a subgroup (`subgroup_of`) to its parent.\n\n")
	p("`unit` is the unit of the number: the unit of its metric (people unless stated), or `percent` for a share. " +
		"A share (`share_of` set) is a percentage of the figure whose `figure_id` it names (\"more than 60 percent were women\" " +
		"of the 92 apprehended: `value` 60, `qualifier` `more_than`, `population` women); it counts nobody by itself. " +
		"Never add, average or plot a share with numbers of people, nor compare figures of different units.\n\n")
	p("A `derived` figure is computed by the tracker from other figures (`formula`, over their `figure_id`s); " +
		"no source states it. A `retracted` figure was found to be wrong: it stays listed, with `retract_reason`, " +
		"and must not be counted.\n\n")
	p("To add figures up without counting anyone twice, sum `value` over the rows where `countable` is `true`, " +
		"per `metric`, stocks apart from flows and cumulative figures. Reports of one event share a `group`; " +
		"a row that is not countable names in `counted_in` the group that counts its people (the total a part lies in, " +
		"a subgroup's parent, the latest stock). A countable `range` has no `value`: add its `value_low` and `value_high` " +
		"for the bounds of the sum. The flags describe the figures of this export: a figure whose total was filtered out " +
		"may be countable here and not in a full export.\n\n")
	p("Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a line break, " +
		"or their full-width forms) are written with a leading apostrophe `'`; strip one apostrophe from such a cell " +
		"to get the text back. Numeric columns are never changed.\n\n")

	p("## Columns of `%s`\n\n", figuresFile)
	b.WriteString(format.ColumnTable(format.FigureColumns))
	p("\n## Columns of `%s`\n\n", sourcesFile)
	b.WriteString(format.ColumnTable(format.SourceColumns))

	p("\n## Columns of `%s`\n\n", metricsFile)
	b.WriteString(format.ColumnTable(format.MetricColumns))
	p("\n## Metrics\n\n")
	p("Read a figure's `metric` by its definition: figures of different metrics count different things.\n\n")
	if len(metrics) == 0 {
		p("(This export holds no figures, so no metrics.)\n")
	}
	for i := range metrics {
		m := &metrics[i]
		p("- `%s` (%s, in %s): %s\n", m.Slug, markdownText(m.Label), markdownText(m.Unit), markdownText(m.Definition))
		if m.LabelKo != "" || m.DefinitionKo != "" {
			p("  In Korean: %s: %s\n", markdownText(m.LabelKo), markdownText(m.DefinitionKo))
		}
	}
	p("\n## How to cite\n\n")
	p("Cite the source a figure comes from, and link to it at the quote (`quote_link` opens the page scrolled to the sentence):\n\n")
	if len(sources) == 0 {
		p("(This export holds no figures, so no sources.)\n")
	}
	all := byKey(sources)
	for i := range sources {
		s := &sources[i]
		p("- `%s`: %s\n", s.Key, markdownText(s.Citation(all[s.Original])))
	}
	p("\nWhen you use the data set as a whole, also cite it: Forced Returns Tracker, sourced figures, exported %s (filters: %s).\n",
		exported, oneLine(orNone(meta.Filter)))
	return b.Flush()
}

// oneLine keeps a text from breaking the Markdown structure around it.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// markdownEscaper backslash-escapes the characters that would make stored
// text render as HTML, links or emphasis; the escapes read naturally in the
// plain file too.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, "<", `\<`, ">", `\>`, "[", `\[`, "]", `\]`, "*", `\*`, "`", "\\`")

// markdownText writes an editor-supplied text on one line of Markdown.
func markdownText(s string) string { return markdownEscaper.Replace(oneLine(s)) }

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
