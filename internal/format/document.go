package format

import (
	"strconv"
	"strings"
	"unicode"

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
	if len(s.text) > MaxFieldBytes {
		e.add(field, "is %d bytes long; the limit is %s", len(s.text), models.SizeText(MaxFieldBytes))
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
	switch {
	case s.kind == kString && WordsOnly(field, s.text):
		e.add(field, "expected a whole number such as 41, got %s"+WordsHint, s.literal())
	case s.kind == kString && !s.yaml:
		// "value": "5" is a JSON string: say so, not only that 5 was
		// expected, which reads as if "5" were not 5.
		models.QuotedNumber(s.text, s.literal(), func(format string, args ...any) { e.add(field, format, args...) })
	default:
		e.add(field, "expected a whole number such as 41, got %s", s.literal())
	}
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
// also are keys accepted besides the shape's.
func checkObject[T any](rep Problems, loc string, o *object[T], also ...string) bool {
	if o.kind != kObject {
		add(rep, orBody(loc), "expected an object, got %s", o.kind)
		return false
	}
	allowed := keysOf(&o.v, "json")
	if len(also) > 0 {
		allowed = append(append([]string(nil), allowed...), also...)
	}
	for _, k := range o.unknown {
		if s := models.Closest(k, allowed); s != "" {
			add(rep, keyLoc(loc, k), "unknown field; did you mean %s?", s)
		} else {
			add(rep, keyLoc(loc, k), "unknown field; expected one of %s", strings.Join(allowed, ", "))
		}
	}
	for _, k := range o.repeats {
		add(rep, keyLoc(loc, k), "given more than once")
	}
	return true
}

// fileSourceSeen is where a source was first described in the file.
type fileSourceSeen struct {
	loc    string
	src    *fileSource
	listed bool // in the sources list, rather than nested in a figure
}

// buildDocument turns a decoded file into a batch, reporting every problem;
// it calls each (if not nil) after every figure.
func buildDocument(rep Problems, top *object[fileTop], each func()) models.Batch {
	var batch models.Batch
	if top.kind != kObject {
		add(rep, "file", "expected an object with metrics, sources and figures lists, got %s", top.kind)
		return batch
	}
	allowed := keysOf(&top.v, "json")
	for _, k := range top.unknown {
		hint := "expected metrics, sources and figures"
		if s := models.Closest(k, allowed); s != "" {
			hint = "did you mean " + s + "?"
		}
		add(rep, keyLoc("", k), "unknown field; %s", hint)
	}
	for _, k := range top.repeats {
		add(rep, keyLoc("", k), "given more than once")
	}
	t := &top.v
	for _, l := range []struct {
		name string
		kind kind
	}{{"metrics", t.Metrics.kind}, {"sources", t.Sources.kind}, {"figures", t.Figures.kind}} {
		if l.kind != kAbsent && l.kind != kNull && l.kind != kList {
			add(rep, l.name, "expected a list, got %s", l.kind)
		}
	}

	metricAt := map[string]string{}
	for i := range t.Metrics.items {
		loc := "metrics[" + strconv.Itoa(i) + "]"
		o := &t.Metrics.items[i]
		if !checkObject(rep, loc, o) {
			continue
		}
		e := newEntry(rep, func(field string) string { return join(loc, field) })
		m := e.metric(models.Metric{
			Slug: e.str("slug", o.v.Slug), Label: e.str("label", o.v.Label), Definition: e.str("definition", o.v.Definition), Unit: e.str("unit", o.v.Unit),
			LabelKo: e.str("label_ko", o.v.LabelKo), DefinitionKo: e.str("definition_ko", o.v.DefinitionKo),
		})
		if first, dup := metricAt[m.Slug]; dup && m.Slug != "" {
			add(rep, loc+".slug", "duplicate metric %s, first at %s", quoted(m.Slug), first)
			continue
		}
		metricAt[m.Slug] = loc
		batch.Metrics = append(batch.Metrics, m)
		omit(&batch.MetricOmitted, m.Slug, metricOmitted(&o.v))
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
			omit(&batch.SourceOmitted, s.Key, sourceOmitted(&o.v))
		}
	}

	figureAt := map[string]string{}
	for i := range t.Figures.items {
		loc := "figures[" + strconv.Itoa(i) + "]"
		o := &t.Figures.items[i]
		if !checkObject(rep, loc, o) {
			continue
		}
		f, src, ok := fileFigureOf(rep, loc, &o.v, sources)
		if ok {
			batch.Sources = append(batch.Sources, src)
			omit(&batch.SourceOmitted, src.Key, sourceOmitted(&o.v.Source.obj.v))
		}
		omit(&batch.FigureOmitted, f.Key, figureOmitted(&o.v))
		if first, dup := figureAt[f.Key]; dup && f.Key != "" {
			add(rep, loc+".id", "duplicate figure id %s, first at %s", quoted(f.Key), first)
		} else {
			figureAt[f.Key] = loc
		}
		batch.Figures = append(batch.Figures, f)
		if each != nil {
			each()
		}
	}
	return batch
}

// fileFigureOf builds the figure of one entry, and the source it embeds
// when the entry is the first to describe it.
func fileFigureOf(rep Problems, loc string, ff *fileFigure, sources map[string]fileSourceSeen) (models.Figure, models.Source, bool) {
	nested := ff.Period.kind != kAbsent && ff.Period.kind != kNull
	flat := ff.PeriodStart.given() || ff.PeriodEnd.given() || ff.PeriodPrecision.given() || ff.PeriodEndPrec.given()
	e := newEntry(rep, func(field string) string {
		if p, ok := strings.CutPrefix(field, "period_"); ok && nested {
			return join(loc, "period."+p)
		}
		return join(loc, field)
	})
	in := figureInput{}
	f := &in.f
	f.Key = e.str("id", ff.ID)
	f.Qualifier = models.Qualifier(e.str("qualifier", ff.Qualifier))
	in.value = e.num("value", ff.Value)
	in.valueLow = e.num("value_low", ff.ValueLow)
	in.valueHigh = e.num("value_high", ff.ValueHigh)
	f.ValueText = e.str("value_text", ff.ValueText)
	f.Unit = e.str("unit", ff.Unit)
	switch {
	case nested && flat:
		e.add("period", "give either period or period_start, period_end, period_precision and period_end_precision, not both")
		e.bad = markAll(e.bad, periodFields...)
	case nested:
		if checkObject(rep, join(loc, "period"), &ff.Period) {
			in.periodStart = e.str("period_start", ff.Period.v.Start)
			in.periodEnd = e.str("period_end", ff.Period.v.End)
			in.precision = e.str("period_precision", ff.Period.v.Precision)
			in.endPrecision = e.str("period_end_precision", ff.Period.v.EndPrecision)
		} else {
			e.bad = markAll(e.bad, periodFields...)
		}
	default:
		in.periodStart = e.str("period_start", ff.PeriodStart)
		in.periodEnd = e.str("period_end", ff.PeriodEnd)
		in.precision = e.str("period_precision", ff.PeriodPrecision)
		in.endPrecision = e.str("period_end_precision", ff.PeriodEndPrec)
	}
	f.Kind = models.QuantityKind(e.str("quantity_kind", ff.QuantityKind))
	f.Population = e.str("population", ff.Population)
	f.ActingState = e.str("acting_state", ff.ActingState)
	f.ReceivingState = e.str("receiving_state", ff.ReceivingState)
	f.Location = e.str("location", ff.Location)
	f.SubgroupOf = e.str("subgroup_of", ff.SubgroupOf)
	f.ShareOf = e.str("share_of", ff.ShareOf)
	in.derived = e.boolean("derived", ff.Derived)
	f.Formula = e.str("formula", ff.Formula)
	f.Quote = e.str("quote", ff.Quote)
	in.quoteStart = e.num("quote_start", ff.QuoteStart)
	in.quoteEnd = e.num("quote_end", ff.QuoteEnd)
	// Absent means empty, not "leave as is": a file written before
	// paraphrases existed holds quotes only.
	f.Paraphrase = e.str("paraphrase", ff.Paraphrase)
	f.ParaphrasedBy = e.str("paraphrased_by", ff.ParaphrasedBy)
	f.ReportedBy = e.str("reported_by", ff.ReportedBy)
	f.Status = models.Status(e.str("status", ff.Status))
	f.RetractReason = e.str("retract_reason", ff.RetractReason)
	f.Notes = e.str("notes", ff.Notes)
	in.version = e.num("version", ff.Version)

	// The metric by its slug, or as the JSON export nests it: only the slug
	// counts, metrics are defined in the metrics list.
	if ff.Metric.obj.kind == kObject {
		if checkObject(rep, join(loc, "metric"), &ff.Metric.obj) {
			me := newEntry(rep, func(field string) string { return join(loc, "metric."+field) })
			f.Metric = me.str("slug", ff.Metric.obj.v.Slug)
		}
	} else {
		f.Metric = e.str("metric", ff.Metric.key)
	}

	// The source by its id, or nested as in the JSON export.
	var src models.Source
	var isNew bool
	if ff.Source.obj.kind == kObject {
		if checkObject(rep, join(loc, "source"), &ff.Source.obj) {
			src, isNew = fileSourceOnce(rep, join(loc, "source"), &ff.Source.obj.v, false, sources)
			f.Source = strings.TrimSpace(ff.Source.obj.v.ID.text)
		}
		e.bad = markAll(e.bad, "source") // its id is checked as the source's
	} else {
		f.Source = e.str("source", ff.Source.key)
	}

	return e.figure(&in), src, isNew
}

// fileSourceOnce returns the source described at loc when it is the first
// description of its id; a later one must say the same.
func fileSourceOnce(rep Problems, loc string, fs *fileSource, listed bool, seen map[string]fileSourceSeen) (models.Source, bool) {
	e := newEntry(rep, func(field string) string { return join(loc, field) })
	key := strings.TrimSpace(e.str("id", fs.ID))
	if first, ok := seen[key]; ok && key != "" {
		if first.listed && listed {
			add(rep, loc+".id", "duplicate source %s, first at %s", quoted(key), first.loc)
			return models.Source{}, false
		}
		a, b := sourceFields(first.src), sourceFields(fs)
		for i, name := range sourceFieldNames {
			if a[i] != b[i] {
				add(rep, loc+"."+name, "differs from %s, which has the same id %s: %s there, %s here",
					first.loc, quoted(key), quoted(a[i]), quoted(b[i]))
			}
		}
		return models.Source{}, false
	}
	s := sourceOf(e, key, fs)
	if key != "" {
		seen[key] = fileSourceSeen{loc: loc, src: fs, listed: listed}
	}
	return s, true
}

// sourceFieldNames and sourceFields compare two descriptions of a source.
var sourceFieldNames = []string{"title", "title_en", "title_ko", "kind", "publisher", "authors", "author_affiliation", "published_on",
	"url", "archive_url", "language", "accessed_on", "text_sha256", "notes", "original", "version"}

func sourceFields(s *fileSource) []string {
	out := make([]string, 0, len(sourceFieldNames))
	for _, v := range []scalar{s.Title, s.TitleEn, s.TitleKo, s.Kind, s.Publisher, s.Authors, s.AuthorAffiliation, s.PublishedOn,
		s.URL, s.ArchiveURL, s.Language, s.AccessedOn, s.TextSHA256, s.Notes, s.Original, s.Version} {
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

// sourceOf reads the source fs, whose id is key, in the order of its
// columns.
func sourceOf(e *entry, key string, fs *fileSource) models.Source {
	s := models.Source{Key: key}
	s.Title = e.str("title", fs.Title)
	s.TitleEn = e.str("title_en", fs.TitleEn)
	s.TitleKo = e.str("title_ko", fs.TitleKo)
	s.Kind = models.SourceKind(e.str("kind", fs.Kind))
	s.Publisher = e.str("publisher", fs.Publisher)
	s.Authors = e.str("authors", fs.Authors)
	s.AuthorAffiliation = e.str("author_affiliation", fs.AuthorAffiliation)
	publishedOn := e.str("published_on", fs.PublishedOn)
	s.URL = e.str("url", fs.URL)
	s.ArchiveURL = e.str("archive_url", fs.ArchiveURL)
	s.Language = e.str("language", fs.Language)
	accessedOn := e.str("accessed_on", fs.AccessedOn)
	s.TextSHA256 = e.str("text_sha256", fs.TextSHA256)
	s.Notes = e.str("notes", fs.Notes)
	s.Original = e.str("original", fs.Original)
	return e.source(s, publishedOn, accessedOn, e.num("version", fs.Version))
}

// orBody names the top of a request body, which has no path.
func orBody(loc string) string {
	if loc == "" {
		return "body"
	}
	return loc
}
