package importer

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

func intp(n int) *int { return &n }

// validBatch is what testdata/valid.yaml and testdata/valid.json hold.
func validBatch() models.Batch {
	return models.Batch{
		// The optional fields the entries leave out: an update keeps them.
		SourceOmitted: map[string][]string{"hrw-2017-dragnet": {"title_en", "title_ko", "archive_url", "text_sha256", "original"}},
		MetricOmitted: map[string][]string{"apprehended": {"label_ko", "definition_ko"}},
		FigureOmitted: map[string][]string{
			"apprehended-2017-07-08":  {"value_text", "unit", "location", "subgroup_of", "share_of", "derived", "formula", "status", "retract_reason", "notes"},
			"famine-deaths-1994-1998": {"unit", "location", "acting_state", "receiving_state", "subgroup_of", "share_of", "formula", "retract_reason"},
		},
		Metrics: []models.Metric{{Slug: "apprehended", Label: "Apprehended", Definition: "People apprehended by the authorities of the acting state.", Unit: "people"}},
		Sources: []models.Source{{
			Key: "hrw-2017-dragnet", Title: "North Korean Refugees Trapped by China’s Expanding Dragnet", Kind: models.KindCommentary,
			Publisher: "Refugees Deeply (News Deeply)", Authors: "Phil Robertson", AuthorAffiliation: "Human Rights Watch",
			PublishedOn: models.NewDate(2017, 9, 18), PublishedPrecision: models.PrecisionDay,
			URL:      "https://deeply.thenewhumanitarian.org/refugees/community/2017/09/18/north-korean-refugees-trapped-by-chinas-expanding-dragnet",
			Language: "en", AccessedOn: models.NewDate(2024, 5, 2), Notes: "Archive now hosted by The New Humanitarian.",
		}},
		Figures: []models.Figure{
			{
				Key: "apprehended-2017-07-08", Metric: "apprehended", Qualifier: models.QualDocumented, Value: 41, Unit: "people",
				Period: models.UniformPeriod(models.NewDate(2017, 7, 1), models.NewDate(2017, 8, 31), models.PrecisionMonth),
				Kind:   models.Flow, Population: "North Koreans", ActingState: "CN", ReceivingState: "KP", Source: "hrw-2017-dragnet",
				Quote: "While an absolute figure on the number of fleeing North Koreans is impossible to determine, " +
					"Human Rights Watch documented the apprehending of 41 people in July and August.",
				QuoteStart: intp(2741), QuoteEnd: intp(2870), ReportedBy: "Human Rights Watch", Status: models.StatusPublished,
			},
			{
				Key: "famine-deaths-1994-1998", Metric: "deaths", Qualifier: models.QualRange, ValueLow: 200000, ValueHigh: 3000000,
				ValueText: "hundreds of thousands, if not millions", Unit: "people",
				Period: models.UniformPeriod(models.NewDate(1994, 1, 1), models.NewDate(1998, 12, 31), models.PrecisionYear),
				Kind:   models.Flow, Population: "people in North Korea", Source: "hrw-2017-dragnet",
				Quote:      "the great famine that killed hundreds of thousands, if not millions, of people between 1994 and 1998",
				ReportedBy: "Phil Robertson", Status: models.StatusDraft, Notes: "=starts with an equals sign, and that is fine in YAML",
				Version: 4,
			},
		},
	}
}

