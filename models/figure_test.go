package models

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func intp(n int) *int { return &n }

// validFigure is a complete, valid flow figure; each test breaks one rule.
func validFigure() Figure {
	return Figure{
		Key:            "hrw-2017-apprehended-2017-07",
		Metric:         "apprehended",
		Qualifier:      QualAtLeast,
		Value:          41,
		ValueText:      "at least 41",
		Unit:           "people",
		Period:         Period{Start: NewDate(2017, 7, 1), End: NewDate(2017, 8, 31), Precision: PrecisionMonth},
		Kind:           Flow,
		Population:     "North Koreans",
		ActingState:    "CN",
		ReceivingState: "KP",
		Location:       "China",
		Source:         "hrw-2017-10-24",
		Quote:          "Chinese police apprehended at least 41 North Koreans in July and August.",
		ReportedBy:     "Human Rights Watch",
		QuoteStart:     intp(120),
		QuoteEnd:       intp(192),
		Status:         StatusPublished,
		Notes:          "Two separate raids.\n\tSee also the follow-up report.",
	}
}

func TestFigureValidate(t *testing.T) {
	dayPeriod := Period{Start: NewDate(2017, 9, 18), End: NewDate(2017, 9, 18), Precision: PrecisionDay}
	tests := []struct {
		name      string
		edit      func(f *Figure)
		normalize bool // call Normalize before Validate, as every writer does
		want      []wantProblem
	}{
		{name: "valid flow", edit: func(f *Figure) {}},
		{name: "valid range", edit: func(f *Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 0, 24, 99
		}},
		{name: "valid stock at one date", edit: func(f *Figure) { f.Kind, f.Period = Stock, dayPeriod }},
		{name: "valid cumulative", edit: func(f *Figure) { f.Kind = Cumulative }},
		{name: "valid flow since a year, as of a day", edit: func(f *Figure) {
			f.Period = Period{Start: NewDate(2019, 1, 1), End: NewDate(2023, 12, 5), Precision: PrecisionYear, EndPrecision: PrecisionDay}
		}},
		{name: "stock with two precisions", edit: func(f *Figure) {
			f.Kind, f.Period = Stock, Period{Start: NewDate(2017, 9, 30), End: NewDate(2017, 9, 30), Precision: PrecisionDay, EndPrecision: PrecisionMonth}
		}, want: []wantProblem{{"period_end_precision", "a stock is counted at one date, known to one precision: expected day, the precision of its start, got month"}}},
		{name: "valid derived", edit: func(f *Figure) { f.Derived, f.Formula = true, "{a} - {b}" }},
		{name: "valid draft", edit: func(f *Figure) { f.Status = StatusDraft }},
		{name: "valid retracted with reason", edit: func(f *Figure) { f.Status, f.RetractReason = StatusRetracted, "Misread the source." }},
		{name: "valid documented zero", edit: func(f *Figure) { f.Qualifier, f.Value = QualDocumented, 0 }},
		{name: "valid at the maximum value", edit: func(f *Figure) { f.Qualifier, f.Value = QualExact, MaxValue }},
		{name: "valid without optional fields", edit: func(f *Figure) {
			f.ValueText, f.ActingState, f.ReceivingState, f.Location, f.Notes = "", "", "", "", ""
			f.QuoteStart, f.QuoteEnd = nil, nil
		}},
		{name: "valid 2000-rune quote counts runes, not bytes", edit: func(f *Figure) { f.Quote = strings.Repeat("é", 2000) }},
		{name: "valid 100-character key", edit: func(f *Figure) { f.Key = strings.Repeat("a", 100) }},

		{name: "bad key", edit: func(f *Figure) { f.Key = "Bad_Key" }, want: []wantProblem{{"id", `lower-case letters, digits and hyphens, not starting or ending with a hyphen, got "Bad_Key"`}}},
		{name: "empty key", edit: func(f *Figure) { f.Key = "" }, want: []wantProblem{{"id", `got ""`}}},
		{name: "101-character key", edit: func(f *Figure) { f.Key = strings.Repeat("a", 101) }, want: []wantProblem{{"id", "1 to 100"}}},
		{name: "bad metric", edit: func(f *Figure) { f.Metric = "Apprehended" }, want: []wantProblem{{"metric", `metric slug such as apprehended, got "Apprehended"`}}},
		{name: "unknown qualifier", edit: func(f *Figure) { f.Qualifier = "approximately" }, want: []wantProblem{{"qualifier", `must be one of exact, documented, at_least, more_than, about, at_most, range, unquantified; got "approximately"`}}},
		{name: "missing qualifier", edit: func(f *Figure) { f.Qualifier = "" }, want: []wantProblem{{"qualifier", `got ""`}}},
		{name: "valid unquantified: the words, no number", edit: func(f *Figure) {
			f.Qualifier, f.Value, f.ValueText = QualUnquantified, 0, "a number of"
		}},
		{name: "unquantified without its words", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueText = QualUnquantified, 0, "" },
			want: []wantProblem{{"value_text", "required when qualifier is unquantified: the source's own words, such as “a number of” or “dozens”"}}},
		{name: "unquantified with a value", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueText = QualUnquantified, 2, "a number of" },
			want: []wantProblem{{"value", "must be empty when qualifier is unquantified: the source gives no number, got 2"}}},
		{name: "unquantified with a range", edit: func(f *Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh, f.ValueText = QualUnquantified, 0, 24, 99, "dozens"
		}, want: []wantProblem{{"value_low", "must be empty when qualifier is unquantified: the source gives no number, got 24"},
			{"value_high", "must be empty when qualifier is unquantified: the source gives no number, got 99"}}},
		{name: "unquantified and derived", edit: func(f *Figure) {
			f.Qualifier, f.Value, f.ValueText, f.Derived, f.Formula = QualUnquantified, 0, "the rest", true, "{a} - {b}"
		}, want: []wantProblem{{"qualifier", "a derived figure is computed from numbers, so it has one: it cannot be unquantified"}}},
		{name: "range with equal bounds", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 0, 50, 50 },
			want: []wantProblem{{"value_high", "a range needs value_high greater than value_low (50), got 50"}}},
		{name: "range high below low", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 0, 99, 24 },
			want: []wantProblem{{"value_high", "greater than value_low (99), got 24"}}},
		{name: "range with a value", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 41, 24, 99 },
			want: []wantProblem{{"value", "must be empty for a range"}}},
		{name: "range with negative low", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 0, -1, 99 },
			want: []wantProblem{{"value_low", "whole number from 0 to 1000000000000"}}},
		{name: "range with too large high", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 0, 1, MaxValue+1 },
			want: []wantProblem{{"value_high", "whole number from 0 to 1000000000000"}}},
		{name: "negative value", edit: func(f *Figure) { f.Value = -1 }, want: []wantProblem{{"value", "must be a whole number from 0 to 1000000000000, got -1"}}},
		{name: "too large value", edit: func(f *Figure) { f.Value = MaxValue + 1 }, want: []wantProblem{{"value", "got 1000000000001"}}},
		{name: "value_low on a non-range", edit: func(f *Figure) { f.ValueLow = 24 }, want: []wantProblem{{"value_low", "only a range has value_low and value_high (qualifier is at_least)"}}},
		{name: "value_high on a non-range", edit: func(f *Figure) { f.ValueHigh = 99 }, want: []wantProblem{{"value_low", "only a range has value_low and value_high"}}},
		{name: "control character in value_text", edit: func(f *Figure) { f.ValueText = "at least\x0041" }, want: []wantProblem{{"value_text", "must not contain control characters (found U+0000)"}}},
		{name: "too long value_text", edit: func(f *Figure) { f.ValueText = strings.Repeat("x", 201) }, want: []wantProblem{{"value_text", "must be at most 200 characters, got 201"}}},
		{name: "missing unit", edit: func(f *Figure) { f.Unit = "" }, want: []wantProblem{{"unit", "required"}}},
		{name: "missing unit defaults to people", edit: func(f *Figure) { f.Unit = "" }, normalize: true},
		{name: "stock over a span", edit: func(f *Figure) { f.Kind = Stock },
			want: []wantProblem{{"period_end", "a stock is counted at one date: period_start and period_end must be equal, got 2017-07-01 and 2017-08-31"}}},
		{name: "stock over a whole month", edit: func(f *Figure) {
			f.Kind, f.Period = Stock, Period{Start: NewDate(2017, 7, 1), End: NewDate(2017, 7, 31), Precision: PrecisionMonth}
		}, want: []wantProblem{{"period_end", "must be equal"}}},
		{name: "unknown quantity kind", edit: func(f *Figure) { f.Kind = "rate" }, want: []wantProblem{{"quantity_kind", `must be flow, stock or cumulative, got "rate"`}}},
		{name: "missing period start", edit: func(f *Figure) { f.Period.Start = Date{} }, want: []wantProblem{{"period_start", "required: a date as YYYY, YYYY-MM or YYYY-MM-DD"}}},
		{name: "period ends before it starts", edit: func(f *Figure) { f.Period.Start, f.Period.End = NewDate(2017, 8, 1), NewDate(2017, 7, 31) },
			want: []wantProblem{{"period_end", "must not be before period_start (2017-08-01), got 2017-07-31"}}},
		{name: "unknown precision", edit: func(f *Figure) { f.Period.Precision = "week" }, want: []wantProblem{{"period_precision", `must be day, month or year, got "week"`}}},
		{name: "missing population", edit: func(f *Figure) { f.Population = "" }, want: []wantProblem{{"population", "required"}}},
		{name: "unassigned acting state", edit: func(f *Figure) { f.ActingState = "XX" }, want: []wantProblem{{"acting_state", `ISO 3166-1 alpha-2 country code such as CN or KP, got "XX"`}}},
		{name: "UK is not an ISO code", edit: func(f *Figure) { f.ReceivingState = "UK" }, want: []wantProblem{{"receiving_state", `got "UK"`}}},
		{name: "lower-case state is refused as stored", edit: func(f *Figure) { f.ReceivingState = "cn" }, want: []wantProblem{{"receiving_state", `got "cn"`}}},
		{name: "lower-case state after Normalize is CN", edit: func(f *Figure) { f.ActingState, f.ReceivingState = " cn", "kp " }, normalize: true},
		{name: "too long location", edit: func(f *Figure) { f.Location = strings.Repeat("ü", 201) }, want: []wantProblem{{"location", "must be at most 200 characters, got 201"}}},
		{name: "subgroup of itself", edit: func(f *Figure) { f.SubgroupOf = f.Key }, want: []wantProblem{{"subgroup_of", "a figure cannot be a subgroup of itself"}}},
		{name: "subgroup of a bad key", edit: func(f *Figure) { f.SubgroupOf = "Other" }, want: []wantProblem{{"subgroup_of", `expected the id of another figure, got "Other"`}}},
		{name: "derived without formula", edit: func(f *Figure) { f.Derived = true }, want: []wantProblem{{"formula", "required for a derived figure: an expression over figure ids such as {a} - {b}"}}},
		{name: "derived with a bad formula", edit: func(f *Figure) { f.Derived, f.Formula = true, "{a} * 2" }, want: []wantProblem{{"formula", "expected + or - between terms"}}},
		{name: "formula on a non-derived figure", edit: func(f *Figure) { f.Formula = "{a} - {b}" },
			want: []wantProblem{{"formula", "only a derived figure has a formula (set derived to true or clear the formula)"}}},
		{name: "formula referring to itself", edit: func(f *Figure) { f.Derived, f.Formula = true, "{a} - {"+f.Key+"} + {"+f.Key+"}" },
			want: []wantProblem{{"formula", "must not refer to the figure itself"}}},
		{name: "bad source", edit: func(f *Figure) { f.Source = "-hrw" }, want: []wantProblem{{"source", `expected the id of a source, got "-hrw"`}}},
		{name: "missing quote", edit: func(f *Figure) { f.Quote = "" }, want: []wantProblem{{"quote", "required"}}},
		{name: "quote with leading space", edit: func(f *Figure) { f.Quote = " " + f.Quote }, want: []wantProblem{{"quote", "must not start or end with white space"}}},
		{name: "quote with leading space after Normalize", edit: func(f *Figure) { f.Quote = " " + f.Quote + "\n" }, normalize: true},
		{name: "quote with a NUL", edit: func(f *Figure) { f.Quote = "a\x00b" }, want: []wantProblem{{"quote", "must not contain control characters (found U+0000)"}}},
		{name: "quote with a carriage return", edit: func(f *Figure) { f.Quote = "a\rb" }, want: []wantProblem{{"quote", "found U+000D"}}},
		{name: "quote with a line separator", edit: func(f *Figure) { f.Quote = "a\u2028b" }, want: []wantProblem{{"quote", "found U+2028"}}},
		{name: "quote with a C1 control", edit: func(f *Figure) { f.Quote = "a\u0085b" }, want: []wantProblem{{"quote", "found U+0085"}}},
		{name: "quote not UTF-8", edit: func(f *Figure) { f.Quote = "caf\xe9" }, want: []wantProblem{{"quote", "must be valid UTF-8 text"}}},
		{name: "too long quote", edit: func(f *Figure) { f.Quote = strings.Repeat("é", 2001) }, want: []wantProblem{{"quote", "must be at most 2000 characters, got 2001"}}},
		{name: "valid paraphrase by a named secondary source", edit: func(f *Figure) {
			f.Quote, f.QuoteStart, f.QuoteEnd = "", nil, nil
			f.Paraphrase, f.ParaphrasedBy = "China returned about 60 people that month.", "Yonhap"
		}},
		{name: "paraphrase and quote together", edit: func(f *Figure) {
			f.QuoteStart, f.QuoteEnd = nil, nil
			f.Paraphrase, f.ParaphrasedBy = "China returned about 60 people that month.", "Yonhap"
		}, want: []wantProblem{{"paraphrase", "a quote or a paraphrase, not both"}}},
		{name: "paraphrase without its author", edit: func(f *Figure) {
			f.Quote, f.QuoteStart, f.QuoteEnd = "", nil, nil
			f.Paraphrase = "China returned about 60 people that month."
		}, want: []wantProblem{{"paraphrased_by", "required"}}},
		{name: "paraphrased_by without a paraphrase", edit: func(f *Figure) {
			f.Quote, f.QuoteStart, f.QuoteEnd = "", nil, nil
			f.ParaphrasedBy = "Yonhap"
		}, want: []wantProblem{{"paraphrase", `required when paraphrased_by is given: the summary that "Yonhap" wrote`}}},
		{name: "paraphrase with quote offsets", edit: func(f *Figure) {
			f.Quote = ""
			f.Paraphrase, f.ParaphrasedBy = "China returned about 60 people that month.", "Yonhap"
		}, want: []wantProblem{{"quote_start", "a paraphrase has no quote_start or quote_end"}}},
		{name: "paraphrase with leading space after Normalize", edit: func(f *Figure) {
			f.Quote, f.QuoteStart, f.QuoteEnd = "", nil, nil
			f.Paraphrase, f.ParaphrasedBy = " summary\n", " Yonhap "
		}, normalize: true},
		{name: "too long paraphrase", edit: func(f *Figure) {
			f.Quote, f.QuoteStart, f.QuoteEnd = "", nil, nil
			f.Paraphrase, f.ParaphrasedBy = strings.Repeat("p", 2001), "Yonhap"
		}, want: []wantProblem{{"paraphrase", "at most 2000 characters"}}},
		{name: "missing reported_by", edit: func(f *Figure) { f.ReportedBy = "" }, want: []wantProblem{{"reported_by", "required"}}},
		{name: "quote_start without quote_end", edit: func(f *Figure) { f.QuoteEnd = nil }, want: []wantProblem{{"quote_start", "quote_start and quote_end are given together or not at all"}}},
		{name: "quote_end without quote_start", edit: func(f *Figure) { f.QuoteStart = nil }, want: []wantProblem{{"quote_start", "together or not at all"}}},
		{name: "empty quote span", edit: func(f *Figure) { f.QuoteStart, f.QuoteEnd = intp(5), intp(5) }, want: []wantProblem{{"quote_end", "must be greater than quote_start, and quote_start not negative"}}},
		{name: "reversed quote span", edit: func(f *Figure) { f.QuoteStart, f.QuoteEnd = intp(9), intp(5) }, want: []wantProblem{{"quote_end", "greater than quote_start"}}},
		{name: "negative quote_start", edit: func(f *Figure) { f.QuoteStart, f.QuoteEnd = intp(-1), intp(5) }, want: []wantProblem{{"quote_end", "quote_start not negative"}}},
		{name: "quote span from zero", edit: func(f *Figure) { f.QuoteStart, f.QuoteEnd = intp(0), intp(1) }},
		{name: "retracted without reason", edit: func(f *Figure) { f.Status = StatusRetracted }, want: []wantProblem{{"retract_reason", "required"}}},
		{name: "reason on a published figure", edit: func(f *Figure) { f.RetractReason = "wrong" }, want: []wantProblem{{"retract_reason", "only a retracted figure has a retraction reason"}}},
		{name: "reason on a draft", edit: func(f *Figure) { f.Status, f.RetractReason = StatusDraft, "wrong" }, want: []wantProblem{{"retract_reason", "only a retracted figure"}}},
		{name: "unknown status", edit: func(f *Figure) { f.Status = "deleted" }, want: []wantProblem{{"status", `must be draft, published or retracted, got "deleted"`}}},
		{name: "missing status", edit: func(f *Figure) { f.Status = "" }, want: []wantProblem{{"status", `got ""`}}},
		{name: "missing status defaults to published", edit: func(f *Figure) { f.Status = "" }, normalize: true},
		{name: "notes with trailing space", edit: func(f *Figure) { f.Notes = "note " }, want: []wantProblem{{"notes", "must not start or end with white space"}}},
		{name: "too long notes", edit: func(f *Figure) { f.Notes = strings.Repeat("n", 5001) }, want: []wantProblem{{"notes", "must be at most 5000 characters, got 5001"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFigure()
			tt.edit(&f)
			if tt.normalize {
				f.Normalize()
			}
			checkProblems(t, f.Validate(), tt.want)
		})
	}
}

