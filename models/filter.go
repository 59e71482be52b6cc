package models

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// FigureFilter selects figures. The same filter drives the figures page,
// the JSON API, the CSV export and the command line, so that a permalink,
// a download and a script all see the same rows.
type FigureFilter struct {
	Metrics         []string    // metric slugs; any of them
	Sources         []string    // source keys; any of them
	From, To        Date        // the figure's period overlaps [From, To]; zero = open
	ActingStates    []string    // ISO codes; any of them
	ReceivingStates []string    // ISO codes; any of them
	Qualifiers      []Qualifier // any of them
	Statuses        []Status    // any of them; empty = published and retracted (all public figures)
	// Populations and Units are exact values; any of them. In
	// ActingStates and ReceivingStates, "" stands for none stated
	// (the parameter value none).
	Populations []string
	Units       []string
	Kinds       []QuantityKind // any of them
	// Starts holds the first day of the period (param starts: a day,
	// a month or a year); zero = any.
	Starts PartialDate
	// Summarised keeps only the figures the overview's summaries count
	// (Figure.Summarised): published, neither a subgroup nor a share.
	Summarised bool
	Sort       string // one of SortKeys, "-" prefix for descending
	Limit      int    // 0 = no limit
	Offset     int
	// Cursor, when set, places the page by keyset instead of Offset (a
	// next or previous link); it was made in the same Sort.
	Cursor *Cursor
	// Audience is who the list is for, never read from the query: the
	// store keeps only the statuses it may see, so for the public a
	// status=draft filter matches nothing.
	Audience Audience
}

// FacetValues are the values stored in the free-text columns a figure
// list filters on exactly, for the filter form's suggestions
// (store.FacetValues); nil where there are none to suggest.
type FacetValues struct {
	ActingStates, ReceivingStates, Populations, Units []string
}

// AllFigures selects every figure the audience may see, whatever its
// status: the checks and a figure's neighbours look at drafts too, for
// editors.
func AllFigures(aud Audience) FigureFilter {
	return FigureFilter{Statuses: Statuses, Audience: aud}
}

// SortKeys are the orders a figure list can take; every order ends with the
// figure's key so that pages never overlap or skip rows.
var SortKeys = []string{"period", "value", "metric", "source", "updated", "id"}

// MaxPageSize bounds one page of a list.
const MaxPageSize = 500

// FilterParams names the query parameters ParseFigureFilter reads.
var FilterParams = []string{"metric", "source", "from", "to", "acting", "receiving", "qualifier", "status", "population", "unit", "kind", "starts", "summarised", "sort", "limit", "offset", "page", "cursor"}

// ParseFigureFilter reads a filter from query parameters. Lists may repeat a
// parameter or separate values by commas. Every error names the parameter
// and what it expects.
func ParseFigureFilter(q url.Values) (FigureFilter, error) {
	r := filterQuery{q: q}
	var f FigureFilter
	f.Metrics = r.checked(r.list("metric"), metricSlug.MatchString, func(v string) {
		r.p.Add("metric", "expected metric slugs such as apprehended, got %q", v)
	})
	f.Sources = r.checked(r.list("source"), ValidKey, func(v string) {
		r.p.Add("source", "expected source ids ("+keyExpected+"), got %q", v)
	})
	f.From, f.To = r.period()
	f.ActingStates = r.states("acting")
	f.ReceivingStates = r.states("receiving")
	f.Qualifiers = r.qualifiers()
	f.Statuses = r.statuses()
	f.Populations = r.whole("population")
	f.Units = r.whole("unit")
	f.Kinds = asStrings[QuantityKind](r.checked(r.list("kind"), func(s string) bool { return slices.Contains(QuantityKinds, QuantityKind(s)) }, func(v string) {
		r.p.Add("kind", "expected flow, stock or cumulative, got %q", v)
	}))
	f.Starts = r.partialDate("starts")
	f.Summarised = r.flag("summarised")
	f.Sort = r.sort()
	f.Limit, f.Offset = r.paging()
	f.Cursor = r.cursor(f.Sort, f.Offset)
	return f, r.p.Err("filter")
}

// filterQuery reads the parameters of a figure filter, gathering every
// problem rather than stopping at the first, so that one answer says all
// that is wrong with a link.
type filterQuery struct {
	q url.Values
	p Problems
}

