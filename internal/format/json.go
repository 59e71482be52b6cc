package format

import (
	"encoding/json"
	"math"
	"strconv"
	"time"

	"forcedreturns/models"
)

// FigureJSON is a figure as the JSON and NDJSON exports (and the JSON API)
// write it: the CSV's fields in the CSV's order and snake_case names, with
// the metric and the source nested instead of flattened, numbers as JSON
// numbers, and null where the CSV leaves a numeric cell or a date empty.
// Text fields are always strings ("" when empty).
type FigureJSON struct {
	ID              string     `json:"id"`
	Metric          MetricJSON `json:"metric"`
	Value           *int64     `json:"value"`      // null for a range and for a figure without a number
	ValueLow        *int64     `json:"value_low"`  // null unless a range
	ValueHigh       *int64     `json:"value_high"` // null unless a range
	Qualifier       string     `json:"qualifier"`
	ValueLabel      string     `json:"value_label"` // "at least 41", "24–99"
	Unit            string     `json:"unit"`
	ValueText       string     `json:"value_text"`
	PeriodStart     JSONDate   `json:"period_start"`
	PeriodEnd       JSONDate   `json:"period_end"`
	PeriodPrecision string     `json:"period_precision"`     // of the start
	PeriodEndPrec   string     `json:"period_end_precision"` // of the end
	QuantityKind    string     `json:"quantity_kind"`
	PeriodMonths    *float64   `json:"period_months"` // null for a stock
	PerMonth        *float64   `json:"per_month"`     // flows of a month or more with one number, not shares
	Population      string     `json:"population"`
	ActingState     string     `json:"acting_state"`
	ReceivingState  string     `json:"receiving_state"`
	Location        string     `json:"location"`
	SubgroupOf      string     `json:"subgroup_of"`
	ShareOf         string     `json:"share_of"`
	Derived         bool       `json:"derived"`
	Formula         string     `json:"formula"`
	Status          string     `json:"status"`
	RetractReason   string     `json:"retract_reason"`
	// Countable, Group and CountedIn are checks.Counting's answer for
	// the figure among the exported ones; absent where the figure is shown
	// on its own (the JSON API).
	Countable  *bool      `json:"countable,omitempty"`
	Group      *string    `json:"group,omitempty"`
	CountedIn  *string    `json:"counted_in,omitempty"`
	Source     SourceJSON `json:"source"`
	Quote      string     `json:"quote"`
	QuoteStart *int       `json:"quote_start"`
	QuoteEnd   *int       `json:"quote_end"`
	QuoteLink  string     `json:"quote_link"` // "" when the source has no valid URL, and for a paraphrase
	// ArchiveQuoteLink is QuoteLink on the source's archived copy, with
	// the same text fragment: the sentence stays within reach when the
	// original page moves or goes. "" without an archive URL.
	ArchiveQuoteLink string   `json:"archive_quote_link"`
	Paraphrase       string   `json:"paraphrase"`
	ParaphrasedBy    string   `json:"paraphrased_by"`
	ReportedBy       string   `json:"reported_by"`
	Notes            string   `json:"notes"`
	LastModified     JSONTime `json:"last_modified"`
	Version          int      `json:"version"`
}

// MetricJSON is the metric nested in a FigureJSON.
type MetricJSON struct {
	Slug    string `json:"slug"`
	Label   string `json:"label"`
	LabelKo string `json:"label_ko"` // "" when nobody wrote it
	Unit    string `json:"unit"`
}

// MetricDefJSON is a metric with its definition: an entry of the JSON
// export's metrics list and the metric of an NDJSON line. Its fields are
// those of a metrics entry of an import file, so an export re-imports.
type MetricDefJSON struct {
	Slug       string `json:"slug"`
	Label      string `json:"label"`
	Definition string `json:"definition"`
	Unit       string `json:"unit"`
	// The Korean texts, "" when nobody wrote them.
	LabelKo      string `json:"label_ko"`
	DefinitionKo string `json:"definition_ko"`
}

// NewMetricDefJSON returns the JSON shape of m with its definition.
func NewMetricDefJSON(m *models.Metric) MetricDefJSON {
	return MetricDefJSON{Slug: m.Slug, Label: m.Label, Definition: m.Definition, Unit: m.Unit, LabelKo: m.LabelKo, DefinitionKo: m.DefinitionKo}
}

// SourceJSON is the source nested in a FigureJSON: every field of
// SourceColumns, its version included.
type SourceJSON struct {
	ID                string   `json:"id"`
	Title             string   `json:"title"`
	TitleEn           string   `json:"title_en"` // "" when not translated
	TitleKo           string   `json:"title_ko"`
	Kind              string   `json:"kind"`
	Publisher         string   `json:"publisher"`
	Authors           string   `json:"authors"`
	AuthorAffiliation string   `json:"author_affiliation"`
	PublishedOn       string   `json:"published_on"` // at its precision: 2023, 2023-12 or 2023-12-05
	URL               string   `json:"url"`
	ArchiveURL        string   `json:"archive_url"`
	Language          string   `json:"language"`
	AccessedOn        JSONDate `json:"accessed_on"`
	TextSHA256        string   `json:"text_sha256"`
	Notes             string   `json:"notes"`
	Original          string   `json:"original"` // the id of the source it carries, "" for none
	Version           int      `json:"version"`
}