func TestFigureValidateReportsEveryProblem(t *testing.T) {
	t.Run("three problems at once", func(t *testing.T) {
		f := validFigure()
		f.Key = ""
		f.Value = -1
		f.Status = StatusRetracted
		err := f.Validate()
		checkProblems(t, err, []wantProblem{{"id", "lower-case"}, {"value", "got -1"}, {"retract_reason", "required"}})
		if msg := err.Error(); !strings.HasPrefix(msg, "invalid figure: id: ") || strings.Count(msg, "; ") != 2 {
			t.Errorf("Error() = %q, want the summary followed by the three problems", msg)
		}
	})
	t.Run("an empty figure", func(t *testing.T) {
		var f Figure
		checkProblems(t, f.Validate(), []wantProblem{
			{"id", ""}, {"metric", ""}, {"qualifier", ""}, {"unit", "required"},
			{"period_start", "required"}, {"period_end", "required"}, {"period_precision", ""},
			{"quantity_kind", ""}, {"population", "required"}, {"source", ""}, {"quote", "required"},
			{"reported_by", "required"}, {"status", ""},
		})
	})
	t.Run("an empty figure after Normalize", func(t *testing.T) {
		var f Figure
		f.Normalize()
		checkProblems(t, f.Validate(), []wantProblem{
			{"id", ""}, {"metric", ""}, {"qualifier", ""},
			{"period_start", "required"}, {"period_end", "required"}, {"period_precision", ""},
			{"quantity_kind", ""}, {"population", "required"}, {"source", ""}, {"quote", "required"},
			{"reported_by", "required"},
		})
	})
}

