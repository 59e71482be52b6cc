package store

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"forcedreturns/models"
)

// Figures are read and written with hand-written column lists rather than
// GORM's reflection, for two reasons: the row differs from models.Figure
// (subgroup_of and share_of are NULL, not "", when unset, so that the
// foreign keys hold),
// and exports stream a million joined rows through one reused value, which
// GORM's scanning cannot do without allocating per row. So models.Figure
// and models.Period carry no gorm tags: the columns are named here only.

// figureWriteColumns are the columns an insert or update sets, in the
// order figureArgs appends their values; replaceFigure relies on key
// being first and created_at, updated_at last.
var figureWriteColumns = []string{
	"key", "metric", "qualifier", "value", "value_low", "value_high", "value_text", "unit",
	"period_start", "period_end", "period_precision", "period_end_precision", "quantity_kind", "population",
	"acting_state", "receiving_state", "location", "subgroup_of", "share_of", "derived", "formula",
	"source", "quote", "reported_by", "quote_start", "quote_end", "paraphrase", "paraphrased_by", "status",
	"retract_reason", "notes", "version", "created_at", "updated_at",
}

// figureArgs appends f's column values to args in figureWriteColumns
// order, converted to the driver's basic types so that no reflection runs
// per value on bulk inserts.
func figureArgs(args []any, f *models.Figure) []any {
	return append(args,
		f.Key, f.Metric, string(f.Qualifier), f.Value, f.ValueLow, f.ValueHigh, f.ValueText, f.Unit,
		f.Period.Start.String(), f.Period.End.String(), string(f.Period.Precision), string(f.Period.PrecisionOfEnd()), string(f.Kind), f.Population,
		f.ActingState, f.ReceivingState, f.Location, nullIfEmpty(f.SubgroupOf), nullIfEmpty(f.ShareOf), f.Derived, f.Formula,
		f.Source, f.Quote, f.ReportedBy, intOrNull(f.QuoteStart), intOrNull(f.QuoteEnd), f.Paraphrase, f.ParaphrasedBy, string(f.Status),
		f.RetractReason, f.Notes, int64(f.Version), f.CreatedAt, f.UpdatedAt)
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func intOrNull(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// selectColumns returns the select list of a figure (alias f), optionally
// followed by its metric (m) and source (s, with the original it carries,
// o). On SQLite timestamps are read as text: the driver would otherwise
// parse each one by trying a format that fails first, which dominates the
// cost of streaming exports.
func (s *Store) selectColumns(withRefs bool) string {
	cols := s.figureColumns()
	if withRefs {
		cols = append(append(cols, s.metricColumns()...), s.sourceColumns()...)
	}
	return strings.Join(cols, ", ")
}

// ts is col, a timestamp, as the scanners read it (timeDest).
func (s *Store) ts(col string) string {
	if s.dialect == DialectSQLite {
		return "CAST(" + col + " AS TEXT)"
	}
	return col
}

// figureColumns are the columns of a figure (f), in the order of
// viewScanner.figureDest.
func (s *Store) figureColumns() []string {
	return []string{
		"f.id", "f.key", "f.metric", "f.qualifier", "f.value", "f.value_low", "f.value_high", "f.value_text", "f.unit",
		"f.period_start", "f.period_end", "f.period_precision", "f.period_end_precision", "f.quantity_kind", "f.population",
		"f.acting_state", "f.receiving_state", "f.location", "COALESCE(f.subgroup_of, '')", "f.derived", "f.formula",
		"f.source", "f.quote", "f.reported_by", "f.quote_start", "f.quote_end", "f.status",
		"f.retract_reason", "f.notes", "f.version", s.ts("f.created_at"), s.ts("f.updated_at"),
		"f.paraphrase", "f.paraphrased_by", "COALESCE(f.share_of, '')",
	}
}

// metricColumns are the columns of a figure's metric (m), in the order of
// viewScanner.metricDest.
func (s *Store) metricColumns() []string {
	return []string{"m.id", "m.slug", "m.label", "m.definition", "m.unit", s.ts("m.created_at"), s.ts("m.updated_at"),
		// Its texts in the site's other language (issue 14).
		"m.label_ko", "m.definition_ko"}
}

// sourceColumns are the columns of a figure's source (s) and of the
// original it carries (o, a LEFT JOIN on s.original), in the order of
// viewScanner.sourceDest.
func (s *Store) sourceColumns() []string {
	return []string{
		"s.id", "s.key", "s.title", "s.kind", "s.publisher", "s.authors", "s.author_affiliation",
		"s.published_on", "s.published_precision", "s.url", "s.archive_url", "s.language", "s.accessed_on", "s.text_sha256",
		"s.notes", "s.version", s.ts("s.created_at"), s.ts("s.updated_at"),
		// The original the source carries: what a caption and a link
		// need; NULL, read as empty, when none.
		"COALESCE(s.original, '')", "COALESCE(o.key, '')", "COALESCE(o.title, '')", "COALESCE(o.publisher, '')",
		"o.published_on", "COALESCE(o.published_precision, '')",
		// Its title in the site's languages (issue 14).
		"s.title_en", "s.title_ko",
	}
}

// viewQuery selects figure views matching where, a condition on f. The
// join is written as CROSS JOIN with its conditions in WHERE, which is the
// same inner join to PostgreSQL (whose planner reorders it freely) but
// tells SQLite to keep figures as the outer loop: it can then walk the
// index of the requested order and stream, where it would otherwise loop
// over the five metrics and sort a million rows in a temporary B-tree.
// The source's original (o) is a LEFT JOIN on its unique key, one index
// lookup for the few sources that carry another.
func (s *Store) viewQuery(where string) string {
	return s.viewQueryWith(true, "", "", where)
}

// viewQueryWith is viewQuery selecting the columns more after the view's,
// from the further LEFT JOIN join. Without withRefs it selects the
// figure's columns alone, from the same rows (metric and source joined,
// read from a viewRefs instead).
func (s *Store) viewQueryWith(withRefs bool, more, join, where string) string {
	from := " FROM figures f CROSS JOIN metrics m CROSS JOIN sources s"
	if withRefs {
		from += " LEFT JOIN sources o ON o.key = s.original"
	}
	return "SELECT " + s.selectColumns(withRefs) + more + from + join +
		" WHERE m.slug = f.metric AND s.key = f.source AND " + where
}

// viewScanner scans rows of selectColumns into one FigureView that it
// reuses from row to row. Enumerations go through plain strings and
// integers through int64, the driver's own types, because database/sql
// converts anything else through reflection and a formatted string.
type viewScanner struct {
	v    models.FigureView
	dest []any
	// refs, when not nil, holds the metric and source of every row,
	// which then has the figure's columns alone (newRefsScanner).
	refs *viewRefs

	qualifier, precision, endPrecision, kind, status, sourceKind, originalPrecision string
	version, sourceVersion                                                          int64
	quoteStart, quoteEnd                                                            sql.NullInt64
}

func newViewScanner(withRefs bool) *viewScanner {
	sc := &viewScanner{}
	sc.dest = sc.figureDest()
	if withRefs {
		sc.dest = append(append(sc.dest, sc.metricDest()...), sc.sourceDest()...)
	}
	return sc
}

// newRefsScanner scans rows of the figure's columns alone
// (selectColumns(false)), taking each figure's metric and source from refs.
func newRefsScanner(refs *viewRefs) *viewScanner {
	sc := &viewScanner{refs: refs}
	sc.dest = sc.figureDest()
	return sc
}

// figureDest, metricDest and sourceDest are the destinations of
// figureColumns, metricColumns and sourceColumns.
func (sc *viewScanner) figureDest() []any {
	f := &sc.v.Figure
	return []any{
		&f.ID, &f.Key, &f.Metric, &sc.qualifier, &f.Value, &f.ValueLow, &f.ValueHigh, &f.ValueText, &f.Unit,
		dateDest{&f.Period.Start}, dateDest{&f.Period.End}, &sc.precision, &sc.endPrecision, &sc.kind, &f.Population,
		&f.ActingState, &f.ReceivingState, &f.Location, &f.SubgroupOf, &f.Derived, &f.Formula,
		&f.Source, &f.Quote, &f.ReportedBy, &sc.quoteStart, &sc.quoteEnd, &sc.status,
		&f.RetractReason, &f.Notes, &sc.version, timeDest{&f.CreatedAt}, timeDest{&f.UpdatedAt},
		&f.Paraphrase, &f.ParaphrasedBy, &f.ShareOf,
	}
}

func (sc *viewScanner) metricDest() []any {
	m := &sc.v.Metric
	return []any{&m.ID, &m.Slug, &m.Label, &m.Definition, &m.Unit, timeDest{&m.CreatedAt}, timeDest{&m.UpdatedAt},
		&m.LabelKo, &m.DefinitionKo}
}

func (sc *viewScanner) sourceDest() []any {
	src, o := &sc.v.Source, &sc.v.Original
	return []any{
		&src.ID, &src.Key, &src.Title, &sc.sourceKind, &src.Publisher, &src.Authors, &src.AuthorAffiliation,
		dateDest{&src.PublishedOn}, &src.PublishedPrecision, &src.URL, &src.ArchiveURL, &src.Language, dateDest{&src.AccessedOn}, &src.TextSHA256,
		&src.Notes, &sc.sourceVersion, timeDest{&src.CreatedAt}, timeDest{&src.UpdatedAt},
		&src.Original, &o.Key, &o.Title, &o.Publisher, dateDest{&o.PublishedOn}, &sc.originalPrecision,
		&src.TitleEn, &src.TitleKo,
	}
}

// scan reads the current row into sc.v.
func (sc *viewScanner) scan(rows *sql.Rows) error {
	if err := rows.Scan(sc.dest...); err != nil {
		return err
	}
	f := &sc.v.Figure
	f.Qualifier = models.Qualifier(sc.qualifier)
	f.Period.Precision = models.Precision(sc.precision)
	f.Period.EndPrecision = models.Precision(sc.endPrecision)
	f.Kind = models.QuantityKind(sc.kind)
	f.Status = models.Status(sc.status)
	f.Version = int(sc.version)
	// A fresh int per non-NULL offset: a caller that copies the view keeps
	// its own value. Offsets are rare, so this costs little.
	f.QuoteStart = intPtr(sc.quoteStart)
	f.QuoteEnd = intPtr(sc.quoteEnd)
	if sc.refs != nil {
		return sc.refs.fill(&sc.v)
	}
	sc.sourceRead()
	return nil
}

// sourceRead converts what sourceDest scanned apart.
func (sc *viewScanner) sourceRead() {
	sc.v.Source.Kind = models.SourceKind(sc.sourceKind)
	sc.v.Source.Version = int(sc.sourceVersion)
	sc.v.Original.PublishedPrecision = models.Precision(sc.originalPrecision)
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// dateDest scans a 'YYYY-MM-DD' column without the allocations of
// models.Date.Scan's general parser, falling back to it for anything else.
type dateDest struct{ d *models.Date }

func (d dateDest) Scan(src any) error {
	switch v := src.(type) {
	case string:
		if date, ok := parseISODate(v); ok {
			*d.d = date
			return nil
		}
	case []byte:
		if date, ok := parseISODate(string(v)); ok {
			*d.d = date
			return nil
		}
	}
	return d.d.Scan(src)
}

func parseISODate(s string) (models.Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return models.Date{}, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return models.Date{}, false
	}
	return models.Date{Year: y, Month: time.Month(m), Day: d}, true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// timeDest scans a timestamp: a time.Time from PostgreSQL, or on SQLite
// the text the driver wrote ("2006-01-02 15:04:05.999999999-07:00").
// Times are returned in UTC, whatever the connection's zone.
type timeDest struct{ t *time.Time }

func (d timeDest) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d.t = v.UTC()
		return nil
	case nil:
		*d.t = time.Time{}
		return nil
	case []byte:
		return d.parse(string(v))
	case string:
		return d.parse(v)
	}
	return fmt.Errorf("cannot scan %T into a timestamp", src)
}

// storedTimeLayouts are tried when the fast path below does not apply.
var storedTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700 MST",
}

