package format

import (
	"strings"

	"forcedreturns/models"
)

// Reading the figures CSV: a header naming Columns in any order, then one
// figure per row with its source in the source_* columns.

// Positions of the cells of a figure row (Columns) and of a source row
// (SourceColumnNames).
var (
	cFigureID        = mustIndex(Columns, "figure_id")
	cMetric          = mustIndex(Columns, "metric")
	cValue           = mustIndex(Columns, "value")
	cValueLow        = mustIndex(Columns, "value_low")
	cValueHigh       = mustIndex(Columns, "value_high")
	cQualifier       = mustIndex(Columns, "qualifier")
	cUnit            = mustIndex(Columns, "unit")
	cValueText       = mustIndex(Columns, "value_text")
	cPeriodStart     = mustIndex(Columns, "period_start")
	cPeriodEnd       = mustIndex(Columns, "period_end")
	cPeriodPrecision = mustIndex(Columns, "period_precision")
	cPeriodEndPrec   = mustIndex(Columns, "period_end_precision")
	cQuantityKind    = mustIndex(Columns, "quantity_kind")
	cPopulation      = mustIndex(Columns, "population")
	cActingState     = mustIndex(Columns, "acting_state")
	cReceivingState  = mustIndex(Columns, "receiving_state")
	cLocation        = mustIndex(Columns, "location")
	cSubgroupOf      = mustIndex(Columns, "subgroup_of")
	cShareOf         = mustIndex(Columns, "share_of")
	cDerived         = mustIndex(Columns, "derived")
	cFormula         = mustIndex(Columns, "formula")
	cStatus          = mustIndex(Columns, "status")
	cRetractReason   = mustIndex(Columns, "retract_reason")
	cSourceID        = mustIndex(Columns, "source_id")
	cQuote           = mustIndex(Columns, "quote")
	cQuoteStart      = mustIndex(Columns, "quote_start")
	cQuoteEnd        = mustIndex(Columns, "quote_end")
	cReportedBy      = mustIndex(Columns, "reported_by")
	cParaphrase      = mustIndex(Columns, "paraphrase")
	cParaphrasedBy   = mustIndex(Columns, "paraphrased_by")
	cNotes           = mustIndex(Columns, "notes")
	cVersion         = mustIndex(Columns, "version")

	sID                = mustIndex(SourceColumnNames, "id")
	sTitle             = mustIndex(SourceColumnNames, "title")
	sTitleEn           = mustIndex(SourceColumnNames, "title_en")
	sTitleKo           = mustIndex(SourceColumnNames, "title_ko")
	sKind              = mustIndex(SourceColumnNames, "kind")
	sPublisher         = mustIndex(SourceColumnNames, "publisher")
	sAuthors           = mustIndex(SourceColumnNames, "authors")
	sAuthorAffiliation = mustIndex(SourceColumnNames, "author_affiliation")
	sPublishedOn       = mustIndex(SourceColumnNames, "published_on")
	sURL               = mustIndex(SourceColumnNames, "url")
	sArchiveURL        = mustIndex(SourceColumnNames, "archive_url")
	sLanguage          = mustIndex(SourceColumnNames, "language")
	sAccessedOn        = mustIndex(SourceColumnNames, "accessed_on")
	sTextSHA256        = mustIndex(SourceColumnNames, "text_sha256")
	sNotes             = mustIndex(SourceColumnNames, "notes")
	sOriginal          = mustIndex(SourceColumnNames, "original")
	sVersion           = mustIndex(SourceColumnNames, "version")

	mSlug         = mustIndex(MetricColumnNames, "slug")
	mLabel        = mustIndex(MetricColumnNames, "label")
	mDefinition   = mustIndex(MetricColumnNames, "definition")
	mUnit         = mustIndex(MetricColumnNames, "unit")
	mLabelKo      = mustIndex(MetricColumnNames, "label_ko")
	mDefinitionKo = mustIndex(MetricColumnNames, "definition_ko")

	// sourceInFigure[i] is the figure column of source column i
	// (title → source_title).
	sourceInFigure = func() []int {
		out := make([]int, len(SourceColumnNames))
		for i, name := range SourceColumnNames {
			out[i] = mustIndex(Columns, "source_"+name)
		}
		return out
	}()

	numeric = func() []bool {
		out := make([]bool, len(FigureColumns))
		for i, c := range FigureColumns {
			out[i] = c.Numeric()
		}
		return out
	}()
)