func TestFigureNormalize(t *testing.T) {
	f := Figure{
		Key: " a-1 ", Metric: "\tapprehended\n", ValueText: " 41 ", Population: " North Koreans ",
		ActingState: " cn ", ReceivingState: "kp", Location: " China ", SubgroupOf: " b ", Formula: " {a} - {b} ",
		Source: " s ", Quote: "\n quoted \n", ReportedBy: " HRW ", RetractReason: " r ", Notes: " n ",
	}
	f.Normalize()
	want := Figure{
		Key: "a-1", Metric: "apprehended", ValueText: "41", Unit: "people", Population: "North Koreans",
		ActingState: "CN", ReceivingState: "KP", Location: "China", SubgroupOf: "b", Formula: "{a} - {b}",
		Source: "s", Quote: "quoted", ReportedBy: "HRW", RetractReason: "r", Notes: "n", Status: StatusPublished,
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}

	// A period built without an end precision gets its start's, as the
	// store reads it back.
	f.Period = Period{Start: NewDate(2017, 7, 1), End: NewDate(2017, 8, 31), Precision: PrecisionMonth}
	f.Normalize()
	if f.Period.EndPrecision != PrecisionMonth {
		t.Errorf("Normalize left EndPrecision %q, want month", f.Period.EndPrecision)
	}
	f.Period.EndPrecision = PrecisionDay
	f.Normalize()
	if f.Period.EndPrecision != PrecisionDay {
		t.Errorf("Normalize replaced a given EndPrecision with %q", f.Period.EndPrecision)
	}

	kept := Figure{Unit: "families", Status: StatusDraft}
	kept.Normalize()
	if kept.Unit != "families" || kept.Status != StatusDraft {
		t.Errorf("Normalize replaced a given unit or status: %q, %q", kept.Unit, kept.Status)
	}
}

