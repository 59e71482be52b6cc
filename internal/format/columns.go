package format

import "forcedreturns/models"

// Column describes one column of an exported CSV file. The same description
// drives the CSV header, the data package's Table Schema, its README and the
// importer's header check, so they cannot drift apart.
type Column struct {
	Name string
	// Type is the Table Schema type: string, integer, boolean, date or
	// datetime. Only integer columns are numeric cells (never neutralised).
	Type        string
	Description string
	// Required means every row has a value in this column.
	Required bool
	// Unique means no two rows share a value (the file's primary key).
	Unique bool
	// Enum lists the only values the column takes.
	Enum []string
	// Pattern is a regular expression (XML Schema flavour, implicitly
	// anchored, as Table Schema defines it) every non-empty value matches.
	Pattern string
	// NonNegative means an integer column is never below zero.
	NonNegative bool
	// ReadOnly columns are derived on export (a label, a link, a timestamp)
	// and ignored on import.
	ReadOnly bool
	// Optional columns may be left out of an import file's header. Every
	// other non-read-only column must be present, so that re-importing a
	// file with a column deleted by mistake cannot blank that field.
	Optional bool
}

// Numeric reports whether the column holds numbers, which are written as
// they are and never neutralised.
func (c Column) Numeric() bool { return c.Type == "integer" || c.Type == "number" }

// Patterns shared by the schemas; see Column.Pattern.
const (
	keyPattern      = `[a-z0-9]([a-z0-9-]{0,98}[a-z0-9])?`
	slugPattern     = `[a-z][a-z0-9_]{0,59}`
	statePattern    = `[A-Z]{2}`
	languagePattern = `[a-z]{2,3}(-[A-Za-z0-9]{2,8})*`
	sha256Pattern   = `[0-9a-f]{64}`
	// partialDatePattern is a date written to its precision: YYYY,
	// YYYY-MM or YYYY-MM-DD.
	partialDatePattern = `[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?`
)

// SourceColumns are the columns of a data package's sources.csv, one row per
// source. In figures.csv the same columns appear with a "source_" prefix.
var SourceColumns = []Column{
	{Name: "id", Type: "string", Required: true, Unique: true, Pattern: keyPattern,
		Description: "Stable id of the source (lower-case letters, digits and hyphens); figures refer to it."},
	{Name: "title", Type: "string", Required: true,
		Description: "Title of the source document as published, in the source's language (see language), as written."},
	{Name: "title_en", Type: "string", Optional: true,
		Description: "The title in English, when the source is written in another language: a translation an editor gave, never a machine's. Empty when the source is in English (its title is the English title) or nobody has translated it; pages in English then show the title as written. A file without this column (made before it existed) leaves stored translations as they are."},
	{Name: "title_ko", Type: "string", Optional: true,
		Description: "The title in Korean, when the source is written in another language: a translation an editor gave, never a machine's. Empty when the source is in Korean (its title is the Korean title) or nobody has translated it; pages in Korean then show the title as written. A file without this column (made before it existed) leaves stored translations as they are."},
	{Name: "kind", Type: "string", Required: true, Enum: enum(models.SourceKinds),
		Description: "Kind of document: news, commentary, ngo_report, press_release, un, government or dataset."},
	{Name: "publisher", Type: "string", Required: true,
		Description: "Organisation or outlet that published the document."},
	{Name: "authors", Type: "string",
		Description: "Authors as credited, if any."},
	{Name: "author_affiliation", Type: "string",
		Description: "Affiliation of the authors when it differs from the publisher (e.g. Human Rights Watch for an op-ed)."},
	{Name: "published_on", Type: "string", Required: true, Pattern: partialDatePattern,
		Description: "Publication date, written to the precision the source gives: YYYY-MM-DD, YYYY-MM when only the month is known (2023-12 for \"December 2023\") or YYYY when only the year is."},
	{Name: "url", Type: "string", Required: true,
		Description: "Canonical http(s) URL of the document."},
	{Name: "archive_url", Type: "string",
		Description: "URL of an archived copy, if any."},
	{Name: "language", Type: "string", Pattern: languagePattern,
		Description: "Language of the document as a BCP 47 tag (en, ko, zh-Hans)."},
	{Name: "accessed_on", Type: "date",
		Description: "Date the document was last accessed (YYYY-MM-DD)."},
	{Name: "text_sha256", Type: "string", Pattern: sha256Pattern,
		Description: "SHA-256 (hex) of the document text the quotes were verified against; empty if not verified."},
	{Name: "notes", Type: "string",
		Description: "Editors' notes on the source (how its figures were read, where it is archived)."},
	{Name: "original", Type: "string", Optional: true, Pattern: keyPattern,
		Description: "id of the source this one repeats, when it carries another's report (a news story carrying an NGO's press release): captions then name the original first, \"Monitor Group (3 Mar 2021), as carried by Outlet\". Empty when the source is the original. A file without this column (made before it existed) leaves stored originals as they are."},
	{Name: "version", Type: "integer", Optional: true, NonNegative: true,
		Description: "Revision number of the source in the tracker; an import passes it on so the store can refuse to overwrite a source changed since the export. Empty or absent (files made before it existed): no check."},
}

