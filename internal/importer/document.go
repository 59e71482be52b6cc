package importer

import (
	"strconv"
	"strings"
	"unicode"

	"forcedreturns/internal/export"
	"forcedreturns/models"
)

// Converting a decoded YAML or JSON file into a batch. Locations are paths:
// "figures[3].value", "figures[3].period.start", "sources[0].url".

// str reads a text field. YAML writers mean text by an unquoted 2017 or
// 1.5, so YAML numbers and booleans are taken as written; JSON ones are not
// strings and are refused.
func (e *entry) str(field string, s scalar) string {
	switch s.kind {
	case kAbsent, kNull:
		return ""
	case kString:
	case kNumber, kBool:
		if !s.yaml {
			e.add(field, "expected a string, got %s", s.literal())
			return ""
		}
	default:
		e.add(field, "expected a string, got %s", s.kind)
		return ""
	}
	if len(s.text) > fieldLimit {
		e.add(field, "is %d bytes long; the limit is %s", len(s.text), sizeText(int64(fieldLimit)))
		return ""
	}
	return s.text
}

// num returns the literal of a number field for entry.int, or "" when the
// field is absent or not a number (reported).
func (e *entry) num(field string, s scalar) string {
	switch s.kind {
	case kAbsent, kNull:
		return ""
	case kNumber:
		return s.text
	}
	e.add(field, "expected a whole number such as 41, got %s", s.literal())
	return ""
}

// boolean returns the literal of a boolean field for entry.bool.
func (e *entry) boolean(field string, s scalar) string {
	switch s.kind {
	case kAbsent, kNull:
		return ""
	case kBool:
		return s.text
	}
	e.add(field, "expected true or false, got %s", s.literal())
	return ""
}

// checkObject reports a value that is not an object, and the unknown and
// repeated keys of one that is; it returns whether the object can be read.
func checkObject[T any](rep *report, loc string, o *object[T]) bool {
	if o.kind != kObject {
		rep.add(loc, "expected an object, got %s", o.kind)
		return false
	}
	allowed := keysOf(&o.v, "json")
	for _, k := range o.unknown {
		if s := suggest(k, allowed); s != "" {
			rep.add(keyLoc(loc, k), "unknown field; did you mean %s?", s)
		} else {
			rep.add(keyLoc(loc, k), "unknown field; expected one of %s", strings.Join(allowed, ", "))
		}
	}
	for _, k := range o.repeats {
		rep.add(keyLoc(loc, k), "given more than once")
	}
	return true
}

// fileSourceSeen is where a source was first described in the file.
type fileSourceSeen struct {
	loc    string
	src    *fileSource
	listed bool // in the sources list, rather than nested in a figure
}

// buildDocument turns a decoded file into a batch, reporting every problem.
func buildDocument(rep *report, top *object[fileTop], opts Options) models.Batch {
	var batch models.Batch
	if top.kind != kObject {
		rep.add("file", "expected an object with metrics, sources and figures lists, got %s", top.kind)
		return batch
	}
	allowed := keysOf(&top.v, "json")
	for _, k := range top.unknown {
		hint := "expected metrics, sources and figures"
		if s := suggest(k, allowed); s != "" {
			hint = "did you mean " + s + "?"
		}
		rep.add(keyLoc("", k), "unknown field; %s", hint)
	}
	for _, k := range top.repeats {
		rep.add(keyLoc("", k), "given more than once")
	}
	t := &top.v
	for _, l := range []struct {
		name string
		kind kind
	}{{"metrics", t.Metrics.kind}, {"sources", t.Sources.kind}, {"figures", t.Figures.kind}} {
		if l.kind != kAbsent && l.kind != kNull && l.kind != kList {
			rep.add(l.name, "expected a list, got %s", l.kind)
		}
	}

	metricAt := map[string]string{}
	for i := range t.Metrics.items {
		loc := "metrics[" + strconv.Itoa(i) + "]"
		o := &t.Metrics.items[i]
		if !checkObject(rep, loc, o) {
			continue
		}
		e := newEntry(rep, func(field string) string { return loc + "." + field })
		m := e.metric(e.str("slug", o.v.Slug), e.str("label", o.v.Label), e.str("definition", o.v.Definition), e.str("unit", o.v.Unit))
		if first, dup := metricAt[m.Slug]; dup && m.Slug != "" {
			rep.add(loc+".slug", "duplicate metric %s, first at %s", quoted(m.Slug), first)
			continue
		}
		metricAt[m.Slug] = loc
		batch.Metrics = append(batch.Metrics, m)
	}

	sources := map[string]fileSourceSeen{}
	for i := range t.Sources.items {
		loc := "sources[" + strconv.Itoa(i) + "]"
		o := &t.Sources.items[i]
		if !checkObject(rep, loc, o) {
			continue
		}
		if s, ok := fileSourceOnce(rep, loc, &o.v, true, sources); ok {
			batch.Sources = append(batch.Sources, s)
		}
	}

	figureAt := map[string]string{}
	prog := progress{fn: opts.Progress}
	row := make([]string, len(export.Columns))
	for i := range t.Figures.items {
		loc := "figures[" + strconv.Itoa(i) + "]"
		o := &t.Figures.items[i]
		if !checkObject(rep, loc, o) {
			continue
		}
		f, src, ok := fileFigureOf(rep, loc, &o.v, row, sources)
		if ok {
			batch.Sources = append(batch.Sources, src)
		}
		if first, dup := figureAt[f.Key]; dup && f.Key != "" {
			rep.add(loc+".id", "duplicate figure id %s, first at %s", quoted(f.Key), first)
		} else {
			figureAt[f.Key] = loc
		}
		batch.Figures = append(batch.Figures, f)
		prog.add()
	}
	prog.done()
	return batch
}