func TestFigureValueLabelAndCountable(t *testing.T) {
	tests := []struct {
		f         Figure
		wantLabel string
		wantCount bool
	}{
		{Figure{Qualifier: QualAtLeast, Value: 41, Status: StatusPublished}, "at least 41", true},
		{Figure{Qualifier: QualMoreThan, Value: 1500, Status: StatusPublished}, "more than 1,500", true},
		{Figure{Qualifier: QualAbout, Value: 50, Status: StatusDraft}, "about 50", false},
		{Figure{Qualifier: QualAtMost, Value: 600, Status: StatusRetracted}, "at most 600", false},
		{Figure{Qualifier: QualExact, Value: 1234567, Status: StatusPublished}, "1,234,567", true},
		{Figure{Qualifier: QualDocumented, Value: 92, Status: StatusPublished}, "92 documented", true},
		{Figure{Qualifier: QualRange, ValueLow: 24, ValueHigh: 99, Status: StatusPublished}, "24–99", true},
		{Figure{Qualifier: QualRange, ValueLow: 1000, ValueHigh: 2500}, "1,000–2,500", false},
		// Published but without a number: listed, never counted.
		{Figure{Qualifier: QualUnquantified, ValueText: "a number of", Status: StatusPublished}, "“a number of” (no number given)", false},
		{Figure{Qualifier: QualUnquantified, ValueText: "dozens", Value: 41, Status: StatusDraft}, "“dozens” (no number given)", false},
	}
	for _, tt := range tests {
		if got := tt.f.ValueLabel(); got != tt.wantLabel {
			t.Errorf("ValueLabel(%+v) = %q, want %q", tt.f.Quantity(), got, tt.wantLabel)
		}
		if got := tt.f.Countable(); got != tt.wantCount {
			t.Errorf("Countable(status %q) = %v, want %v", tt.f.Status, got, tt.wantCount)
		}
	}
}
