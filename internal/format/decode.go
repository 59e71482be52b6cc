package format

import (
	"strings"

	"forcedreturns/models"
)

// Every input (a CSV row, a YAML or JSON object, a request body) is read
// into a figureInput, or a source's or metric's fields, and then converted
// by the same code: so the conversions, their messages and the checks are
// written once, and what an export writes is by construction what the
// importer and the write API understand.

// entry converts the cells of one figure, source or metric, reporting each
// problem once under the field's model name (as Validate names it); loc
// turns that name into the file's location ("row 7, value").
type entry struct {
	r   Problems
	loc func(field string) string
	bad map[string]bool // fields already reported: Validate's view of them would repeat it
}

func newEntry(r Problems, loc func(string) string) *entry {
	return &entry{r: r, loc: loc}
}

func (e *entry) add(field, format string, args ...any) {
	if e.bad == nil {
		e.bad = map[string]bool{}
	}
	e.bad[field] = true
	add(e.r, e.loc(field), format, args...)
}

// validate reports the problems of a model's Validate that were not
// reported already.
func (e *entry) validate(err error) {
	addInvalid(e.r, filterFields(err, e.bad), e.loc)
}

func filterFields(err error, skip map[string]bool) error {
	if err == nil || len(skip) == 0 {
		return err
	}
	var kept []models.FieldError
	for _, f := range models.FieldErrors(err) {
		if !skip[f.Field] {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return &models.Error{Code: models.EInvalid, Fields: kept}
}

// int reads a whole number; an empty cell is absent.
func (e *entry) int(field, s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	n, err := models.ParseWholeNumber(s)
	if err != nil {
		if q, qerr := models.ParseQuantity(s); qerr == nil && field == "value" {
			switch q.Qualifier {
			case models.QualExact:
				e.add(field, "%v", err)
			case models.QualRange:
				e.add(field, "%v (a range goes in value_low and value_high, with qualifier range)", err)
			default:
				e.add(field, "%v (write the words in qualifier, e.g. %s)", err, q.Qualifier)
			}
		} else if WordsOnly(field, s) {
			e.add(field, "%v"+WordsHint, err)
		} else {
			e.add(field, "%v", err)
		}
		return 0, false
	}
	return n, true
}

// WordsHint ends the problem of words without a number written as the
// value ("dozens"), saying where they go: a figure that gives no number is
// entered as such, never as a number someone chose.
const WordsHint = " (when the source gives only words such as “dozens”, leave value empty, put the words in value_text and set qualifier " +
	string(models.QualUnquantified) + ")"

// WordsOnly reports whether s, written as field, is words without a
// number: its problem then ends with WordsHint.
func WordsOnly(field, s string) bool {
	return field == "value" && !strings.ContainsAny(s, "0123456789")
}

func (e *entry) intPtr(field, s string) *int {
	n, ok := e.int(field, s)
	if !ok {
		return nil
	}
	if int64(int(n)) != n {
		e.add(field, "expected a whole number such as 41, got %s", quoted(s))
		return nil
	}
	v := int(n)
	return &v
}

// bool reads true or false in any case; an empty cell is false.
func (e *entry) bool(field, s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true
	case "false", "":
		return false
	}
	e.add(field, "expected true or false, got %s", quoted(s))
	return false
}

// date reads a full date; an empty cell is unset.
func (e *entry) date(field, s string) models.Date {
	s = strings.TrimSpace(s)
	var d models.Date
	if s == "" {
		return d
	}
	if err := d.UnmarshalText([]byte(s)); err != nil {
		e.add(field, "%v", err)
	}
	return d
}

// partialDate reads a date written to its precision ("2023", "2023-12" or
// "2023-12-05"); empty is the zero date, which validation then reports
// where the field is required.
func (e *entry) partialDate(field, s string) models.PartialDate {
	s = strings.TrimSpace(s)
	if s == "" {
		return models.PartialDate{}
	}
	d, err := models.ParsePartialDate(s)
	if err != nil {
		e.add(field, "%v", err)
	}
	return d
}

// periodFields are the fields a period is read from.
var periodFields = []string{"period_start", "period_end", "period_precision", "period_end_precision"}

// period reads a period from its bounds, written as full dates (as the
// export writes them) or partial ones ("2017-07", "2019" to
// "2023-12-05"), and the optional precisions of its start and its end.
// Each end's precision is inferred from how it is written, as
// models.ParsePeriod does; a precision given as well may be coarser (full
// dates with month precision, as exported: Validate then checks that they
// span whole months) but not finer than the date. An empty end precision
// is the start's precision when that is given (a file written before each
// end had its own precision), or else inferred from the end.
func (e *entry) period(start, end, precision, endPrecision string) models.Period {
	start, end = strings.TrimSpace(start), strings.TrimSpace(end)
	precision, endPrecision = strings.TrimSpace(precision), strings.TrimSpace(endPrecision)
	var p models.Period
	var sp, ep models.PartialDate
	var err error
	okStart, okEnd := start != "", true
	if okStart {
		if sp, err = models.ParsePartialDate(start); err != nil {
			e.add("period_start", "%v", err)
			okStart = false
		}
	}
	if end != "" {
		if ep, err = models.ParsePartialDate(end); err != nil {
			e.add("period_end", "%v", err)
			okEnd = false
		}
	} else {
		ep = sp // "July 2017": the end is the start's end
		if !okStart && e.bad["period_start"] {
			e.bad["period_end"] = true
		}
	}
	p.Start, p.End = sp.Start, ep.End
	if !okStart || !okEnd {
		p.Precision, p.EndPrecision = models.Precision(precision), models.Precision(endPrecision)
		if precision == "" {
			p.Precision = models.PrecisionDay // the bounds' problems are what to report
		}
		if endPrecision == "" {
			p.EndPrecision = p.Precision
		}
		return p
	}
	if precision != "" && endPrecision == "" {
		return e.onePrecision(p, models.Precision(precision), sp, ep, start, orSame(end, start))
	}
	p.Precision = e.boundPrecision("period_precision", precision, sp, start)
	p.EndPrecision = e.boundPrecision("period_end_precision", endPrecision, ep, orSame(end, start))
	return p
}

// onePrecision gives both ends of p the precision g, as a file written
// before each end had its own precision means it, unless g is finer than
// either date; the problem is then reported once, under period_precision,
// the one precision the file gave.
func (e *entry) onePrecision(p models.Period, g models.Precision, sp, ep models.PartialDate, start, end string) models.Period {
	p.Precision, p.EndPrecision = g, g
	if !g.Valid() || (g.Rank() >= sp.Precision.Rank() && g.Rank() >= ep.Precision.Rank()) {
		return p // an unknown precision is Validate's to report
	}
	if sp.Precision == ep.Precision {
		e.add("period_precision", "%s is finer than the dates, which are written to %s precision (%s to %s): write full dates or use %s",
			g, sp.Precision, start, end, sp.Precision)
	} else {
		e.add("period_precision", "%s is finer than the dates, which are written to %s and %s precision (%s to %s): write full dates, or give the end's precision as period_end_precision",
			g, sp.Precision, ep.Precision, start, end)
	}
	p.Precision, p.EndPrecision = sp.Precision, ep.Precision
	return p
}

// boundPrecision returns the precision of one end of a period written as
// text (d, as parsed): the one given, unless it is finer than the text
// (which would claim days the source never gave), or the text's own.
func (e *entry) boundPrecision(field, given string, d models.PartialDate, text string) models.Precision {
	g := models.Precision(given)
	switch {
	case given == "":
		return d.Precision
	case !g.Valid():
		return g // Validate says what is expected
	case g.Rank() < d.Precision.Rank():
		e.add(field, "%s is finer than the date %s, which is written to %s precision: write a full date or use %s",
			g, text, d.Precision, d.Precision)
		return d.Precision
	}
	return g
}

func orSame(s, other string) string {
	if s == "" {
		return other
	}
	return s
}

// version reads the version of a figure or a source, the optimistic lock
// of an import; an empty cell is 0, no lock.
func (e *entry) version(s string) int {
	v, ok := e.int("version", s)
	if ok && (v < 0 || v > 1<<31-1) {
		e.add("version", "expected the version, a whole number from 0, got %s", quoted(s))
		return 0
	}
	return int(v)
}

// figureInput is one figure as read, before its numbers, flag and period
// are parsed: its text fields are in place in f, the others as written (a
// CSV cell, a YAML or JSON literal), so that every input parses them by the
// same rules and reports the same messages.
type figureInput struct {
	f                                                   models.Figure
	value, valueLow, valueHigh, quoteStart, quoteEnd    string
	version, derived, periodStart, periodEnd, precision string
	endPrecision                                        string
}

// figure parses, normalises and validates the figure of in.
func (e *entry) figure(in *figureInput) models.Figure {
	f := in.f
	f.Qualifier = models.Qualifier(strings.TrimSpace(string(f.Qualifier)))
	f.Kind = models.QuantityKind(strings.TrimSpace(string(f.Kind)))
	f.Status = models.Status(strings.TrimSpace(string(f.Status)))
	var hasValue, hasLow, hasHigh bool
	f.Value, hasValue = e.int("value", in.value)
	f.ValueLow, hasLow = e.int("value_low", in.valueLow)
	f.ValueHigh, hasHigh = e.int("value_high", in.valueHigh)
	f.Period = e.period(in.periodStart, in.periodEnd, in.precision, in.endPrecision)
	f.Derived = e.bool("derived", in.derived)
	f.QuoteStart = e.intPtr("quote_start", in.quoteStart)
	f.QuoteEnd = e.intPtr("quote_end", in.quoteEnd)
	if e.bad["quote_start"] || e.bad["quote_end"] {
		e.bad = markAll(e.bad, "quote_start", "quote_end") // they are checked as a pair
	}
	f.Version = e.version(in.version)
	f.Normalize()

	// A missing number would read as 0, which Validate accepts. A figure
	// that gives no number (unquantified) needs none: its cells are empty.
	if f.Qualifier.Valid() {
		given := map[string]bool{"value": hasValue, "value_low": hasLow, "value_high": hasHigh}
		for _, field := range f.Qualifier.NumberFields() {
			if given[field] || e.bad[field] {
				continue
			}
			if f.Qualifier == models.QualRange {
				e.add(field, "required for a range")
			} else {
				e.add(field, "required unless qualifier is range or %s", models.QualUnquantified)
			}
		}
	}
	e.validate(f.Validate())
	return f
}

// source parses the dates and the version of s, given as written, and
// normalises and validates it. An empty version is 0: no lock.
func (e *entry) source(s models.Source, publishedOn, accessedOn, version string) models.Source {
	s.Kind = models.SourceKind(strings.TrimSpace(string(s.Kind)))
	s.SetPublished(e.partialDate("published_on", publishedOn))
	s.AccessedOn = e.date("accessed_on", accessedOn)
	s.Version = e.version(version)
	normalize(&s)
	e.validate(s.Validate())
	return s
}

// metric validates a metric.
func (e *entry) metric(m models.Metric) models.Metric {
	normalize(&m)
	e.validate(m.Validate())
	return m
}

// normalize calls v.Normalize if the model has one. Figure has; Source and
// Metric do not (yet), so their fields are validated as written, and a
// stray space is an error rather than silently trimmed.
func normalize(v any) {
	if n, ok := v.(interface{ Normalize() }); ok {
		n.Normalize()
	}
}
