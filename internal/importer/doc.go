// Package importer reads files of metrics, sources and figures into a
// models.Batch, reporting every problem of a file at once.
//
// # Formats
//
// Parse picks the format from the file name's extension: .csv, .yaml or
// .yml, .json, .zip (a data package). A file with problems gives a *models.Error with code
// EInvalid whose Fields name each problem's location and say what was
// expected:
//
//	row 7, value: expected a whole number such as 41, got "4l"   (CSV; the header is row 1)
//	figures[3].period.start: "2017-13": month must be 01 to 12     (YAML, JSON; lists count from 0)
//
// The shapes and conversions are internal/format's, shared with the
// exporter and the JSON write API. Each entry is normalised and validated
// by the models package (its
// messages are prefixed with the entry's location); whether a metric,
// source, subgroup_of or share_of reference exists, and whether a unit is
// its metric's, is the store's to check when the batch is applied. Limits: a CSV or JSON file of at most 256 MB, a YAML
// file of at most 32 MB, a field of at most 64 KB; at most 1000 problems
// are listed.
//
// # CSV
//
// A CSV file has the columns of a CSV export (format.Columns), in any
// order, one figure per row; a CSV export re-imports as it is. Every column
// must be present except the read-only metric_label, period_months, per_month, countable, group, counted_in, quote_link,
// archive_quote_link and last_modified (ignored when present), version
// (copied to the figure, so the store can detect edits made since the
// export), source_version, source_original, paraphrase and paraphrased_by. Unknown columns are
// an error. Text cells are un-neutralised (format.Unneutralise strips the
// apostrophe the export put before a leading = + - @); a UTF-8 byte order
// mark is skipped.
//
//   - numbers (value, value_low, value_high, quote_start, quote_end,
//     version) are whole numbers in digits; a range has value_low and
//     value_high and no value, an unquantified figure (words without a
//     number, in value_text) none of the three, every other qualifier a
//     value only; an empty value cell is never read as 0;
//   - period_start and period_end are full dates (2017-07-01, as exported)
//     or partial ones (2017-07, 2017); an empty period_end means "the same
//     as period_start". period_precision may be empty (it is then the
//     precision the dates are written to) or day, month or year: coarser
//     than the dates only if they span whole months or years;
//   - derived is true or false (any case; empty is false);
//   - the source_* columns describe the figure's source: one source per
//     distinct source_id, and every row of a source must describe it the
//     same way. A figures CSV carries no metric definitions: they come
//     from its companion metrics file (export -metrics FILE, read by
//     ParseMetricsCSV: the columns slug, label, definition and unit, and
//     optionally label_ko and definition_ko, in any order, one metric per
//     row; a file without a Korean column leaves the stored Korean texts
//     as they are), or must exist in the database;
//   - source_title_en and source_title_ko are the source's title
//     translated into English and Korean (empty when the source is in
//     that language). A file without the columns leaves the stored
//     translations as they are;
//   - source_original is the id of the source the row's source carries
//     (a news story carrying an NGO's report). That source must be in
//     the file, in its companion sources file (export -sources FILE, read
//     by ParseSourcesCSV and added with WithSources: the columns of a
//     data package's sources.csv) or in the database. A file without the
//     column leaves the stored originals as they are.
//
// A CSV row states every field of its figure and its source: an empty cell
// clears the field, except quote_start and quote_end (empty offsets with
// the stored quote keep the stored ones) and source_text_sha256 (empty
// keeps the stored hash). A column the header leaves out (only version and
// source_version may be) leaves the field as it is.
//
// # Data package
//
// A .zip is a data package as export -format datapackage writes it: its
// figures.csv is read as a CSV file and its metrics.csv, when present, as
// the batch's metrics, so the package imports into an empty database. A
// package written before metrics.csv existed imports like its figures.csv.
// sources.csv, when present, adds the sources figures.csv does not
// describe: those its sources carry (original) that no figure cites; a
// source both describe must be described the same way. The archive
// is bounded like a CSV file, and so is each file it inflates to.
//
// # YAML and JSON
//
// A YAML or JSON file is one object with up to three lists. Field names are
// the CSV's, without the source_ prefix. Unknown fields are errors (with a
// suggestion when they look like a typo); every field may be omitted or
// null unless validation requires it. When an entry updates a stored one,
// an omitted field leaves the stored value as it is and a field given
// empty ("" or null) clears it.
//
// # Updates
//
// An entry whose id is stored updates it, with a revision, unless it says
// the same. It must carry the version it was exported at: an entry
// without one changes nothing unless the import overwrites (import
// -overwrite; each change is then recorded with the reason "import
// overwrite"), and a change from another version is refused (the file
// is older or newer than the tracker). A retracted figure is restored
// only by an entry carrying its current version, with a reason (import
// -reason).
// Quote offsets and a source's text_sha256, recorded by verification,
// are kept while the quote is unchanged.
//
//	metrics:                       # optional: new or changed metrics
//	  - slug: apprehended          # required; lower case, digits, _
//	    label: Apprehended         # required
//	    definition: People apprehended by the authorities of the acting state.  # required
//	    unit: people               # required
//	    label_ko: 체포               # optional: the label in Korean
//	    definition_ko: 억류국 당국에 체포된 사람.  # optional: the definition in Korean
//	sources:
//	  - id: hrw-2017-dragnet       # required; lower case, digits, -
//	    title: North Korean Refugees Trapped by China’s Expanding Dragnet  # required, as the source writes it
//	    title_ko: 중국의 확대되는 단속망에 갇힌 북한 난민  # optional: the title in Korean (title_en: in English), empty for a source in that language
//	    kind: commentary           # required: news, commentary, ngo_report, press_release, un, government, dataset
//	    publisher: Refugees Deeply (News Deeply)  # required
//	    authors: Phil Robertson
//	    author_affiliation: Human Rights Watch
//	    published_on: 2017-09-18   # required; YYYY-MM-DD
//	    url: https://deeply.thenewhumanitarian.org/refugees/community/2017/09/18/north-korean-refugees-trapped-by-chinas-expanding-dragnet  # required
//	    archive_url:               # optional http(s) URL
//	    language: en               # optional BCP 47 tag
//	    accessed_on: 2024-05-02    # optional; YYYY-MM-DD
//	    text_sha256:               # optional; SHA-256 of the verified text
//	    notes:
//	    original:                  # optional: the id of the source this one carries (its original), listed anywhere in the file or stored
//	figures:
//	  - id: apprehended-2017-07-08 # required; lower case, digits, -
//	    metric: apprehended        # required: a metric slug
//	    qualifier: documented      # required: exact, documented, at_least, more_than, about, at_most, range, unquantified
//	    value: 41                  # a whole number; for a range, value_low and value_high instead; none for unquantified
//	    value_text:                # the source's words, when they say more ("dozens"); required for unquantified
//	    unit: people               # the metric's unit (default people); percent for a share
//	    period:
//	      start: 2017-07           # required: YYYY, YYYY-MM or YYYY-MM-DD
//	      end: 2017-08             # optional; default: the same as start
//	      precision: month         # optional; inferred from how the dates are written
//	    quantity_kind: flow        # required: flow, stock (start = end) or cumulative
//	    population: North Koreans  # required
//	    acting_state: CN           # ISO 3166-1 alpha-2
//	    receiving_state: KP
//	    location:
//	    subgroup_of:               # the id of the figure this one is part of
//	    share_of:                  # for a percentage ("over 60 percent were women"): the id of the figure it is a share of; unit: percent
//	    derived: false             # true for a figure computed by formula
//	    formula:                   # e.g. "{apprehended-since-2016-06} - {in-custody-2017-09-18}"
//	    source: hrw-2017-dragnet   # required: a source id
//	    quote: "While an absolute figure on the number of fleeing North Koreans is impossible to determine, Human Rights Watch documented the apprehending of 41 people in July and August, …"  # required: the exact sentence
//	    quote_start:               # optional offsets into the verified text, both or neither
//	    quote_end:
//	    reported_by: Human Rights Watch  # required
//	    status: published          # draft, published (default) or retracted
//	    retract_reason:            # required for a retracted figure
//	    notes:
//	    version:                   # optional; as exported
//
// JSON has the same shape. YAML numbers and booleans in text fields are
// taken as written (title: 1984 is the text "1984"); in JSON a text field
// must be a string and a number a number.
//
// A JSON export (export.WriteJSON) re-imports as it is: its metrics list
// is the file's metrics (an export made before it existed imports into a
// database that has them); its exported_at, filter and generator are
// ignored; a figure's metric may be the export's
// object (only its slug is used), its source the export's object (it adds
// the source, and every figure that embeds a source must describe it the
// same way as the others and as the sources list), its period flat
// (period_start, period_end, period_precision, as in the CSV, instead of
// period); value_label, quote_link, archive_quote_link and last_modified
// are ignored. Its sources list holds the sources the figures' sources
// carry that no figure cites; a source may name as original one listed or
// nested anywhere in the file, before or after it.
package importer
