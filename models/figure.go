package models

import (
	"strings"
	"time"
)

// QuantityKind says what a figure counts over its period.
type QuantityKind string

// The kinds of quantity.
const (
	// Flow counts events during the period ("41 apprehended in July–August 2017").
	Flow QuantityKind = "flow"
	// Stock counts people in a state at a date ("46 still in custody").
	Stock QuantityKind = "stock"
	// Cumulative counts events since the period's start up to its end
	// ("92 since June 2016"); never added to flows it contains.
	Cumulative QuantityKind = "cumulative"
)

// QuantityKinds lists every kind of quantity.
var QuantityKinds = []QuantityKind{Flow, Stock, Cumulative}

// Status is where a figure is in its life. Nothing is ever deleted: a wrong
// figure is retracted, with a reason, and stays reachable.
type Status string

// The statuses of a figure.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusRetracted Status = "retracted"
)

// Statuses lists every status.
var Statuses = []Status{StatusDraft, StatusPublished, StatusRetracted}

// Figure is one sourced numeric claim, tied to the exact sentence of the
// source it comes from.
type Figure struct {
	ID             int64        `json:"-"`
	Key            string       `json:"id"`
	Metric         string       `json:"metric"`
	Qualifier      Qualifier    `json:"qualifier"`
	Value          int64        `json:"value"`
	ValueLow       int64        `json:"value_low"`
	ValueHigh      int64        `json:"value_high"`
	ValueText      string       `json:"value_text"`
	Unit           string       `json:"unit"`
	Period         Period       `json:"period"`
	Kind           QuantityKind `json:"quantity_kind"`
	Population     string       `json:"population"`
	ActingState    string       `json:"acting_state"`
	ReceivingState string       `json:"receiving_state"`
	Location       string       `json:"location"`
	SubgroupOf     string       `json:"subgroup_of"`
	ShareOf        string       `json:"share_of"` // a share's base: see Share
	Derived        bool         `json:"derived"`
	Formula        string       `json:"formula"`
	Source         string       `json:"source"`
	Quote          string       `json:"quote"`
	// Paraphrase is the figure's evidence when no sentence of the source can
	// be quoted: someone else's summary of it, never shown or verified as a
	// quote. A figure has a Quote or a Paraphrase, never both.
	Paraphrase string `json:"paraphrase,omitempty"`
	// ParaphrasedBy names who wrote the Paraphrase (a secondary source such
	// as a news agency or another report), shown as "as summarised by".
	ParaphrasedBy string    `json:"paraphrased_by,omitempty"`
	ReportedBy    string    `json:"reported_by"`
	QuoteStart    *int      `json:"quote_start"`
	QuoteEnd      *int      `json:"quote_end"`
	Status        Status    `json:"status"`
	RetractReason string    `json:"retract_reason"`
	Notes         string    `json:"notes"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// TableName is the figures table.
func (Figure) TableName() string { return "figures" }

// Quantity returns the figure's number with its qualifier (and, for a
// figure without a number, the source's words).
func (f Figure) Quantity() Quantity {
	q := Quantity{Qualifier: f.Qualifier, Value: f.Value, Low: f.ValueLow, High: f.ValueHigh}
	if !f.Qualifier.HasNumber() {
		q.Words = f.ValueText
	}
	return q
}

// ValueLabel writes the value as it must be shown: qualifier included,
// ranges as ranges, words without a number as words, a percentage with
// its sign ("at least 41", "24–99", "“dozens” (no number given)", "more
// than 60 %", "40–60 %"). Pages, charts and exports all label a figure's
// value with it.
func (f Figure) ValueLabel() string {
	if f.Percent() && f.Qualifier.HasNumber() {
		return f.Quantity().Text() + " %"
	}
	return f.Quantity().Text()
}

// Countable reports whether the figure may enter charts and totals: a
// published figure that states a number. Retracted and draft figures stay
// reachable but count for nothing; a published figure that gives no number
// (Qualifier.HasNumber) is listed, exported and checked where no number is
// needed, but never drawn or added.
func (f Figure) Countable() bool { return f.Published() && f.Qualifier.HasNumber() }

// Published reports whether readers see the figure as current: neither a
// draft nor retracted.
func (f Figure) Published() bool { return f.Status == StatusPublished }

// Normalize trims the text fields and upper-cases state codes, so that
// forms and files with stray spaces store the same value.
func (f *Figure) Normalize() {
	for _, s := range []*string{&f.Key, &f.Metric, &f.ValueText, &f.Unit, &f.Population, &f.Location, &f.SubgroupOf, &f.ShareOf, &f.Formula, &f.Source, &f.ParaphrasedBy, &f.ReportedBy, &f.RetractReason, &f.Notes} {
		*s = strings.TrimSpace(*s)
	}
	f.Quote = strings.TrimSpace(f.Quote)
	f.Paraphrase = strings.TrimSpace(f.Paraphrase)
	f.ActingState = strings.ToUpper(strings.TrimSpace(f.ActingState))
	f.ReceivingState = strings.ToUpper(strings.TrimSpace(f.ReceivingState))
	if f.Unit == "" {
		f.Unit = UnitPeople
		if f.ShareOf != "" {
			f.Unit = UnitPercent // a share is a percentage
		}
	}
	if f.Status == "" {
		f.Status = StatusPublished
	}
	f.Period.Normalize()
}

// Validate checks every field of the figure on its own (references to other
// rows are the store's to check) and reports all problems at once.
func (f *Figure) Validate() error {
	var p Problems
	if !ValidKey(f.Key) {
		p.Add("id", keyExpected+", got %q", f.Key)
	}
	if !metricSlug.MatchString(f.Metric) {
		p.Add("metric", "expected a metric slug such as apprehended, got %q", f.Metric)
	}
	f.validateValue(&p)
	checkLine(&p, "value_text", f.ValueText, 0, 200)
	checkLine(&p, "unit", f.Unit, 1, 60)
	f.Period.Validate(&p)
	switch f.Kind {
	case Flow, Cumulative:
	case Stock:
		if f.Period.Start != f.Period.End && !f.Period.Start.IsZero() {
			p.Add("period_end", "a stock is counted at one date: period_start and period_end must be equal, got %s and %s", f.Period.Start, f.Period.End)
		} else if f.Period.Mixed() && f.Period.PrecisionOfEnd().Valid() {
			p.Add("period_end_precision", "a stock is counted at one date, known to one precision: expected %s, the precision of its start, got %s", f.Period.Precision, f.Period.PrecisionOfEnd())
		}
	default:
		p.Add("quantity_kind", "must be flow, stock or cumulative, got %q", f.Kind)
	}
	checkLine(&p, "population", f.Population, 1, 200)
	for _, st := range [...]struct{ field, code string }{{"acting_state", f.ActingState}, {"receiving_state", f.ReceivingState}} {
		if st.code != "" && !ValidState(st.code) {
			p.Add(st.field, "expected an ISO 3166-1 alpha-2 country code such as CN or KP, got %q", st.code)
		}
	}
	checkLine(&p, "location", f.Location, 0, 200)
	if f.SubgroupOf != "" {
		if !ValidKey(f.SubgroupOf) {
			p.Add("subgroup_of", "expected the id of another figure, got %q", f.SubgroupOf)
		} else if f.SubgroupOf == f.Key {
			p.Add("subgroup_of", "a figure cannot be a subgroup of itself")
		}
	}
	f.validateShare(&p)
	if f.Derived {
		if !f.Qualifier.HasNumber() {
			p.Add("qualifier", "a derived figure is computed from numbers, so it has one: it cannot be %s", QualUnquantified)
		}
		if f.Formula == "" {
			p.Add("formula", "required for a derived figure: an expression over figure ids such as {a} - {b}")
		} else if expr, err := ParseFormula(f.Formula); err != nil {
			p.Add("formula", "%v", err)
		} else {
			for _, k := range expr.Refs() {
				if k == f.Key {
					p.Add("formula", "must not refer to the figure itself")
				}
			}
		}
	} else if f.Formula != "" {
		p.Add("formula", "only a derived figure has a formula (set derived to true or clear the formula)")
	}
	if !ValidKey(f.Source) {
		p.Add("source", "expected the id of a source, got %q", f.Source)
	}
	f.validateEvidence(&p)
	checkLine(&p, "reported_by", f.ReportedBy, 1, 300)
	switch {
	case f.Paraphrased() && (f.QuoteStart != nil || f.QuoteEnd != nil):
		p.Add("quote_start", "a paraphrase has no quote_start or quote_end: it is not a sentence of the source")
	case (f.QuoteStart == nil) != (f.QuoteEnd == nil):
		p.Add("quote_start", "quote_start and quote_end are given together or not at all")
	case f.QuoteStart != nil && (*f.QuoteStart < 0 || *f.QuoteEnd <= *f.QuoteStart):
		p.Add("quote_end", "must be greater than quote_start, and quote_start not negative")
	}
	switch f.Status {
	case StatusDraft, StatusPublished:
		if f.RetractReason != "" {
			p.Add("retract_reason", "only a retracted figure has a retraction reason")
		}
	case StatusRetracted:
		checkText(&p, "retract_reason", f.RetractReason, 1, 2000)
	default:
		p.Add("status", "must be draft, published or retracted, got %q", f.Status)
	}
	checkText(&p, "notes", f.Notes, 0, 5000)
	return p.Err("figure")
}

// Paraphrased reports whether the figure's evidence is a paraphrase by a
// secondary source rather than a verbatim quote of its own source.
func (f Figure) Paraphrased() bool { return f.Paraphrase != "" }

// Evidence returns the text the figure rests on: its quote, or its
// paraphrase when it has no quote.
func (f Figure) Evidence() string {
	if f.Paraphrased() {
		return f.Paraphrase
	}
	return f.Quote
}

// validateEvidence holds the rule that a figure rests on exactly one of a
// verbatim quote or a named paraphrase, so that no summary is ever typed
// into quote and linked to as a sentence the source does not contain.
func (f *Figure) validateEvidence(p *Problems) {
	switch {
	case f.Quote != "" && f.Paraphrase != "":
		p.Add("paraphrase", "a figure has a quote or a paraphrase, not both: clear one of them")
	case f.Paraphrase != "":
		checkText(p, "paraphrase", f.Paraphrase, 1, 2000)
		checkLine(p, "paraphrased_by", f.ParaphrasedBy, 1, 300)
	case f.ParaphrasedBy != "":
		p.Add("paraphrase", "required when paraphrased_by is given: the summary that %q wrote", f.ParaphrasedBy)
	default:
		checkText(p, "quote", f.Quote, 1, 2000)
	}
}

func (f *Figure) validateValue(p *Problems) {
	if !f.Qualifier.Valid() {
		p.Add("qualifier", "must be one of %s; got %q", QualifierNames(), f.Qualifier)
		return
	}
	if !f.Qualifier.HasNumber() {
		// No number was given: the words are the figure, and no field may
		// hold a number the source does not state (not even a reading of
		// the words, which would be the editor's, not the source's).
		if f.ValueText == "" {
			p.Add("value_text", "required when qualifier is %s: the source's own words, such as “a number of” or “dozens”", QualUnquantified)
		}
		for _, v := range [...]struct {
			field string
			n     int64
		}{{"value", f.Value}, {"value_low", f.ValueLow}, {"value_high", f.ValueHigh}} {
			if v.n != 0 {
				p.Add(v.field, "must be empty when qualifier is %s: the source gives no number, got %d", QualUnquantified, v.n)
			}
		}
		return
	}
	if f.Qualifier == QualRange {
		if f.ValueLow < 0 || f.ValueLow > MaxValue {
			p.Add("value_low", "must be a whole number from 0 to %d", int64(MaxValue))
		}
		if f.ValueHigh < 0 || f.ValueHigh > MaxValue {
			p.Add("value_high", "must be a whole number from 0 to %d", int64(MaxValue))
		}
		if f.ValueHigh <= f.ValueLow {
			p.Add("value_high", "a range needs value_high greater than value_low (%d), got %d", f.ValueLow, f.ValueHigh)
		}
		if f.Value != 0 {
			p.Add("value", "must be empty for a range: the range is value_low to value_high")
		}
		return
	}
	if f.Value < 0 || f.Value > MaxValue {
		p.Add("value", "must be a whole number from 0 to %d, got %d", int64(MaxValue), f.Value)
	}
	if f.ValueLow != 0 || f.ValueHigh != 0 {
		p.Add("value_low", "only a range has value_low and value_high (qualifier is %s)", f.Qualifier)
	}
}
