package models

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseQuantity(t *testing.T) {
	exact := func(v int64) Quantity { return Quantity{Qualifier: QualExact, Value: v} }
	qual := func(q Qualifier, v int64) Quantity { return Quantity{Qualifier: q, Value: v} }
	rng := func(lo, hi int64) Quantity { return Quantity{Qualifier: QualRange, Low: lo, High: hi} }
	tests := []struct {
		in      string
		want    Quantity
		wantErr string // a piece of the error message; "" means success
	}{
		{in: "41", want: exact(41)},
		{in: "  41\t", want: exact(41)},
		{in: "0", want: exact(0)},
		{in: "1,234", want: exact(1234)},
		{in: "1,234,567", want: exact(1234567)},
		{in: "1,000,000,000,000", want: exact(MaxValue)},
		{in: "at least 41", want: qual(QualAtLeast, 41)},
		{in: "AT  Least\t41", want: qual(QualAtLeast, 41)},
		{in: "no fewer than 41", want: qual(QualAtLeast, 41)},
		{in: "more than 500", want: qual(QualMoreThan, 500)},
		{in: "over 1,000", want: qual(QualMoreThan, 1000)},
		{in: "about 50", want: qual(QualAbout, 50)},
		{in: "around 50", want: qual(QualAbout, 50)},
		{in: "approximately 50", want: qual(QualAbout, 50)},
		{in: "roughly 50", want: qual(QualAbout, 50)},
		{in: "some 50", want: qual(QualAbout, 50)},
		{in: "as many as 600", want: qual(QualAtMost, 600)},
		{in: "up to 10", want: qual(QualAtMost, 10)},
		{in: "at most 10", want: qual(QualAtMost, 10)},
		{in: "24-99", want: rng(24, 99)},
		{in: "24 - 99", want: rng(24, 99)},
		{in: "24 to 99", want: rng(24, 99)},
		{in: "24–99", want: rng(24, 99)},
		{in: "24 — 99", want: rng(24, 99)},
		{in: "1,000-2,500", want: rng(1000, 2500)},
		{in: "0-5", want: rng(0, 5)},
		{in: "twenty to thirty", want: rng(20, 30)},
		{in: "four", want: exact(4)},
		{in: "Four", want: exact(4)},
		{in: "a", want: exact(1)},
		{in: "an", want: exact(1)},
		{in: "a dozen", want: exact(12)},
		{in: "at least four", want: qual(QualAtLeast, 4)},
		{in: "as many as a dozen", want: qual(QualAtMost, 12)},
		{in: "hundred", want: exact(100)},

		{in: "", wantErr: "empty: expected a number such as 41, at least 41, about 50 or 24-99"},
		{in: " \t\n", wantErr: "empty"},
		{in: "dozens", wantErr: `"dozens" is not a quantity: expected a whole number such as 41`},
		{in: "hundreds", wantErr: "is not a quantity"},
		{in: "a few", wantErr: "is not a quantity"},
		{in: "1,23", wantErr: "is not a quantity"},
		{in: "007", wantErr: "is not a quantity"},
		{in: "0,123", wantErr: "is not a quantity"},
		{in: "1.0", wantErr: "is not a quantity"},
		{in: "at least 007", wantErr: "is not a quantity"},
		{in: "007-99", wantErr: "is not a quantity"},
		{in: "00", wantErr: "is not a quantity"},
		{in: "12,3456", wantErr: "is not a quantity"},
		{in: "1234,567", wantErr: "is not a quantity"},
		{in: ",123", wantErr: "is not a quantity"},
		{in: "123,", wantErr: "is not a quantity"},
		{in: "1,,234", wantErr: "is not a quantity"},
		{in: "99-24", wantErr: `"99-24": a range must go from a lower to a higher number`},
		{in: "99 to 24", wantErr: "a range must go from a lower to a higher number"},
		{in: "5-5", wantErr: "a range must go from a lower to a higher number"},
		{in: "-5", wantErr: "is not a quantity"},
		{in: "+5", wantErr: "is not a quantity"},
		{in: "–5", wantErr: "is not a quantity"},
		{in: "5-", wantErr: "is not a quantity"},
		{in: "10-20-30", wantErr: "is not a quantity"},
		{in: "1e3", wantErr: "is not a quantity"},
		{in: "1.5", wantErr: "is not a quantity"},
		{in: "41 people", wantErr: "is not a quantity"},
		{in: "at least", wantErr: "is not a quantity"},
		{in: "at least 24-99", wantErr: "is not a quantity"},
		{in: "at least more than 5", wantErr: "is not a quantity"},
		{in: "٤١", wantErr: "is not a quantity"},
		{in: "４１", wantErr: "is not a quantity"},
		{in: "1,000,000,000,001", wantErr: "is not a quantity"},
		{in: "1000000000001", wantErr: "is not a quantity"},
		{in: "99999999999999999999", wantErr: "is not a quantity"},
		{in: "0-99999999999999999999", wantErr: "is not a quantity"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseQuantity(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ParseQuantity(%q) = %+v, want an error containing %q", tt.in, got, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseQuantity(%q) error %q, want it to contain %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseQuantity(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("ParseQuantity(%q) (-want +got):\n%s", tt.in, diff)
			}
			again, err := ParseQuantity(got.Text())
			if err != nil || again != got {
				t.Errorf("%q written as %q reads back as %+v, %v", tt.in, got.Text(), again, err)
			}
		})
	}
}