// fileFigureOf builds the figure of one entry, and the source it embeds
// when the entry is the first to describe it.
func fileFigureOf(rep *report, loc string, ff *fileFigure, row []string, sources map[string]fileSourceSeen) (models.Figure, models.Source, bool) {
	nested := ff.Period.kind != kAbsent && ff.Period.kind != kNull
	flat := ff.PeriodStart.given() || ff.PeriodEnd.given() || ff.PeriodPrecision.given()
	e := newEntry(rep, func(field string) string {
		if p, ok := strings.CutPrefix(field, "period_"); ok && nested {
			return loc + ".period." + p
		}
		return loc + "." + field
	})
	for i := range row {
		row[i] = ""
	}
	row[cFigureID] = e.str("id", ff.ID)
	row[cQualifier] = e.str("qualifier", ff.Qualifier)
	row[cValue] = e.num("value", ff.Value)
	row[cValueLow] = e.num("value_low", ff.ValueLow)
	row[cValueHigh] = e.num("value_high", ff.ValueHigh)
	row[cValueText] = e.str("value_text", ff.ValueText)
	row[cUnit] = e.str("unit", ff.Unit)
	switch {
	case nested && flat:
		e.add("period", "give either period or period_start, period_end and period_precision, not both")
		e.bad = markAll(e.bad, "period_start", "period_end", "period_precision")
	case nested:
		if checkObject(rep, loc+".period", &ff.Period) {
			row[cPeriodStart] = e.str("period_start", ff.Period.v.Start)
			row[cPeriodEnd] = e.str("period_end", ff.Period.v.End)
			row[cPeriodPrecision] = e.str("period_precision", ff.Period.v.Precision)
		} else {
			e.bad = markAll(e.bad, "period_start", "period_end", "period_precision")
		}
	default:
		row[cPeriodStart] = e.str("period_start", ff.PeriodStart)
		row[cPeriodEnd] = e.str("period_end", ff.PeriodEnd)
		row[cPeriodPrecision] = e.str("period_precision", ff.PeriodPrecision)
	}
	row[cQuantityKind] = e.str("quantity_kind", ff.QuantityKind)
	row[cPopulation] = e.str("population", ff.Population)
	row[cActingState] = e.str("acting_state", ff.ActingState)
	row[cReceivingState] = e.str("receiving_state", ff.ReceivingState)
	row[cLocation] = e.str("location", ff.Location)
	row[cSubgroupOf] = e.str("subgroup_of", ff.SubgroupOf)
	row[cDerived] = e.boolean("derived", ff.Derived)
	row[cFormula] = e.str("formula", ff.Formula)
	row[cQuote] = e.str("quote", ff.Quote)
	row[cQuoteStart] = e.num("quote_start", ff.QuoteStart)
	row[cQuoteEnd] = e.num("quote_end", ff.QuoteEnd)
	row[cReportedBy] = e.str("reported_by", ff.ReportedBy)
	row[cStatus] = e.str("status", ff.Status)
	row[cRetractReason] = e.str("retract_reason", ff.RetractReason)
	row[cNotes] = e.str("notes", ff.Notes)
	row[cVersion] = e.num("version", ff.Version)

	// The metric by its slug, or as the JSON export nests it: only the slug
	// counts, metrics are defined in the metrics list.
	if ff.Metric.obj.kind == kObject {
		if checkObject(rep, loc+".metric", &ff.Metric.obj) {
			me := newEntry(rep, func(field string) string { return loc + ".metric." + field })
			row[cMetric] = me.str("slug", ff.Metric.obj.v.Slug)
		}
	} else {
		row[cMetric] = e.str("metric", ff.Metric.key)
	}

	// The source by its id, or nested as in the JSON export.
	var src models.Source
	var isNew bool
	if ff.Source.obj.kind == kObject {
		if checkObject(rep, loc+".source", &ff.Source.obj) {
			src, isNew = fileSourceOnce(rep, loc+".source", &ff.Source.obj.v, false, sources)
			row[cSourceID] = strings.TrimSpace(ff.Source.obj.v.ID.text)
		}
		e.bad = markAll(e.bad, "source") // its id is checked as the source's
	} else {
		row[cSourceID] = e.str("source", ff.Source.key)
	}

	return e.figure(row), src, isNew
}

