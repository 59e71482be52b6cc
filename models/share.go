package models

import (
	"unicode"
	"unicode/utf8"
)

// Units. Every metric has a unit, people unless its definition says
// otherwise, and every figure is counted in its metric's unit (CheckUnit),
// except a share, which is a percentage of another figure (CheckShareBase).
// Nothing compares, adds or charts figures of different units.
const (
	// UnitPeople is the default unit of metrics and figures.
	UnitPeople = "people"
	// UnitPercent is the unit of a share: a percentage from 0 to 100.
	UnitPercent = "percent"
)

// MaxPercent bounds a percentage.
const MaxPercent = 100

// Share reports whether the figure is a share: the percentage of another
// figure (ShareOf) that its population is, as in "over 60 percent were
// women". A share counts nobody by itself: it is never added, never drawn
// on an axis of people, and has no rate per month.
func (f Figure) Share() bool { return f.ShareOf != "" }

// Percent reports whether the figure's number is a percentage.
func (f Figure) Percent() bool { return f.Unit == UnitPercent }

// CheckUnit holds the rule that a figure is stated in its metric's unit:
// "41 people" under a metric counted in people. A share is the exception:
// it is a percentage of a figure of the metric (see CheckShareBase), so its
// unit is percent whatever the metric's. The problem, if any, names the
// field unit and says which unit is expected. The store applies it to every
// figure it writes.
func (f Figure) CheckUnit(metricUnit string) error {
	var p Problems
	switch {
	case f.Share():
		// Validate requires percent.
	case f.Unit != metricUnit:
		p.Add("unit", "must be the unit of metric %s, %q, got %q: a figure is counted in its metric's unit (a percentage of another figure is a share: give share_of)",
			f.Metric, metricUnit, f.Unit)
	}
	return p.Err("figure")
}

// CheckShareBase holds the rule between a share and the figure it is a
// share of (base, the figure ShareOf names): the base is a count, not
// itself a share; the share counts the same metric between the same states
// (it is a part of the base's people), the same kind of quantity, over the
// base's period or a period within it. Problems name the share's fields. The store applies it
// on every write, the checks to what is stored.
func (f Figure) CheckShareBase(base Figure) error {
	var p Problems
	if base.Share() || base.Percent() {
		p.Add("share_of", "figure %q is itself a percentage (%s): a share is a percentage of a count, not of another percentage", base.Key, base.ValueLabel())
	}
	if base.Metric != f.Metric {
		p.Add("metric", "must be %s, the metric of figure %q: a share is a percentage of that figure's count (its population says who the part is), got %s", base.Metric, base.Key, f.Metric)
	}
	for _, st := range [...]struct{ field, share, base, what string }{
		{"acting_state", f.ActingState, base.ActingState, "acting state"},
		{"receiving_state", f.ReceivingState, base.ReceivingState, "receiving state"},
	} {
		if st.share != st.base {
			p.Add(st.field, "must be %q, the %s of figure %q: a share is of that figure's people, got %q", st.base, st.what, base.Key, st.share)
		}
	}
	if base.Kind != f.Kind {
		p.Add("quantity_kind", "must be %s, the kind of figure %q it is a share of, got %s", base.Kind, base.Key, f.Kind)
	}
	if !base.Period.Start.IsZero() && !f.Period.Start.IsZero() && f.Period.Start.Before(base.Period.Start) {
		p.Add("period_start", "must not be before the start of figure %q's period (%s), got %s: a share is of the people that figure counts", base.Key, base.Period.Start, f.Period.Start)
	}
	if !base.Period.End.IsZero() && !f.Period.End.IsZero() && base.Period.End.Before(f.Period.End) {
		p.Add("period_end", "must not be after the end of figure %q's period (%s), got %s: a share is of the people that figure counts", base.Key, base.Period.End, f.Period.End)
	}
	return p.Err("figure")
}

// validateShare checks what a share is on its own: a percentage, stated by
// its source, of another figure; and that any percentage is one.
func (f *Figure) validateShare(p *Problems) {
	if f.Percent() && f.Qualifier.Valid() {
		for _, v := range [...]struct {
			field string
			n     int64
		}{{"value", f.Value}, {"value_low", f.ValueLow}, {"value_high", f.ValueHigh}} {
			if v.n > MaxPercent {
				p.Add(v.field, "a percentage is from 0 to %d, got %d", MaxPercent, v.n)
			}
		}
	}
	if !f.Share() {
		return
	}
	switch {
	case !ValidKey(f.ShareOf):
		p.Add("share_of", "expected the id of the figure this one is a percentage of, got %q", f.ShareOf)
	case f.ShareOf == f.Key:
		p.Add("share_of", "a figure cannot be a share of itself")
	}
	if f.SubgroupOf != "" {
		p.Add("share_of", "a figure is a share (a percentage of share_of) or a subgroup (people counted among subgroup_of), not both: clear one of them")
	}
	if !f.Percent() {
		p.Add("unit", "a share is a percentage: its unit must be %q, got %q", UnitPercent, f.Unit)
	}
	if f.Qualifier == QualDocumented {
		p.Add("qualifier", "a share is a percentage, not a count of documented cases: use exact, at_least, more_than, about, at_most or range")
	}
	if f.Derived {
		p.Add("derived", "a share is stated by its source, never derived: the tracker does not compute percentages")
	}
}

// AmountLabel writes the value with its unit, as a sentence reads it:
// "at least 41 people", "1 person", "more than 60 %" (a percentage's sign
// is its unit). The noun follows the one plural rule (UnitLabel).
func (f Figure) AmountLabel() string {
	if f.Percent() {
		return f.ValueLabel()
	}
	return f.ValueLabel() + " " + UnitLabel(f.Quantity(), f.Unit)
}

// ShareBaseText names the figure a share is of, as a reader reads it: "the
// 92 apprehended", for base (the figure ShareOf names) and the label of its
// metric.
func ShareBaseText(base Figure, metricLabel string) string {
	return "the " + base.ValueLabel() + " " + lowerFirst(metricLabel)
}

// ShareText writes a share with the figure it is a share of: "more than 60
// % of the 92 apprehended". Pages and chart tables show a share with it,
// never as a count.
func (f Figure) ShareText(base Figure, baseMetricLabel string) string {
	return f.ValueLabel() + " of " + ShareBaseText(base, baseMetricLabel)
}

// lowerFirst lower-cases a label's first letter unless its second is a
// capital too (an acronym such as UNHCR stays).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}