func TestParseValidFiles(t *testing.T) {
	for _, name := range []string{"testdata/valid.yaml", "testdata/valid.json"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Parse(name, f, Options{})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(validBatch(), b); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// The schema in the package documentation is a valid file.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var example []string
	in := false
	for _, line := range strings.Split(string(doc), "\n") {
		text, ok := strings.CutPrefix(line, "//\t")
		switch {
		case ok && strings.HasPrefix(text, "metrics:"):
			in = true
		case !ok:
			in = false
		}
		if in {
			example = append(example, text)
		}
	}
	if len(example) < 40 {
		t.Fatalf("no example found in doc.go (%d lines)", len(example))
	}
	b, err := ParseYAML(strings.NewReader(strings.Join(example, "\n")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Metrics) != 1 || len(b.Sources) != 1 || len(b.Figures) != 1 {
		t.Errorf("the example holds %d metrics, %d sources, %d figures", len(b.Metrics), len(b.Sources), len(b.Figures))
	}
}

const yamlFigure = `
figures:
  - id: f1
    metric: apprehended
    qualifier: exact
    value: 41
    period: {start: 2017-07}
    quantity_kind: flow
    population: North Koreans
    source: s1
    quote: a quote
    reported_by: HRW
`

func TestParseYAMLErrors(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string
	}{
		{"empty", "", []string{"file: the file is empty: expected metrics, sources and figures lists"}},
		{"syntax", "figures:\n  - id: a\n   value: 1\n", []string{"file: not valid YAML: line 1: did not find expected '-' indicator"}},
		{"two documents", yamlFigure + "---\nfigures: []\n", []string{"file: holds more than one YAML document (---): expected one"}},
		{"not a mapping", "- a\n- b\n", []string{"file: expected an object with metrics, sources and figures lists, got a list"}},
		{"unknown top-level fields", "figure: []\ncolour: red\n", []string{
			"figure: unknown field; did you mean figures?",
			"colour: unknown field; expected metrics, sources and figures",
		}},
		{"not lists", "figures: {id: a}\nsources: text\n", []string{
			"sources: expected a list, got a string",
			"figures: expected a list, got an object",
		}},
		{"entries not mappings", "metrics: [1]\nfigures: [text, [1]]\n", []string{
			"metrics[0]: expected an object, got a number",
			"figures[0]: expected an object, got a string",
			"figures[1]: expected an object, got a list",
		}},
		{"unknown and repeated fields", strings.Replace(yamlFigure, "    quote: a quote\n", "    qoute: a quote\n    value: 42\n    colour: red\n", 1), []string{
			"figures[0].qoute: unknown field; did you mean quote?",
			"figures[0].colour: unknown field; expected one of id, metric, qualifier, value, value_low, value_high, value_text, unit, period, period_start, period_end, period_precision, period_end_precision, quantity_kind, population, acting_state, receiving_state, location, subgroup_of, share_of, derived, formula, source, quote, quote_start, quote_end, paraphrase, paraphrased_by, reported_by, status, retract_reason, notes, version, value_label, quote_link, archive_quote_link, last_modified, period_months, per_month, countable, group, counted_in",
			"figures[0].value: given more than once",
			"figures[0].quote: required",
		}},
		{"wrong kinds", strings.NewReplacer("value: 41", `value: "41"`, "period: {start: 2017-07}", "period: 2017\n    derived: yes\n    quote_start: [1]").Replace(yamlFigure), []string{
			`figures[0].value: expected a whole number such as 41, got "41"`,
			"figures[0].period: expected an object, got a number",
			`figures[0].derived: expected true or false, got "yes"`,
			"figures[0].quote_start: expected a whole number such as 41, got a list",
		}},
		{"unknown period field", strings.Replace(yamlFigure, "{start: 2017-07}", "{start: 2017-07, finish: 2017-08}", 1), []string{
			"figures[0].period.finish: unknown field; expected one of start, end, precision, end_precision",
		}},
		{"period given twice", strings.Replace(yamlFigure, "    quantity_kind", "    period_end: 2017-08\n    quantity_kind", 1), []string{
			"figures[0].period: give either period or period_start, period_end, period_precision and period_end_precision, not both",
		}},
		{"bad dates and precision", strings.Replace(yamlFigure, "{start: 2017-07}", "{start: 2017-13, end: 2017-08-32, precision: week}", 1), []string{
			`figures[0].period.start: "2017-13": month must be 01 to 12`,
			`figures[0].period.end: "2017-08-32": day 32 does not exist in 2017-08`,
			`figures[0].period.precision: must be day, month or year, got "week"`,
		}},
		{"a stock over a period", strings.NewReplacer("flow", "stock", "{start: 2017-07}", "{start: 2017-07-01, end: 2017-07-31}").Replace(yamlFigure), []string{
			"figures[0].period.end: a stock is counted at one date: period_start and period_end must be equal, got 2017-07-01 and 2017-07-31",
		}},
		{"duplicates", `
metrics:
  - {slug: m, label: M, definition: D, unit: people}
  - {slug: m, label: M, definition: D, unit: people}
sources:
  - {id: s1, title: T, kind: news, publisher: P, published_on: 2020-01-01, url: "https://example.org"}
  - {id: s1, title: T, kind: news, publisher: P, published_on: 2020-01-01, url: "https://example.org"}
` + yamlFigure + strings.Replace(yamlFigure, "figures:\n", "", 1), []string{
			`metrics[1].slug: duplicate metric "m", first at metrics[0]`,
			`sources[1].id: duplicate source "s1", first at sources[0]`,
			`figures[1].id: duplicate figure id "f1", first at figures[0]`,
		}},
		{"every entry's own checks", `
metrics:
  - {slug: Bad, label: M, unit: people}
sources:
  - {id: s1, title: " T", kind: news, publisher: P, published_on: 2020-01-01, url: "ftp://example.org", accessed_on: 2019-12-31}
` + strings.NewReplacer("qualifier: exact", "qualifier: range", "value: 41", "value_low: 50\n    value_high: 10").Replace(yamlFigure), []string{
			`metrics[0].slug: expected 1 to 60 lower-case letters, digits and underscores starting with a letter, got "Bad"`,
			"metrics[0].definition: required",
			`sources[0].url: must start with http:// or https:// (got scheme "ftp")`,
			"sources[0].accessed_on: must not be before published_on (2020-01-01)",
			"figures[0].value_high: a range needs value_high greater than value_low (50), got 10",
		}},
		{"words as the value", strings.Replace(yamlFigure, "value: 41", "value: dozens", 1), []string{
			`figures[0].value: expected a whole number such as 41, got "dozens" (when the source gives only words such as “dozens”, leave value empty, put the words in value_text and set qualifier unquantified)`,
		}},
		{"no number and no words", strings.NewReplacer("qualifier: exact", "qualifier: unquantified", "    value: 41\n", "").Replace(yamlFigure), []string{
			"figures[0].value_text: required when qualifier is unquantified: the source's own words, such as “a number of” or “dozens”",
		}},
		{"a number with unquantified", strings.Replace(yamlFigure, "qualifier: exact", "qualifier: unquantified\n    value_text: dozens", 1), []string{
			"figures[0].value: must be empty when qualifier is unquantified: the source gives no number, got 41",
		}},
		{"no number without unquantified", strings.Replace(yamlFigure, "    value: 41\n", "    value_text: dozens\n", 1), []string{
			"figures[0].value: required unless qualifier is range or unquantified",
		}},
		{"YAML text kinds", strings.NewReplacer("quote: a quote", "quote: 1984", "population: North Koreans", "population: true").Replace(yamlFigure), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML(strings.NewReader(tt.file), Options{})
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseYAMLLimits(t *testing.T) {
	defer func(old int64) { yamlLimit = old }(yamlLimit)
	_, err := ParseYAML(strings.NewReader(strings.Replace(yamlFigure, "a quote", strings.Repeat("q", 70000), 1)), Options{})
	if diff := cmp.Diff([]string{"figures[0].quote: is 70000 bytes long; the limit is 64 KB"}, problems(t, err)); diff != "" {
		t.Error(diff)
	}
	yamlLimit = 100
	_, err = ParseYAML(bytes.NewReader([]byte(yamlFigure+yamlFigure)), Options{})
	if diff := cmp.Diff([]string{"file: is larger than 100 bytes: split it into smaller files"}, problems(t, err)); diff != "" {
		t.Error(diff)
	}
}