// MetricColumns are the columns of a metrics file: a data package's
// metrics.csv, or the companion file of a CSV export (export -metrics),
// one row per metric the exported figures use. Importing it with the
// figures creates the metrics an empty database lacks.
var MetricColumns = []Column{
	{Name: "slug", Type: "string", Required: true, Unique: true, Pattern: slugPattern,
		Description: "Stable id of the metric (lower-case letters, digits and underscores); the figures' metric column refers to it."},
	{Name: "label", Type: "string", Required: true,
		Description: "Human-readable name of the metric, in English."},
	{Name: "definition", Type: "string", Required: true,
		Description: "What the metric counts and what it does not, in English: read it before comparing or adding figures."},
	{Name: "unit", Type: "string", Required: true,
		Description: "Unit the metric is counted in (people unless stated)."},
	{Name: "label_ko", Type: "string", Optional: true,
		Description: "The label in Korean, as an editor wrote it; empty when nobody has (pages in Korean then show label). A file without this column (made before it existed) leaves stored Korean labels as they are."},
	{Name: "definition_ko", Type: "string", Optional: true,
		Description: "The definition in Korean, as an editor wrote it; empty when nobody has (pages in Korean then show definition). A file without this column leaves stored Korean definitions as they are."},
}

// MetricColumnNames is the header of a metrics file, in order.
var MetricColumnNames = names(MetricColumns)