// maxListValues bounds the values of one list parameter: every value is
// repeated in each link of the page that answers (a chart's marks, its
// filters), so a few thousand ids made pages of 80 MB.
const maxListValues = 100

// list reads a list parameter: repeated, comma separated or both, with
// blanks dropped; more than maxListValues is a problem, and then none is
// read.
func (r *filterQuery) list(name string) []string {
	var out []string
	for _, v := range r.q[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return r.bounded(name, out)
}

// bounded returns values, or nil with a problem if they are more than
// maxListValues.
func (r *filterQuery) bounded(name string, values []string) []string {
	if len(values) > maxListValues {
		r.p.Add(name, "expected at most %d values, got %d", maxListValues, len(values))
		return nil
	}
	return values
}

// checked reports each of values that valid refuses (refuse adds the
// problem, saying what was expected), and returns values whole: with a
// problem the filter is not used anyway.
func (r *filterQuery) checked(values []string, valid func(string) bool, refuse func(v string)) []string {
	for _, v := range values {
		if !valid(v) {
			refuse(Clip(v, 40)) // a long value is not repeated whole
		}
	}
	return values
}

// states reads a list of ISO country codes, in either case, or none
// (no state stated), which it reads as "". A refused value is echoed as
// it was typed ("China", not the "CHINA" it was checked as).
func (r *filterQuery) states(name string) []string {
	codes := r.checked(r.list(name), func(c string) bool {
		c = strings.ToUpper(c)
		return c == "NONE" || ValidState(c)
	}, func(v string) {
		r.p.Add(name, "expected a two-letter ISO 3166-1 code such as CN or KP, or none, got %q", v)
	})
	for i := range codes {
		codes[i] = strings.ToUpper(codes[i])
	}
	for i := range codes {
		if codes[i] == "NONE" {
			codes[i] = ""
		}
	}
	return codes
}

// whole reads a parameter whose values are taken whole (a population
// may hold a comma), repeated for several: each one line of text.
func (r *filterQuery) whole(name string) []string {
	var out []string
	for _, v := range r.q[name] {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		var p Problems
		checkLine(&p, name, v, 1, 200)
		if p.Err("") != nil || strings.ContainsAny(v, "\r\n") {
			r.p.Add(name, "expected one line of text of at most 200 characters, got %q", Clip(v, 30))
		}
		out = append(out, v)
	}
	return r.bounded(name, out)
}

// flag reads true or false; absent, false.
func (r *filterQuery) flag(name string) bool {
	switch v := strings.TrimSpace(r.q.Get(name)); v {
	case "", "false":
		return false
	case "true":
		return true
	default:
		r.p.Add(name, "expected true or false, got %q", Clip(v, 30))
		return false
	}
}

func (r *filterQuery) qualifiers() []Qualifier {
	valid := func(s string) bool { return Qualifier(s).Valid() }
	return asStrings[Qualifier](r.checked(r.list("qualifier"), valid, func(v string) {
		r.p.Add("qualifier", "expected %s, got %q", QualifierNames(), v)
	}))
}

func (r *filterQuery) statuses() []Status {
	valid := func(s string) bool {
		st := Status(s)
		return st == StatusDraft || st == StatusPublished || st == StatusRetracted
	}
	return asStrings[Status](r.checked(r.list("status"), valid, func(v string) {
		r.p.Add("status", "expected draft, published or retracted, got %q", v)
	}))
}

// asStrings converts values to a string type, keeping nil for none.
func asStrings[T ~string](values []string) []T {
	var out []T
	for _, v := range values {
		out = append(out, T(v))
	}
	return out
}

// period reads from and to. A partial date stands for its whole span, so
// from keeps its first day and to its last: to=2017 includes December.
func (r *filterQuery) period() (from, to Date) {
	from, to = r.partialDate("from").Start, r.partialDate("to").End
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		r.p.Add("to", "must not be before from (%s)", from)
	}
	return from, to
}

func (r *filterQuery) partialDate(name string) PartialDate {
	v := strings.TrimSpace(r.q.Get(name))
	if v == "" {
		return PartialDate{}
	}
	d, err := ParsePartialDate(v)
	if err != nil {
		r.p.Add(name, "%v", err)
	}
	return d
}

func (r *filterQuery) sort() string {
	v := strings.TrimSpace(r.q.Get("sort"))
	if v != "" && !validSort(v) {
		r.p.Add("sort", "expected one of %s (prefix - for descending), got %q", strings.Join(SortKeys, ", "), v)
	}
	return v
}

