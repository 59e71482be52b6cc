package models

import (
	"fmt"
	"strings"
	"testing"
)

// bidiControls are the embedding, override and isolate controls refused in
// single-line fields.
var bidiControls = []rune{'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'}

// TestBidiControls checks that every single-line field of every entity
// refuses each bidirectional control, naming the field and the character,
// while multi-line fields accept them (they are shown isolated) and the
// direction marks stay allowed everywhere.
func TestBidiControls(t *testing.T) {
	type field struct {
		entity, name string
		single       bool
		validate     func(v string) error
	}
	src := func(set func(*Source, string)) func(string) error {
		return func(v string) error { s := validSource(); set(&s, v); return s.Validate() }
	}
	fig := func(set func(*Figure, string)) func(string) error {
		return func(v string) error { f := validFigure(); set(&f, v); return f.Validate() }
	}
	met := func(set func(*Metric, string)) func(string) error {
		return func(v string) error {
			m := Metric{Slug: "in_custody", Label: "Still in custody", Definition: "People held at a given date.", Unit: "people"}
			set(&m, v)
			return m.Validate()
		}
	}
	fields := []field{
		{"source", "title", true, src(func(s *Source, v string) { s.Title = v })},
		{"source", "publisher", true, src(func(s *Source, v string) { s.Publisher = v })},
		{"source", "authors", true, src(func(s *Source, v string) { s.Authors = v })},
		{"source", "author_affiliation", true, src(func(s *Source, v string) { s.AuthorAffiliation = v })},
		{"source", "notes", false, src(func(s *Source, v string) { s.Notes = v })},
		{"figure", "value_text", true, fig(func(f *Figure, v string) { f.ValueText = v })},
		{"figure", "unit", true, fig(func(f *Figure, v string) { f.Unit = v })},
		{"figure", "population", true, fig(func(f *Figure, v string) { f.Population = v })},
		{"figure", "location", true, fig(func(f *Figure, v string) { f.Location = v })},
		{"figure", "reported_by", true, fig(func(f *Figure, v string) { f.ReportedBy = v })},
		{"figure", "quote", false, fig(func(f *Figure, v string) { f.Quote = v })},
		{"figure", "notes", false, fig(func(f *Figure, v string) { f.Notes = v })},
		{"figure", "retract_reason", false, fig(func(f *Figure, v string) { f.Status, f.RetractReason = StatusRetracted, v })},
		{"metric", "label", true, met(func(m *Metric, v string) { m.Label = v })},
		{"metric", "unit", true, met(func(m *Metric, v string) { m.Unit = v })},
		{"metric", "definition", false, met(func(m *Metric, v string) { m.Definition = v })},
		{"editor", "name", true, func(v string) error {
			e := Editor{Email: "ana@example.org", Name: v, Role: RoleEditor, PasswordHash: "$argon2id$..."}
			return e.Validate()
		}},
		{"api token", "name", true, func(v string) error {
			tok := APIToken{Name: v, Prefix: "frt_abc", Hash: strings.Repeat("ab", 32)}
			return tok.Validate()
		}},
	}
	for _, f := range fields {
		for _, r := range bidiControls {
			t.Run(fmt.Sprintf("%s %s U+%04X", f.entity, f.name, r), func(t *testing.T) {
				// "Pay to evil" that reads as "live ot yap" and the like.
				err := f.validate("Border Watch " + string(r) + "tropeR")
				msg := ""
				for _, fe := range FieldErrors(err) {
					if fe.Field == f.name {
						msg = fe.Message
					}
				}
				if !f.single {
					if msg != "" {
						t.Errorf("multi-line %s refused: %s", f.name, msg)
					}
					return
				}
				want := fmt.Sprintf("must not contain bidirectional control characters (found U+%04X)", r)
				if !strings.Contains(msg, want) {
					t.Errorf("%s: problem %q, want %q (all: %v)", f.name, msg, want, err)
				}
			})
		}
		t.Run(f.entity+" "+f.name+" marks", func(t *testing.T) {
			for _, mark := range []string{"\u200E", "\u200F", "\u061C"} {
				if err := f.validate("שלום" + mark + " 2017"); err != nil {
					for _, fe := range FieldErrors(err) {
						if fe.Field == f.name {
							t.Errorf("%s refused the mark %U: %s", f.name, []rune(mark)[0], fe.Message)
						}
					}
				}
			}
		})
	}
}

func TestBidiControl(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want rune
	}{
		{"plain", 0}, {"עברית and English", 0}, {"mark \u200F here", 0}, {"\u2028", 0},
		{"a\u202Eb", '\u202E'}, {"\u2066x\u2069", '\u2066'}, {"x\u202A", '\u202A'}, {"\u2069", '\u2069'},
	} {
		r, ok := BidiControl(tt.in)
		if r != tt.want || ok != (tt.want != 0) {
			t.Errorf("BidiControl(%q) = %U, %v; want %U", tt.in, r, ok, tt.want)
		}
	}
}

func TestIsolateBidi(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain quote", "plain quote"},
		{"עברית", "עברית"},
		{"a\u202Eb", "\u2068a\u202Eb\u2069"},
		{"a\u2067b\u2069c", "\u2068a\u2067b\u2069c\u2069"},
		{"a\u2069b", "\u2068ab\u2069"},                             // a stray closer would end the wrapper
		{"\u2069\u2066x\u2069\u2069", "\u2068\u2066x\u2069\u2069"}, // only the matched one kept
		{"\u2066open", "\u2068\u2066open\u2069\u2069"},             // closed before the wrapper
	} {
		if got := IsolateBidi(tt.in); got != tt.want {
			t.Errorf("IsolateBidi(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}
