package models

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParseQuantity checks that ParseQuantity never panics, that what it
// accepts is a valid quantity, and that the text it is written as reads
// back as the same quantity (so a label can always be parsed again).
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"41", "1,234", "at least 41", "more than 500", "about 50", "as many as 600",
		"24-99", "24 to 99", "24–99", "four", "a", "a dozen", "dozens", "-5", "1,2,3", "99-24", "over 1,000,000,000,000",
		"007", "0,123", "1.0", "+5", "at least 007"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuantity(s)
		if err != nil {
			return
		}
		if !q.Qualifier.Valid() || q.Qualifier == QualDocumented {
			t.Fatalf("ParseQuantity(%q): qualifier %q", s, q.Qualifier)
		}
		for _, v := range []int64{q.Value, q.Low, q.High} {
			if v < 0 || v > MaxValue {
				t.Fatalf("ParseQuantity(%q) = %+v: a number out of range", s, q)
			}
		}
		if q.Qualifier == QualRange && (q.Value != 0 || q.High < q.Low) {
			t.Fatalf("ParseQuantity(%q) = %+v: not a range", s, q)
		}
		again, err := ParseQuantity(q.Text())
		if err != nil || again != q {
			t.Fatalf("ParseQuantity(%q) = %+v, written %q, which reads back as %+v, %v", s, q, q.Text(), again, err)
		}
	})
}

// FuzzParsePartialDate checks that ParsePartialDate never panics, that
// what it accepts is a real span of days at a valid precision, and that
// the date written at its precision reads back the same.
func FuzzParsePartialDate(f *testing.F) {
	for _, s := range []string{"2017", "2017-07", "2017-07-15", "2016-02-29", "2017-02-29", "2017-13", "0999", "9999-12-31",
		"2017-7", " 2017-07 ", "2017-07-15-01", "２０１７", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParsePartialDate(s)
		if err != nil {
			return
		}
		if !d.Precision.Valid() || d.Start.IsZero() || d.End.Before(d.Start) {
			t.Fatalf("ParsePartialDate(%q) = %+v", s, d)
		}
		if d.Start.Year < 1000 || d.Start.Year > 9999 {
			t.Fatalf("ParsePartialDate(%q): year %d", s, d.Start.Year)
		}
		p := UniformPeriod(d.Start, d.End, d.Precision)
		var probs Problems
		p.Validate(&probs)
		if err := probs.Err("period"); err != nil {
			t.Fatalf("ParsePartialDate(%q) = %+v, an invalid period: %v", s, d, err)
		}
		again, err := ParsePartialDate(p.StartText())
		if err != nil || again != d {
			t.Fatalf("ParsePartialDate(%q) = %+v, written %q, which reads back as %+v, %v", s, d, p.StartText(), again, err)
		}
	})
}

// FuzzParsePeriod checks that ParsePeriod never panics, that what it
// accepts validates with each end at its own precision, that both ends
// written at their precisions read back as the same period, and that a
// period gives a rate per month only when its ends share one precision.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range [][2]string{{"2019", "2023-12-05"}, {"2016-06", "2017-09-18"}, {"2017-07", "2017-08"}, {"2017-09-18", ""},
		{"2017-09-18", "2017-09"}, {"2017", "2017-07"}, {"2017-07", "2017-06-30"}, {"1994", "1998"}, {"2017-07-15", "2018"},
		{"2016-02-29", "2016-02"}, {"", "2017"}, {"2017-13", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, start, end string) {
		p, err := ParsePeriod(start, end)
		if err != nil {
			return
		}
		if !p.Precision.Valid() || !p.EndPrecision.Valid() || p.End.Before(p.Start) {
			t.Fatalf("ParsePeriod(%q, %q) = %+v", start, end, p)
		}
		var probs Problems
		p.Validate(&probs)
		if err := probs.Err("period"); err != nil {
			t.Fatalf("ParsePeriod(%q, %q) = %+v, an invalid period: %v", start, end, p, err)
		}
		again, err := ParsePeriod(p.StartText(), p.EndText())
		if err != nil || again != p {
			t.Fatalf("ParsePeriod(%q, %q) = %+v, written %q to %q, which reads back as %+v, %v", start, end, p, p.StartText(), p.EndText(), again, err)
		}
		if _, ok := p.RateMonths(); ok && p.Mixed() {
			t.Fatalf("%+v: a rate per month over ends of two precisions", p)
		}
		if p.Label() == "" || (p.Mixed() && !strings.Contains(p.Label(), " – ")) {
			t.Fatalf("%+v: label %q", p, p.Label())
		}
	})
}

// FuzzParseFormula checks that ParseFormula never panics, that what it
// accepts refers to valid figure ids within the limits, and that its
// canonical form reads back as the same formula.
func FuzzParseFormula(f *testing.F) {
	for _, s := range []string{"{a} - {b}", "{a}+{b}+3", "{apprehended-since-2016-06} - {in-custody-2017-09-18}", "3", "{a} -",
		"- {a}", "{A}", "{a} * 2", "{a} - 99999999999999999999", "{a}{b}", "{", "{a} + + {b}", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fm, err := ParseFormula(s)
		if err != nil {
			return
		}
		if len(fm.Terms) == 0 || len(fm.Terms) > maxFormulaTerms || len(fm.Refs()) == 0 {
			t.Fatalf("ParseFormula(%q) = %+v", s, fm)
		}
		for _, term := range fm.Terms {
			if term.Sign != 1 && term.Sign != -1 {
				t.Fatalf("ParseFormula(%q): sign %d", s, term.Sign)
			}
			if term.Ref != "" && !ValidKey(term.Ref) || term.Const < 0 || term.Const > MaxValue {
				t.Fatalf("ParseFormula(%q): term %+v", s, term)
			}
		}
		again, err := ParseFormula(fm.String())
		if err != nil || !reflect.DeepEqual(again, fm) {
			t.Fatalf("ParseFormula(%q) = %+v, written %q, which reads back as %+v, %v", s, fm, fm.String(), again, err)
		}
	})
}