func mustIndex(cols []string, name string) int {
	if i := indexOf(cols, name); i >= 0 {
		return i
	}
	panic("format: no column " + name)
}

// CSVHeader maps Columns to the columns of one file.
type CSVHeader struct {
	pos   []int    // pos[i] is the file's column of Columns[i], or -1
	cells []string // one row's cells in Columns order, reused
}

// ReadCSVHeader reads a file's header row and reports, at "header", its
// unknown, repeated and missing columns. Order does not matter; every
// column must be present except the read-only and optional ones.
func ReadCSVHeader(p Problems, header []string) (*CSVHeader, bool) {
	h := &CSVHeader{pos: make([]int, len(Columns)), cells: make([]string, len(Columns))}
	for i := range h.pos {
		h.pos[i] = -1
	}
	ok := true
	problem := func(format string, args ...any) {
		add(p, "header", format, args...)
		ok = false
	}
	var unknown []string
	for j, name := range header {
		name = strings.TrimSpace(name)
		i := indexOf(Columns, name)
		switch {
		case i < 0:
			unknown = append(unknown, quoted(name))
		case h.pos[i] >= 0:
			problem("column %s appears twice (columns %d and %d)", name, h.pos[i]+1, j+1)
		default:
			h.pos[i] = j
		}
	}
	if len(unknown) > 0 {
		problem("unknown %s %s: the header may only name the columns of an export",
			plural(len(unknown), "column"), strings.Join(unknown, ", "))
	}
	var missing, optional []string
	for i, c := range FigureColumns {
		switch {
		case c.ReadOnly || c.Optional:
			optional = append(optional, c.Name)
		case h.pos[i] < 0:
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		problem("missing %s %s: every column of an export is required except %s",
			plural(len(missing), "column"), strings.Join(missing, ", "), strings.Join(optional, ", "))
	}
	return h, ok
}

// FigureOmitted lists the figure fields the file's header leaves out that
// an update keeps as stored (models.Batch's FigureOmitted): share_of, which
// files made before shares existed do not have. (Other optional columns
// read as empty: a file without paraphrase holds quotes.)
func (h *CSVHeader) FigureOmitted() []string {
	if h.pos[cShareOf] < 0 {
		return []string{"share_of"}
	}
	return nil
}

// SourceOmitted lists, in SourceColumnNames' names, the optional source
// columns the file's header leaves out whose stored values an update keeps
// (models.Batch.SourceOmitted): original, in a file made before sources
// named their originals, and the translated titles, in one made before
// them. A missing version is no lock, not a field.
func (h *CSVHeader) SourceOmitted() []string {
	return sourceOmittedAt(func(i int) int { return h.pos[sourceInFigure[i]] })
}

// sourceKept are the optional source columns whose stored values a file
// without them keeps.
var sourceKept = []int{sTitleEn, sTitleKo, sOriginal}

// sourceOmittedAt lists the columns of sourceKept a header leaves out, pos
// giving the file's column of each source column, or -1.
func sourceOmittedAt(pos func(i int) int) []string {
	var out []string
	for _, i := range sourceKept {
		if pos(i) < 0 {
			out = append(out, SourceColumnNames[i])
		}
	}
	return out
}

// Row converts the record of one row, located at ("row 7"), as long as
// the header: it un-neutralises its text cells (Unneutralise), and returns
// its figure, parsed and validated, and the cells of its source in
// SourceColumnNames order, with the figure's source id.
func (h *CSVHeader) Row(p Problems, at string, rec []string) (models.Figure, []string) {
	e := newEntry(p, func(field string) string { return at + ", " + CSVColumn(field) })
	cells := h.cells
	for i := range cells {
		cells[i] = ""
		if h.pos[i] < 0 {
			continue
		}
		c := rec[h.pos[i]]
		if len(c) > MaxFieldBytes {
			e.add(modelField(Columns[i]), "is %d bytes long; the limit is %s", len(c), models.SizeText(MaxFieldBytes))
			continue
		}
		if !numeric[i] {
			c = Unneutralise(c)
		}
		cells[i] = c
	}
	in := figureInput{
		f: models.Figure{
			Key:            cells[cFigureID],
			Metric:         cells[cMetric],
			Qualifier:      models.Qualifier(cells[cQualifier]),
			ValueText:      cells[cValueText],
			Unit:           cells[cUnit],
			Kind:           models.QuantityKind(cells[cQuantityKind]),
			Population:     cells[cPopulation],
			ActingState:    cells[cActingState],
			ReceivingState: cells[cReceivingState],
			Location:       cells[cLocation],
			SubgroupOf:     cells[cSubgroupOf],
			ShareOf:        cells[cShareOf],
			Formula:        cells[cFormula],
			Source:         cells[cSourceID],
			Quote:          cells[cQuote],
			Paraphrase:     cells[cParaphrase],
			ParaphrasedBy:  cells[cParaphrasedBy],
			ReportedBy:     cells[cReportedBy],
			Status:         models.Status(cells[cStatus]),
			RetractReason:  cells[cRetractReason],
			Notes:          cells[cNotes],
		},
		value: cells[cValue], valueLow: cells[cValueLow], valueHigh: cells[cValueHigh],
		quoteStart: cells[cQuoteStart], quoteEnd: cells[cQuoteEnd], version: cells[cVersion], derived: cells[cDerived],
		periodStart: cells[cPeriodStart], periodEnd: cells[cPeriodEnd], precision: cells[cPeriodPrecision],
		endPrecision: cells[cPeriodEndPrec],
	}
	f := e.figure(&in)
	src := make([]string, len(sourceInFigure))
	for i, c := range sourceInFigure {
		src[i] = cells[c]
	}
	src[sID] = f.Source
	return f, src
}

// CSVSource converts the source cells of a row (as Row returns them),
// located at ("row 7").
func CSVSource(p Problems, at string, c []string) models.Source {
	return csvSource(p, func(field string) string { return at + ", source_" + field }, c)
}

// csvSource converts the cells of a source in SourceColumnNames order,
// locating each field's problems with loc.
func csvSource(p Problems, loc func(field string) string, c []string) models.Source {
	e := newEntry(p, loc)
	return e.source(models.Source{
		Key:               c[sID],
		Title:             c[sTitle],
		TitleEn:           c[sTitleEn],
		TitleKo:           c[sTitleKo],
		Kind:              models.SourceKind(c[sKind]),
		Publisher:         c[sPublisher],
		Authors:           c[sAuthors],
		AuthorAffiliation: c[sAuthorAffiliation],
		URL:               c[sURL],
		ArchiveURL:        c[sArchiveURL],
		Language:          c[sLanguage],
		TextSHA256:        c[sTextSHA256],
		Notes:             c[sNotes],
		Original:          c[sOriginal],
	}, c[sPublishedOn], c[sAccessedOn], c[sVersion])
}

// CSVColumn names the column of the figures CSV that holds a figure field
// (as Validate names it): id is figure_id, source is source_id.
func CSVColumn(field string) string {
	switch field {
	case "id":
		return "figure_id"
	case "source":
		return "source_id"
	}
	return field
}

// modelField is the inverse of CSVColumn.
func modelField(column string) string {
	switch column {
	case "figure_id":
		return "id"
	case "source_id":
		return "source"
	}
	return column
}

// companionHeader maps names to the columns of header, the header row of a
// companion file (what names the file in messages: "a metrics file"), and
// reports at "header" its unknown and repeated columns. pos[i] is the
// file's column of names[i], or -1; missing columns are the caller's to
// judge.
func companionHeader(p Problems, header, names []string, what string) (pos []int, ok bool) {
	pos = make([]int, len(names))
	for i := range pos {
		pos[i] = -1
	}
	ok = true
	var unknown []string
	for j, name := range header {
		name = strings.TrimSpace(name)
		i := indexOf(names, name)
		switch {
		case i < 0:
			unknown = append(unknown, quoted(name))
		case pos[i] >= 0:
			add(p, "header", "column %s appears twice (columns %d and %d)", name, pos[i]+1, j+1)
			ok = false
		default:
			pos[i] = j
		}
	}
	if len(unknown) > 0 {
		add(p, "header", "unknown %s %s: %s has the columns %s",
			plural(len(unknown), "column"), strings.Join(unknown, ", "), what, strings.Join(names, ", "))
		ok = false
	}
	return pos, ok
}

// SourcesHeader maps SourceColumnNames to the columns of a sources file:
// a data package's sources.csv, or the companion file of a CSV export.
type SourcesHeader struct {
	pos []int // pos[i] is the file's column of SourceColumnNames[i], or -1
}

// ReadSourcesHeader reads the header row of a sources file and reports, at
// "header", its unknown, repeated and missing columns. Order does not
// matter; every column is required except the optional original and
// version (a file made before they existed).
func ReadSourcesHeader(p Problems, header []string) (*SourcesHeader, bool) {
	pos, ok := companionHeader(p, header, SourceColumnNames, "a sources file")
	h := &SourcesHeader{pos: pos}
	var missing, optional []string
	for i, c := range SourceColumns {
		switch {
		case c.Optional:
			optional = append(optional, c.Name)
		case h.pos[i] < 0:
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		add(p, "header", "missing %s %s: every column of a sources file is required except %s",
			plural(len(missing), "column"), strings.Join(missing, ", "), strings.Join(optional, ", "))
		ok = false
	}
	return h, ok
}

// Omitted is CSVHeader.SourceOmitted for a sources file.
func (h *SourcesHeader) Omitted() []string {
	return sourceOmittedAt(func(i int) int { return h.pos[i] })
}

// Row converts the record of one row of a sources file, located at ("row
// 3"), as long as the header: its text cells are un-neutralised
// (Unneutralise), and the source is validated.
func (h *SourcesHeader) Row(p Problems, at string, rec []string) models.Source {
	loc := func(field string) string { return at + ", " + field }
	cells := make([]string, len(h.pos))
	bad := false
	for i, j := range h.pos {
		if j < 0 {
			continue
		}
		c := rec[j]
		if len(c) > MaxFieldBytes {
			add(p, loc(SourceColumnNames[i]), "is %d bytes long; the limit is %s", len(c), models.SizeText(MaxFieldBytes))
			bad = true
			continue
		}
		if !SourceColumns[i].Numeric() {
			c = Unneutralise(c)
		}
		cells[i] = c
	}
	if bad {
		return models.Source{}
	}
	return csvSource(p, loc, cells)
}

// MetricsHeader maps MetricColumnNames to the columns of a metrics file.
type MetricsHeader struct {
	pos []int // pos[i] is the file's column of MetricColumnNames[i]
}

// ReadMetricsHeader reads the header row of a metrics file and reports, at
// "header", its unknown, repeated and missing columns. Order does not
// matter; every column is required but the optional Korean texts.
func ReadMetricsHeader(p Problems, header []string) (*MetricsHeader, bool) {
	pos, ok := companionHeader(p, header, MetricColumnNames, "a metrics file")
	h := &MetricsHeader{pos: pos}
	var missing []string
	for i, c := range MetricColumns {
		if h.pos[i] < 0 && !c.Optional {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		add(p, "header", "missing %s %s: a metrics file has the columns %s",
			plural(len(missing), "column"), strings.Join(missing, ", "), strings.Join(MetricColumnNames, ", "))
		ok = false
	}
	return h, ok
}

// Omitted lists the optional columns the header leaves out, whose stored
// values an update keeps (models.Batch.MetricOmitted).
func (h *MetricsHeader) Omitted() []string {
	var out []string
	for i, c := range MetricColumns {
		if c.Optional && h.pos[i] < 0 {
			out = append(out, c.Name)
		}
	}
	return out
}

// Row converts the record of one row of a metrics file, located at
// ("row 3"), as long as the header: its cells are un-neutralised
// (Unneutralise), and the metric is validated.
func (h *MetricsHeader) Row(p Problems, at string, rec []string) models.Metric {
	e := newEntry(p, func(field string) string { return at + ", " + field })
	cells := make([]string, len(h.pos))
	for i, j := range h.pos {
		if j < 0 {
			continue
		}
		c := rec[j]
		if len(c) > MaxFieldBytes {
			e.add(MetricColumnNames[i], "is %d bytes long; the limit is %s", len(c), models.SizeText(MaxFieldBytes))
			continue
		}
		cells[i] = Unneutralise(c)
	}
	return e.metric(models.Metric{Slug: cells[mSlug], Label: cells[mLabel], Definition: cells[mDefinition], Unit: cells[mUnit],
		LabelKo: cells[mLabelKo], DefinitionKo: cells[mDefinitionKo]})
}