// fileSourceOnce returns the source described at loc when it is the first
// description of its id; a later one must say the same.
func fileSourceOnce(rep *report, loc string, fs *fileSource, listed bool, seen map[string]fileSourceSeen) (models.Source, bool) {
	e := newEntry(rep, func(field string) string { return loc + "." + field })
	key := strings.TrimSpace(e.str("id", fs.ID))
	if first, ok := seen[key]; ok && key != "" {
		if first.listed && listed {
			rep.add(loc+".id", "duplicate source %s, first at %s", quoted(key), first.loc)
			return models.Source{}, false
		}
		a, b := sourceFields(first.src), sourceFields(fs)
		for i, name := range sourceFieldNames {
			if a[i] != b[i] {
				rep.add(loc+"."+name, "differs from %s, which has the same id %s: %s there, %s here",
					first.loc, quoted(key), quoted(a[i]), quoted(b[i]))
			}
		}
		return models.Source{}, false
	}
	cells := make([]string, len(export.SourceColumnNames))
	cells[sID] = key
	cells[sTitle] = e.str("title", fs.Title)
	cells[sKind] = e.str("kind", fs.Kind)
	cells[sPublisher] = e.str("publisher", fs.Publisher)
	cells[sAuthors] = e.str("authors", fs.Authors)
	cells[sAuthorAffiliation] = e.str("author_affiliation", fs.AuthorAffiliation)
	cells[sPublishedOn] = e.str("published_on", fs.PublishedOn)
	cells[sURL] = e.str("url", fs.URL)
	cells[sArchiveURL] = e.str("archive_url", fs.ArchiveURL)
	cells[sLanguage] = e.str("language", fs.Language)
	cells[sAccessedOn] = e.str("accessed_on", fs.AccessedOn)
	cells[sTextSHA256] = e.str("text_sha256", fs.TextSHA256)
	s := e.source(cells, e.str("notes", fs.Notes))
	if key != "" {
		seen[key] = fileSourceSeen{loc: loc, src: fs, listed: listed}
	}
	return s, true
}

// sourceFieldNames and sourceFields compare two descriptions of a source.
var sourceFieldNames = []string{"title", "kind", "publisher", "authors", "author_affiliation", "published_on",
	"url", "archive_url", "language", "accessed_on", "text_sha256", "notes"}

func sourceFields(s *fileSource) []string {
	out := make([]string, 0, len(sourceFieldNames))
	for _, v := range []scalar{s.Title, s.Kind, s.Publisher, s.Authors, s.AuthorAffiliation, s.PublishedOn,
		s.URL, s.ArchiveURL, s.Language, s.AccessedOn, s.TextSHA256, s.Notes} {
		if v.given() {
			out = append(out, v.text)
		} else {
			out = append(out, "")
		}
	}
	return out
}

// keyLoc is the location of key in the object at loc: loc.key, or
// loc["key"] when the key is empty or more than a plain name.
func keyLoc(loc, key string) string {
	plain := key != ""
	for _, r := range key {
		plain = plain && (r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	switch {
	case plain && loc == "":
		return key
	case plain:
		return loc + "." + key
	}
	return loc + "[" + quoted(key) + "]"
}

func markAll(m map[string]bool, fields ...string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	for _, f := range fields {
		m[f] = true
	}
	return m
}