// FigureColumns are the columns of the figures CSV, in order: one row per
// figure, with its metric, its value and qualifier, its period, and every
// column of its source so that a CSV export re-imports without loss.
var FigureColumns = concat(
	[]Column{
		{Name: "figure_id", Type: "string", Required: true, Unique: true, Pattern: keyPattern,
			Description: "Stable id of the figure; subgroup_of, share_of and formula refer to it."},
		{Name: "metric", Type: "string", Required: true, Pattern: slugPattern,
			Description: "What is counted: a metric slug such as apprehended, forcibly_returned, in_custody, deaths."},
		{Name: "metric_label", Type: "string", ReadOnly: true,
			Description: "Human-readable label of the metric (ignored on import)."},
		{Name: "value", Type: "integer", NonNegative: true,
			Description: "The number as stated, to be read with qualifier; empty for a range, and for unquantified (the source gives no number: never read the empty cell as 0)."},
		{Name: "value_low", Type: "integer", NonNegative: true,
			Description: "Lower bound of a range (qualifier range only)."},
		{Name: "value_high", Type: "integer", NonNegative: true,
			Description: "Upper bound of a range (qualifier range only)."},
		{Name: "qualifier", Type: "string", Required: true, Enum: enum(models.Qualifiers),
			Description: "How the source states the number: exact, documented (a count of documented cases; the true number is unknown and may be higher), at_least, more_than, about, at_most (also \"as many as\"), range, or unquantified (no number: the source gives only words such as \"a number of\" or \"dozens\", in value_text; value, value_low and value_high are empty). \"at least 41\" is not 41."},
		{Name: "unit", Type: "string", Required: true,
			Description: "Unit of the number: its metric's unit (people unless stated), or percent for a share (see share_of). Never compare or add figures of different units."},
		{Name: "value_text", Type: "string",
			Description: "The number in the source's own words, when they say more than the number (\"the rest\", \"four\"); required for unquantified, where the words (\"a number of\", \"dozens\") are all the source says."},
		{Name: "period_start", Type: "date", Required: true,
			Description: "First day of the period the figure covers (YYYY-MM-DD): the first day of its month or year when the start is known only to the month or year (see period_precision)."},
		{Name: "period_end", Type: "date", Required: true,
			Description: "Last day of the period the figure covers (YYYY-MM-DD): the last day of its month or year when the end is known only to the month or year (see period_end_precision); equal to period_start for a stock."},
		{Name: "period_precision", Type: "string", Required: true, Enum: enum(models.Precisions),
			Description: "How precisely the source gives the start of the period: day, month or year (a month-precision start is the first day of its month, a year-precision start 1 January)."},
		{Name: "period_end_precision", Type: "string", Required: true, Optional: true, Enum: enum(models.Precisions),
			Description: "How precisely the source gives the end of the period: day, month or year (a month-precision end is the last day of its month, a year-precision end 31 December). Usually period_precision; it differs when the source does, as in \"since early 2019\" counted as of a report of 5 December 2023 (year, then day). On import, a file without this column, or an empty cell, means the same as period_precision."},
		{Name: "quantity_kind", Type: "string", Required: true, Enum: enum(models.QuantityKinds),
			Description: "flow: events during the period; stock: people in a state on period_end; cumulative: events since period_start up to period_end (never add it to the flows it contains)."},
		{Name: "period_months", Type: "number", ReadOnly: true,
			Description: "Length of the period in months, for flows and cumulative figures, read at its stated bounds: whole calendar months when both ends are known to the month or year, days ÷ 30.4375 when either is known to the day (when the two ends are known to different precisions, the longest the period may be) (ignored on import)."},
		{Name: "per_month", Type: "number", ReadOnly: true,
			Description: "For a flow, value ÷ period_months (two decimals), to compare periods of different length; read it with the qualifier (a documented or at-least count gives a rate that may be higher). Empty for periods shorter than a month (a single day, 20 days: a month is reached by the day before the same date a month later, e.g. 1–30 June), for periods whose two ends are known to different precisions (\"since 2019\" as of 5 December 2023 lasts anything from about 4 to 5 years, so no one rate can be given), for ranges (divide value_low and value_high), for unquantified figures (no number), stocks, cumulative figures and shares (a percentage has no rate) (ignored on import)."},
		{Name: "population", Type: "string", Required: true,
			Description: "Who is counted (e.g. North Koreans)."},
		{Name: "acting_state", Type: "string", Pattern: statePattern,
			Description: "ISO 3166-1 alpha-2 code of the state that apprehends or returns people (e.g. CN)."},
		{Name: "receiving_state", Type: "string", Pattern: statePattern,
			Description: "ISO 3166-1 alpha-2 code of the state people are returned to (e.g. KP)."},
		{Name: "location", Type: "string",
			Description: "Free-text place, if the source gives one."},
		{Name: "subgroup_of", Type: "string", Pattern: keyPattern,
			Description: "figure_id of the figure this one is a part of (e.g. children among all apprehended); the parent may be outside a filtered export."},
		{Name: "share_of", Type: "string", Pattern: keyPattern, Optional: true,
			Description: "For a share, the figure_id of the figure it is a percentage of: \"more than 60 percent were women\" of the 92 apprehended is value 60, qualifier more_than, unit percent, population women, share_of the 92's id, with that figure's metric. A share counts nobody by itself: never add it or plot it as people. Empty for every other figure; a file without this column has no shares (an import then leaves a stored figure's share_of as it is). The figure may be outside a filtered export."},
		{Name: "derived", Type: "boolean", Required: true,
			Description: "true if the tracker computed the figure from others (see formula); false if a source reports it."},
		{Name: "formula", Type: "string",
			Description: "For a derived figure, the computation over other figures' ids, e.g. {a} - {b}."},
		{Name: "status", Type: "string", Required: true, Enum: enum(models.Statuses),
			Description: "draft, published or retracted; retracted figures stay listed but must not be counted."},
		{Name: "retract_reason", Type: "string",
			Description: "Why the figure was retracted."},
		{Name: "countable", Type: "boolean", ReadOnly: true,
			Description: "true for exactly the figures a sum per metric may include without counting anyone twice: one report per event (see group), a total rather than the parts within it and the latest stock of the same people (see counted_in); never a subgroup, a share (a percentage), a derived figure that restates figures of its own metric, an unquantified figure (no number to add), a retracted or a draft figure. Sum stocks apart from flows and cumulative figures. A countable range has an empty value, which sum(value) skips: add its value_low and value_high for the bounds (ignored on import)."},
		{Name: "group", Type: "string", ReadOnly: true, Pattern: keyPattern,
			Description: "Reports of the same event (metric, population, states, unit, kind and period, and for shares the same figure they are of) share this id, the figure_id of the report that stands for the group in a sum; empty for retracted, draft and unquantified figures (ignored on import)."},
		{Name: "counted_in", Type: "string", ReadOnly: true, Pattern: keyPattern,
			Description: "For a figure that is not countable, the group whose countable figure counts these people instead: the total a part lies in, the parent of a subgroup, the figure a share is a percentage of, the report that stands for its group, the latest stock, the earlier of two overlapping periods, the input a derived figure restates. It may name a figure outside a filtered export. Empty for countable figures and for those counted nowhere (retracted, draft, unquantified, resting on a retracted input, a subgroup or share of a retracted or draft figure); a subgroup of a figure that gives no number names it (its people are among those words, though no sum adds them) (ignored on import)."},
	},
	prefixed("source_", SourceColumns),
	[]Column{
		{Name: "quote", Type: "string",
			Description: "The exact sentence of the source that states the figure; empty when the figure rests on a paraphrase instead (a figure has exactly one of quote and paraphrase)."},
		{Name: "quote_start", Type: "integer", NonNegative: true,
			Description: "Byte offset where the quote starts in the verified source text (see source_text_sha256), if verified."},
		{Name: "quote_end", Type: "integer", NonNegative: true,
			Description: "Byte offset just past the quote's end in the verified source text, if verified."},
		{Name: "quote_link", Type: "string", ReadOnly: true,
			Description: "Link that opens source_url scrolled to the quote (a WICG text fragment, #:~:text=); empty for a paraphrase; ignored on import."},
		{Name: "archive_quote_link", Type: "string", ReadOnly: true,
			Description: "The same link on source_archive_url: the archived copy scrolled to the quote, with the same text fragment, for when the page has moved or gone; empty without an archive URL and for a paraphrase; ignored on import."},
		{Name: "paraphrase", Type: "string", Optional: true,
			Description: "When no sentence of the source can be quoted: someone else's summary of what it reports, never verified or linked to as a quote. Empty for a quoted figure; a file without this column holds quotes only."},
		{Name: "paraphrased_by", Type: "string", Optional: true,
			Description: "Who wrote the paraphrase (a named secondary source, e.g. a news agency), shown as \"as summarised by\"; required with a paraphrase, empty otherwise."},
		{Name: "reported_by", Type: "string", Required: true,
			Description: "Who reported the figure to the source (may differ from the publisher, e.g. family members and activists via Human Rights Watch)."},
		{Name: "notes", Type: "string",
			Description: "Editors' notes on the figure."},
		{Name: "last_modified", Type: "datetime", ReadOnly: true,
			Description: "When the figure was last changed in the tracker (UTC, RFC 3339); ignored on import."},
		{Name: "version", Type: "integer", Optional: true, NonNegative: true,
			Description: "Revision number of the figure in the tracker; an import passes it on so the store can detect edits made since the export."},
	},
)

// Columns is the header of the figures CSV, in order.
var Columns = names(FigureColumns)

// SourceColumnNames is the header of a data package's sources.csv, in order.
var SourceColumnNames = names(SourceColumns)

func enum[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func concat(parts ...[]Column) []Column {
	var out []Column
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func prefixed(prefix string, cols []Column) []Column {
	out := make([]Column, len(cols))
	for i, c := range cols {
		c.Name = prefix + c.Name
		c.Unique = false // many figures share a source
		switch c.Name {
		case "source_id":
			c.Description = "id of the source the figure is quoted from (sources.csv id in a data package)."
		case "source_original":
			c.Description = "id of the source the figure's source repeats, when it carries another's report (a news story carrying an NGO's press release); sources.csv describes it in a data package, the sources list in a JSON export. Empty when the figure's source is the original. A file without this column (made before it existed) leaves stored originals as they are."
		}
		out[i] = c
	}
	return out
}

func names(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}
