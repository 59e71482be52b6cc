package models

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseWholeNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		why  string // the reason in the error; "" means accepted
	}{
		{"0", 0, ""},
		{"7", 7, ""},
		{"41", 41, ""},
		{"1204", 1204, ""},
		{"1,204", 1204, ""},
		{"1,234,567", 1234567, ""},
		{"999,999", 999999, ""},
		{"9223372036854775807", 1<<63 - 1, ""},

		{"", 0, "empty"},
		{"007", 0, "no leading zeros"},
		{"00", 0, "no leading zeros"},
		{"0,123", 0, "commas must separate groups of three digits"},
		{"1,23", 0, "commas must separate groups of three digits"},
		{"1,2345", 0, "commas must separate groups of three digits"},
		{"1234,567", 0, "commas must separate groups of three digits"},
		{"1,,234", 0, "commas must separate groups of three digits"},
		{"1,234,", 0, "commas must separate groups of three digits"},
		{",123", 0, "digits first"},
		{"01,234", 0, "no leading zeros"},
		{"1.0", 0, "no decimals"},
		{"1.5", 0, "no decimals"},
		{"4.1e1", 0, "no decimals"},
		{"41e0", 0, "no exponent"},
		{"+5", 0, "no sign"},
		{"-5", 0, "no sign"},
		{"-0", 0, "no sign"},
		{" 5", 0, "no spaces"},
		{"5 ", 0, "no spaces"},
		{"1 234", 0, "no spaces"},
		{"1_234", 0, "digits only"},
		{"0x10", 0, "digits only"},
		{"٤١", 0, "digits only"},
		{"４１", 0, "digits only"},
		{"forty", 0, "digits only"},
		{"9223372036854775808", 0, "too large"},
	}
	for _, tt := range tests {
		got, err := ParseWholeNumber(tt.in)
		if tt.why == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseWholeNumber(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			continue
		}
		want := "expected a whole number such as 41 or 1,204, got " + strconv.Quote(tt.in) + " (" + tt.why + ")"
		if err == nil || err.Error() != want {
			t.Errorf("ParseWholeNumber(%q) = %d, %v; want error %s", tt.in, got, err, want)
		}
	}
}

// FuzzParseWholeNumber checks that ParseWholeNumber never panics, accepts
// exactly the two ways FormatInt and strconv write a count, and reads
// them back as the same number.
func FuzzParseWholeNumber(f *testing.F) {
	for _, s := range []string{"41", "1,204", "0", "007", "0,123", "1.0", "+5", "1,23", "4.1e1", " 5", "9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseWholeNumber(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "expected "+WholeNumberForm+", got ") {
				t.Fatalf("ParseWholeNumber(%q): error %q does not name the expected form", s, err)
			}
			return
		}
		if n < 0 {
			t.Fatalf("ParseWholeNumber(%q) = %d: negative", s, n)
		}
		if plain := strconv.FormatInt(n, 10); s != plain && s != FormatInt(n) {
			t.Fatalf("ParseWholeNumber(%q) = %d, which is written %q or %q", s, n, plain, FormatInt(n))
		}
		if again, err := ParseWholeNumber(FormatInt(n)); err != nil || again != n {
			t.Fatalf("FormatInt(%d) = %q reads back as %d, %v", n, FormatInt(n), again, err)
		}
	})
}