func (d timeDest) parse(s string) error {
	if t, ok := parseStoredTime(s); ok {
		*d.t = t
		return nil
	}
	for _, l := range storedTimeLayouts {
		if t, err := time.Parse(l, strings.TrimSuffix(s, "Z")); err == nil {
			*d.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot read %q as a timestamp", s)
}

// parseStoredTime reads "YYYY-MM-DD HH:MM:SS[.fraction](+|-)HH:MM" by
// position, allocation-free.
func parseStoredTime(s string) (time.Time, bool) {
	if len(s) < 25 || s[10] != ' ' && s[10] != 'T' {
		return time.Time{}, false
	}
	date, ok := parseISODate(s[:10])
	if !ok || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	hh, ok1 := digits(s[11:13])
	mm, ok2 := digits(s[14:16])
	ss, ok3 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, false
	}
	rest := s[19:]
	nsec := 0
	if rest[0] == '.' {
		i := 1
		scale := 100_000_000
		for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
			nsec += int(rest[i]-'0') * scale
			scale /= 10
		}
		if i == 1 || i > 10 {
			return time.Time{}, false
		}
		rest = rest[i:]
	}
	if len(rest) != 6 || rest[0] != '+' && rest[0] != '-' || rest[3] != ':' {
		return time.Time{}, false
	}
	oh, ok1 := digits(rest[1:3])
	om, ok2 := digits(rest[4:6])
	if !ok1 || !ok2 {
		return time.Time{}, false
	}
	off := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
	if rest[0] == '-' {
		off = -off
	}
	t := time.Date(date.Year, date.Month, date.Day, hh, mm, ss, nsec, time.UTC).Add(-off)
	return t, true
}