// paging reads limit and offset, or a page number that sets the offset in
// pages of limit rows (DefaultPageSize without a limit).
func (r *filterQuery) paging() (limit, offset int) {
	limit = r.number("limit", 1, MaxPageSize)
	offset = r.number("offset", 0, 1<<30)
	if page := r.number("page", 1, 1<<20); page > 1 {
		size := limit
		if size == 0 {
			size = DefaultPageSize
		}
		offset = (page - 1) * size
	}
	return limit, offset
}

// cursor reads the keyset position of a next or previous link, which
// belongs to the list's order and replaces an offset.
func (r *filterQuery) cursor(sort string, offset int) *Cursor {
	v := strings.TrimSpace(r.q.Get("cursor"))
	if v == "" {
		return nil
	}
	c, err := ParseCursor(v)
	if err != nil {
		r.p.Prefix("", err)
		return nil
	}
	switch {
	case !SameOrder(c.Sort, sort):
		r.p.Add("cursor", "the cursor was made for sort=%s, not sort=%s: follow the links of this list", orderName(c.Sort), orderName(sort))
		return nil
	case offset > 0:
		r.p.Add("cursor", "a cursor cannot be combined with offset or page")
		return nil
	}
	return &c
}

func orderName(sort string) string {
	if sort == "" {
		return "period"
	}
	return sort
}

// number reads a whole number from min to max; absent or refused, it is 0.
func (r *filterQuery) number(name string, min, max int) int {
	v := strings.TrimSpace(r.q.Get(name))
	if v == "" {
		return 0
	}
	n, err := ParseWholeNumber(v)
	if err != nil || n < int64(min) || n > int64(max) {
		r.p.Add(name, "expected a whole number from %d to %d, got %q", min, max, v)
		return 0
	}
	return int(n)
}

// DefaultPageSize is the page size of lists when none is asked for.
const DefaultPageSize = 50

func validSort(s string) bool {
	s = strings.TrimPrefix(s, "-")
	for _, k := range SortKeys {
		if s == k {
			return true
		}
	}
	return false
}

// Values writes the filter back as query parameters (without paging), the
// inverse of ParseFigureFilter: used for permalinks and download links.
func (f FigureFilter) Values() url.Values {
	v := url.Values{}
	join := func(name string, xs []string) {
		if len(xs) > 0 {
			v.Set(name, strings.Join(xs, ","))
		}
	}
	join("metric", f.Metrics)
	join("source", f.Sources)
	if !f.From.IsZero() {
		v.Set("from", f.From.String())
	}
	if !f.To.IsZero() {
		v.Set("to", f.To.String())
	}
	states := func(xs []string) []string {
		out := slices.Clone(xs)
		for i, x := range out {
			if x == "" {
				out[i] = "none"
			}
		}
		return out
	}
	join("acting", states(f.ActingStates))
	join("receiving", states(f.ReceivingStates))
	qs := make([]string, len(f.Qualifiers))
	for i, q := range f.Qualifiers {
		qs[i] = string(q)
	}
	join("qualifier", qs)
	ss := make([]string, len(f.Statuses))
	for i, s := range f.Statuses {
		ss[i] = string(s)
	}
	join("status", ss)
	for _, p := range f.Populations {
		v.Add("population", p)
	}
	for _, u := range f.Units {
		v.Add("unit", u)
	}
	ks := make([]string, len(f.Kinds))
	for i, k := range f.Kinds {
		ks[i] = string(k)
	}
	join("kind", ks)
	if d := f.Starts; !d.Start.IsZero() {
		text := d.Start.String()
		switch d.Precision {
		case PrecisionYear:
			text = text[:4]
		case PrecisionMonth:
			text = text[:7]
		}
		v.Set("starts", text)
	}
	if f.Summarised {
		v.Set("summarised", "true")
	}
	if f.Sort != "" {
		v.Set("sort", f.Sort)
	}
	return v
}

// Describe writes the filter in words for export metadata ("metric =
// apprehended; status = published").
func (f FigureFilter) Describe() string {
	v := f.Values()
	if len(v) == 0 {
		return "none (all published and retracted figures)"
	}
	var parts []string
	for _, k := range FilterParams {
		if x := strings.Join(v[k], ", "); x != "" {
			parts = append(parts, fmt.Sprintf("%s = %s", k, x))
		}
	}
	return strings.Join(parts, "; ")
}
