package models

import (
	"fmt"
	"strconv"
	"strings"
)

// Qualifier says how a report states a number. A chart or an export never
// drops it: "at least 41" is not "41".
type Qualifier string

// The qualifiers a figure can carry.
const (
	// QualExact is a number stated as exact.
	QualExact Qualifier = "exact"
	// QualDocumented is a count of cases someone documented where the report
	// says the true number is unknown: the real number may be higher.
	QualDocumented Qualifier = "documented"
	// QualAtLeast is "at least N": N is a lower bound.
	QualAtLeast Qualifier = "at_least"
	// QualMoreThan is "more than N": the number exceeds N.
	QualMoreThan Qualifier = "more_than"
	// QualAbout is "about N": approximate.
	QualAbout Qualifier = "about"
	// QualAtMost is "at most N" or "as many as N": N is an upper bound.
	QualAtMost Qualifier = "at_most"
	// QualRange is a range "N to M"; the value is ValueLow..ValueHigh.
	QualRange Qualifier = "range"
	// QualUnquantified is a statement with no number at all: the source
	// gives only words ("a number of", "dozens"), kept in ValueText. Value,
	// ValueLow and ValueHigh are 0 and mean nothing: the figure is listed,
	// exported and checked for what can be checked without a number, but
	// never drawn, summed or divided into a rate (HasNumber).
	QualUnquantified Qualifier = "unquantified"
)

// Qualifiers lists every qualifier in the order forms show them.
var Qualifiers = []Qualifier{QualExact, QualDocumented, QualAtLeast, QualMoreThan, QualAbout, QualAtMost, QualRange, QualUnquantified}

// QualifierNames is the qualifiers as a list for messages: "exact,
// documented, …, unquantified".
func QualifierNames() string {
	names := make([]string, len(Qualifiers))
	for i, q := range Qualifiers {
		names[i] = string(q)
	}
	return strings.Join(names, ", ")
}

// HasNumber reports whether a figure with this qualifier states a number.
// It is the one rule for a figure that gives only words (QualUnquantified):
// charts, totals, rates, checks and exports ask it before they read Value,
// ValueLow or ValueHigh, so such a figure is never drawn as 0 nor added in.
func (q Qualifier) HasNumber() bool { return q != QualUnquantified }

// NumberFields names the fields an input must fill with the number for
// this qualifier: value_low and value_high for a range, none for a figure
// that gives no number, value otherwise. A form or a file that leaves one
// of them empty has left the number out, which must never be stored as 0.
func (q Qualifier) NumberFields() []string {
	switch {
	case q == QualRange:
		return []string{"value_low", "value_high"}
	case !q.HasNumber():
		return nil
	}
	return []string{"value"}
}

// Valid reports whether q is one of Qualifiers.
func (q Qualifier) Valid() bool {
	for _, v := range Qualifiers {
		if q == v {
			return true
		}
	}
	return false
}

// Prefix is the words written before the number ("at least ").
func (q Qualifier) Prefix() string {
	switch q {
	case QualAtLeast:
		return "at least "
	case QualMoreThan:
		return "more than "
	case QualAbout:
		return "about "
	case QualAtMost:
		return "at most "
	}
	return ""
}

// Describe is a one-line explanation for legends and the method page.
func (q Qualifier) Describe() string {
	switch q {
	case QualExact:
		return "stated as an exact number"
	case QualDocumented:
		return "cases documented by the reporter; the true number is unknown and may be higher"
	case QualAtLeast:
		return "a lower bound: at least this many"
	case QualMoreThan:
		return "a strict lower bound: more than this many"
	case QualAbout:
		return "approximate"
	case QualAtMost:
		return "an upper bound: at most (\"as many as\") this many"
	case QualRange:
		return "a range between two bounds"
	case QualUnquantified:
		return "no number: the source gives only words such as “a number of” or “dozens”"
	}
	return ""
}

// Symbol is the sign short labels (chart marks, rates) write before the
// number: "≥ " for at least, "> " for more than, "~" for about, "≤ " for at
// most. Exact numbers and ranges need none, and a documented count is
// marked by a word after the number instead (see Short), so that it is
// never mistaken for "at least".
func (q Qualifier) Symbol() string {
	switch q {
	case QualAtLeast:
		return "≥ "
	case QualMoreThan:
		return "> "
	case QualAbout:
		return "~"
	case QualAtMost:
		return "≤ "
	}
	return ""
}

// Short writes the number n, already formatted, with the qualifier as short
// labels show it: "≥ 41", "~50", "41 documented", "41". A range has two
// numbers; Quantity.Short and Rate.Short write them.
func (q Qualifier) Short(n string) string {
	if q == QualDocumented {
		return n + " documented"
	}
	return q.Symbol() + n
}