// NewSourceJSON returns the JSON shape of s (its id is the source's key).
func NewSourceJSON(s *models.Source) SourceJSON {
	return SourceJSON{
		ID:                s.Key,
		Title:             s.Title,
		TitleEn:           s.TitleEn,
		TitleKo:           s.TitleKo,
		Kind:              string(s.Kind),
		Publisher:         s.Publisher,
		Authors:           s.Authors,
		AuthorAffiliation: s.AuthorAffiliation,
		PublishedOn:       s.PublishedText(),
		URL:               s.URL,
		ArchiveURL:        s.ArchiveURL,
		Language:          s.Language,
		AccessedOn:        JSONDate(s.AccessedOn),
		TextSHA256:        s.TextSHA256,
		Notes:             s.Notes,
		Original:          s.Original,
		Version:           s.Version,
	}
}

// NewFigureJSON returns the JSON shape of v. It copies what it needs, so v
// may be reused afterwards. links (nil for none) remembers the quote links
// of an export, where one sentence often carries several figures.
func NewFigureJSON(v *models.FigureView, links *Links) FigureJSON {
	if links == nil {
		links = new(Links)
	}
	f, s := &v.Figure, &v.Source
	out := FigureJSON{
		ID:               f.Key,
		Metric:           MetricJSON{Slug: f.Metric, Label: v.Metric.Label, LabelKo: v.Metric.LabelKo, Unit: v.Metric.Unit},
		Qualifier:        string(f.Qualifier),
		ValueLabel:       f.ValueLabel(),
		Unit:             f.Unit,
		ValueText:        f.ValueText,
		PeriodStart:      JSONDate(f.Period.Start),
		PeriodEnd:        JSONDate(f.Period.End),
		PeriodPrecision:  string(f.Period.Precision),
		PeriodEndPrec:    string(f.Period.PrecisionOfEnd()),
		QuantityKind:     string(f.Kind),
		Population:       f.Population,
		ActingState:      f.ActingState,
		ReceivingState:   f.ReceivingState,
		Location:         f.Location,
		SubgroupOf:       f.SubgroupOf,
		ShareOf:          f.ShareOf,
		Derived:          f.Derived,
		Formula:          f.Formula,
		Status:           string(f.Status),
		RetractReason:    f.RetractReason,
		Source:           NewSourceJSON(s),
		Quote:            f.Quote,
		QuoteStart:       copyInt(f.QuoteStart),
		QuoteEnd:         copyInt(f.QuoteEnd),
		QuoteLink:        links.Link(s.URL, f.Quote),
		ArchiveQuoteLink: links.Link(s.ArchiveURL, f.Quote),
		Paraphrase:       f.Paraphrase,
		ParaphrasedBy:    f.ParaphrasedBy,
		ReportedBy:       f.ReportedBy,
		Notes:            f.Notes,
		LastModified:     JSONTime(f.UpdatedAt),
		Version:          f.Version,
	}
	if months, rate, ok := Rate(f); months > 0 {
		m := Round2(months)
		out.PeriodMonths = &m
		if ok {
			r := Round2(rate)
			out.PerMonth = &r
		}
	}
	switch {
	case f.Qualifier == models.QualRange:
		low, high := f.ValueLow, f.ValueHigh
		out.ValueLow, out.ValueHigh = &low, &high
	case f.Qualifier.HasNumber():
		value := f.Value
		out.Value = &value
	} // no number given: all three null, never 0
	return out
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// JSONDate is a date in the JSON shapes: "YYYY-MM-DD", or null when unset.
type JSONDate models.Date

// MarshalJSON implements json.Marshaler.
func (d JSONDate) MarshalJSON() ([]byte, error) {
	if models.Date(d).IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 12)
	b = append(b, '"')
	b = AppendDate(b, models.Date(d))
	return append(b, '"'), nil
}

// UnmarshalJSON implements json.Unmarshaler, for clients of the API shape.
func (d *JSONDate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = JSONDate{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return (*models.Date)(d).UnmarshalText([]byte(s))
}

// JSONTime is a time in the JSON shapes: UTC RFC 3339 (as in the CSV), or
// null when unset.
type JSONTime time.Time

// MarshalJSON implements json.Marshaler.
func (t JSONTime) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 24)
	b = append(b, '"')
	b = tt.UTC().AppendFormat(b, time.RFC3339)
	return append(b, '"'), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *JSONTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = JSONTime{}
		return nil
	}
	return (*time.Time)(t).UnmarshalJSON(b)
}

// AppendDate appends d as YYYY-MM-DD without going through fmt.
func AppendDate(b []byte, d models.Date) []byte {
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	return appendPadded(b, d.Day, 2)
}

func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	for w, x := 1, n; w < width; w++ {
		x /= 10
		if x == 0 {
			b = append(b, '0')
		}
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// Rate returns the months a figure's period covers (0 for a stock) and,
// for a flow of a month or more that is not a range and gives a number,
// its value per month
// (ok true), unrounded:
// models.Figure.PerMonth is the rule, the columns round it.
func Rate(f *models.Figure) (months, perMonth float64, ok bool) {
	if f.Kind == models.Stock {
		return 0, 0, false
	}
	months = f.Period.Months()
	if months <= 0 {
		return 0, 0, false
	}
	r, ok := f.PerMonth()
	if !ok || r.Qualifier == models.QualRange {
		return months, 0, false
	}
	return months, r.Value, true
}

// Round2 rounds x to two decimals, as the rate columns write it.
func Round2(x float64) float64 { return math.Round(x*100) / 100 }