func TestQuantityText(t *testing.T) {
	tests := []struct {
		q    Quantity
		want string
	}{
		{Quantity{Qualifier: QualExact, Value: 41}, "41"},
		{Quantity{Qualifier: QualDocumented, Value: 1234}, "1,234 documented"},
		{Quantity{Qualifier: QualAtLeast, Value: 41}, "at least 41"},
		{Quantity{Qualifier: QualMoreThan, Value: 500}, "more than 500"},
		{Quantity{Qualifier: QualAbout, Value: 50}, "about 50"},
		{Quantity{Qualifier: QualAtMost, Value: 600}, "at most 600"},
		{Quantity{Qualifier: QualRange, Low: 24, High: 99}, "24–99"},
		{Quantity{Qualifier: QualRange, Low: 1000, High: 25000}, "1,000–25,000"},
		{Quantity{Qualifier: QualUnquantified, Words: "a number of"}, "“a number of” (no number given)"},
		{Quantity{Qualifier: QualUnquantified, Value: 41}, "no number given"},
	}
	for _, tt := range tests {
		if got := tt.q.Text(); got != tt.want {
			t.Errorf("Text(%+v) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestQualifiers(t *testing.T) {
	seen := map[string]bool{}
	for _, q := range Qualifiers {
		if !q.Valid() {
			t.Errorf("%q: Valid() = false", q)
		}
		d := q.Describe()
		if d == "" || seen[d] {
			t.Errorf("%q: Describe() = %q, want a distinct explanation", q, d)
		}
		seen[d] = true
	}
	for _, q := range []Qualifier{"", "approx", "Exact", "at least", " exact"} {
		if q.Valid() {
			t.Errorf("%q: Valid() = true", q)
		}
		if d := q.Describe(); d != "" {
			t.Errorf("%q: Describe() = %q, want empty", q, d)
		}
	}
	prefixes := map[Qualifier]string{
		QualExact: "", QualDocumented: "", QualAtLeast: "at least ", QualMoreThan: "more than ",
		QualAbout: "about ", QualAtMost: "at most ", QualRange: "", QualUnquantified: "",
	}
	for q, want := range prefixes {
		if got := q.Prefix(); got != want {
			t.Errorf("%q: Prefix() = %q, want %q", q, got, want)
		}
	}
	if len(prefixes) != len(Qualifiers) {
		t.Errorf("the prefix table covers %d qualifiers, Qualifiers has %d", len(prefixes), len(Qualifiers))
	}
}

func TestFormatInt(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1,000"},
		{12345, "12,345"},
		{999999, "999,999"},
		{1234567, "1,234,567"},
		{MaxValue, "1,000,000,000,000"},
		{math.MaxInt64, "9,223,372,036,854,775,807"},
		{-1, "-1"},
		{-999, "-999"},
		{-1000, "-1,000"},
		{-1234, "-1,234"},
		{-123456, "-123,456"},
		{math.MinInt64, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := FormatInt(tt.n); got != tt.want {
			t.Errorf("FormatInt(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// HasNumber is the one rule for words without a number, and NumberFields
// what an input must fill for each qualifier.
func TestHasNumberAndNumberFields(t *testing.T) {
	for _, q := range Qualifiers {
		want := []string{"value"}
		switch q {
		case QualRange:
			want = []string{"value_low", "value_high"}
		case QualUnquantified:
			want = nil
		}
		if got := q.NumberFields(); !cmp.Equal(got, want) {
			t.Errorf("%s.NumberFields() = %q, want %q", q, got, want)
		}
		if got := q.HasNumber(); got != (q != QualUnquantified) {
			t.Errorf("%s.HasNumber() = %v", q, got)
		}
	}
	if NoNumberText("dozens") != "“dozens” (no number given)" || NoNumberText("") != "no number given" {
		t.Errorf("NoNumberText = %q, %q", NoNumberText("dozens"), NoNumberText(""))
	}
}