// MayBeHigher reports whether the true number may be higher than the stated
// one with no upper bound: a lower bound (at least, more than) or a
// documented count. Charts draw these open, with a dashed outline.
func (q Qualifier) MayBeHigher() bool {
	return q == QualAtLeast || q == QualMoreThan || q == QualDocumented
}

// Quantity is a number with its qualifier, as a report states it.
type Quantity struct {
	Qualifier Qualifier
	Value     int64 // the stated number; for a range, unused (0)
	Low, High int64 // the bounds of a range
	// Words are the source's words for a quantity that has no number
	// (QualUnquantified): the figure's ValueText. Unused otherwise.
	Words string
}

// Text writes q the way people read it: "at least 41", "24–99", "about
// 50", "41 documented" (a count of known cases, never shown as a bare 41),
// "“dozens” (no number given)".
func (q Quantity) Text() string {
	switch q.Qualifier {
	case QualRange:
		return FormatInt(q.Low) + "–" + FormatInt(q.High)
	case QualDocumented:
		return FormatInt(q.Value) + " documented"
	case QualUnquantified:
		return NoNumberText(q.Words)
	}
	return q.Qualifier.Prefix() + FormatInt(q.Value)
}

// Short writes q as short labels show it: "≥ 41", "~50", "24–99",
// "41 documented". A quantity without a number has no shorter form than
// its words (Text).
func (q Quantity) Short() string {
	switch q.Qualifier {
	case QualRange:
		return FormatInt(q.Low) + "–" + FormatInt(q.High)
	case QualUnquantified:
		return q.Text()
	}
	return q.Qualifier.Short(FormatInt(q.Value))
}

// NoNumberText writes a statement that gives no number the one way pages,
// chart tables, exports (value_label) and checks show it: the source's
// words in quotation marks and that no number was given, "“a number of”
// (no number given)". It never writes a number, not even 0.
func NoNumberText(words string) string {
	if words == "" {
		return "no number given"
	}
	return "“" + words + "” (no number given)"
}

// FormatInt writes n with thousands separators (12,345).
func FormatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// MaxValue bounds every stored number; nothing a report says about people
// comes near it, and it keeps sums far from int64 overflow.
const MaxValue = 1_000_000_000_000

var numberWords = map[string]int64{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
	"twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
	"ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}

var qualifierPhrases = []struct {
	phrase string
	q      Qualifier
}{
	{"at least", QualAtLeast},
	{"no fewer than", QualAtLeast},
	{"more than", QualMoreThan},
	{"over", QualMoreThan},
	{"about", QualAbout},
	{"around", QualAbout},
	{"approximately", QualAbout},
	{"roughly", QualAbout},
	{"some", QualAbout},
	{"as many as", QualAtMost},
	{"up to", QualAtMost},
	{"at most", QualAtMost},
}

// ParseQuantity reads a quantity written the way reports write them:
// "41", "1,234", "at least 41", "more than 500", "about 50", "as many as
// 600", "24-99", "24 to 99", "four", "a". It returns an error that says what
// was expected. Vague words ("dozens") are not numbers and are refused: an
// editor records them as they are (QualUnquantified, the words in
// value_text) rather than choose a number the source does not give.
func ParseQuantity(s string) (Quantity, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if t == "" {
		return Quantity{}, fmt.Errorf("empty: expected a number such as 41, at least 41, about 50 or 24-99")
	}
	q := Quantity{Qualifier: QualExact}
	for _, p := range qualifierPhrases {
		if strings.HasPrefix(t, p.phrase+" ") {
			q.Qualifier = p.q
			t = strings.TrimSpace(t[len(p.phrase):])
			break
		}
	}
	if q.Qualifier == QualExact {
		for _, sep := range []string{" to ", "–", "—", "-"} {
			if i := strings.Index(t, sep); i > 0 {
				lo, err1 := parseCount(t[:i])
				hi, err2 := parseCount(t[i+len(sep):])
				if err1 != nil || err2 != nil {
					break
				}
				if hi <= lo {
					return Quantity{}, fmt.Errorf("%q: a range must go from a lower to a higher number", s)
				}
				return Quantity{Qualifier: QualRange, Low: lo, High: hi}, nil
			}
		}
	}
	v, err := parseCount(t)
	if err != nil {
		return Quantity{}, fmt.Errorf("%q is not a quantity: expected a whole number such as 41, optionally after at least, more than, about or as many as, or a range such as 24-99", s)
	}
	q.Value = v
	return q, nil
}

// parseCount reads a non-negative whole number written in digits (see
// ParseWholeNumber) or as a small number word.
func parseCount(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if v, ok := numberWords[s]; ok {
		return v, nil
	}
	v, err := ParseWholeNumber(s)
	if err != nil {
		return 0, err
	}
	if v > MaxValue {
		return 0, fmt.Errorf("too large")
	}
	return v, nil
}
