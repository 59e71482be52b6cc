package models

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ref(sign int64, key string) Term { return Term{Sign: sign, Ref: key} }
func num(sign, v int64) Term          { return Term{Sign: sign, Const: v} }

func TestParseFormula(t *testing.T) {
	sum := func(n int) string { return "{a}" + strings.Repeat(" + {b}", n-1) }
	tests := []struct {
		in        string
		want      []Term
		canonical string // String() of the result
		wantErr   string
	}{
		{in: "{a} - {b}", want: []Term{ref(1, "a"), ref(-1, "b")}, canonical: "{a} - {b}"},
		{in: "{a}-{b}", want: []Term{ref(1, "a"), ref(-1, "b")}, canonical: "{a} - {b}"},
		{in: "  {a}  -\t{b}  ", want: []Term{ref(1, "a"), ref(-1, "b")}, canonical: "{a} - {b}"},
		{in: "{a}+{b}-3", want: []Term{ref(1, "a"), ref(1, "b"), num(-1, 3)}, canonical: "{a} + {b} - 3"},
		{in: "3 + {a}", want: []Term{num(1, 3), ref(1, "a")}, canonical: "3 + {a}"},
		{in: "0 - {a}", want: []Term{num(1, 0), ref(-1, "a")}, canonical: "0 - {a}"},
		{in: "{a} - {a}", want: []Term{ref(1, "a"), ref(-1, "a")}, canonical: "{a} - {a}"},
		{in: "{a} + 1000000000000", want: []Term{ref(1, "a"), num(1, MaxValue)}, canonical: "{a} + 1000000000000"},
		{in: "{a} + 007", want: []Term{ref(1, "a"), num(1, 7)}, canonical: "{a} + 7"},
		{
			in:        "{apprehended-since-2016-06} - {in-custody-2017-09-18}",
			want:      []Term{ref(1, "apprehended-since-2016-06"), ref(-1, "in-custody-2017-09-18")},
			canonical: "{apprehended-since-2016-06} - {in-custody-2017-09-18}",
		},
		{in: sum(20), canonical: sum(20)},

		{in: "", wantErr: "empty formula: expected an expression such as {a} - {b}"},
		{in: "   ", wantErr: "empty formula"},
		{in: "{a} {b}", wantErr: `at "{b}": expected + or - between terms`},
		{in: "{a}{b}", wantErr: "expected + or - between terms"},
		{in: "{a} * 2", wantErr: `at "* 2": expected + or - between terms`},
		{in: "{a} − {b}", wantErr: "expected + or - between terms"}, // U+2212, as Explain writes it
		{in: "{a} -", wantErr: "formula ends with an operator: expected a term after it"},
		{in: "{a} +", wantErr: "ends with an operator"},
		{in: "- {a}", wantErr: `at "- {a}": expected {figure-id} or a whole number`},
		{in: "+ {a}", wantErr: "expected {figure-id} or a whole number"},
		{in: "-3 + {a}", wantErr: "expected {figure-id} or a whole number"},
		{in: "{a} + + {b}", wantErr: `at "+ {b}": expected {figure-id} or a whole number`},
		{in: "{a} - -{b}", wantErr: "expected {figure-id} or a whole number"},
		{in: "a - b", wantErr: "expected {figure-id} or a whole number"},
		{in: "{A}", wantErr: "{A} is not a figure id: expected 1 to 100 lower-case letters"},
		{in: "{a_b}", wantErr: "{a_b} is not a figure id"},
		{in: "{-a}", wantErr: "{-a} is not a figure id"},
		{in: "{}", wantErr: "{} is not a figure id"},
		{in: "{ a }", wantErr: "{ a } is not a figure id"},
		{in: "{a", wantErr: `at "{a": missing } after a figure id`},
		{in: "{a} - {b", wantErr: "missing } after a figure id"},
		{in: "3", wantErr: "a formula must refer to at least one figure as {id}"},
		{in: "1 + 2", wantErr: "must refer to at least one figure"},
		{in: "{a} - 1000000000001", wantErr: `number "1000000000001" is too large`},
		{in: "{a} - 99999999999999999999", wantErr: "is too large"},
		{in: "{a} + 1.5", wantErr: `at ".5": expected + or - between terms`},
		{in: sum(21), wantErr: "too many terms: at most 20"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFormula(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseFormula(%q) = %+v, %v; want an error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseFormula(%q): %v", tt.in, err)
			}
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, got.Terms); diff != "" {
					t.Errorf("ParseFormula(%q) terms (-want +got):\n%s", tt.in, diff)
				}
			}
			if s := got.String(); s != tt.canonical {
				t.Errorf("String() = %q, want %q", s, tt.canonical)
			}
			again, err := ParseFormula(got.String())
			if err != nil {
				t.Fatalf("canonical form %q does not parse: %v", got.String(), err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("canonical form reads back differently (-first +again):\n%s", diff)
			}
		})
	}
}

func TestFormulaRefs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"{a} - {b}", []string{"a", "b"}},
		{"{b} - {a} + {b} - 3 + {c}", []string{"b", "a", "c"}},
		{"5 + {x}", []string{"x"}},
	}
	for _, tt := range tests {
		f, err := ParseFormula(tt.in)
		if err != nil {
			t.Fatalf("ParseFormula(%q): %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, f.Refs()); diff != "" {
			t.Errorf("Refs(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestFormulaEvalAndExplain(t *testing.T) {
	tests := []struct {
		in          string
		values      map[string]int64
		want        int64
		wantErr     string
		wantExplain string
	}{
		{in: "{a} - {b}", values: map[string]int64{"a": 92, "b": 46}, want: 46, wantExplain: "92 − 46"},
		{in: "{a}+{b}-3", values: map[string]int64{"a": 92, "b": 46}, want: 135, wantExplain: "92 + 46 − 3"},
		{in: "{a} - {a}", values: map[string]int64{"a": 7}, want: 0, wantExplain: "7 − 7"},
		{in: "{a} - {b}", values: map[string]int64{"a": 1, "b": 5}, want: -4, wantExplain: "1 − 5"},
		{in: "{a} - {b}", values: map[string]int64{"a": 1234, "b": 46, "unused": 9}, want: 1188, wantExplain: "1,234 − 46"},
		{in: "2500 - {a}", values: map[string]int64{"a": 0}, want: 2500, wantExplain: "2,500 − 0"},
		{in: "{a} - {b}", values: map[string]int64{"a": 92}, wantErr: "formula refers to {b}, which has no value", wantExplain: "92 − ?"},
		{in: "{a} + {b}", values: nil, wantErr: "formula refers to {a}, which has no value", wantExplain: "? + ?"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := ParseFormula(tt.in)
			if err != nil {
				t.Fatalf("ParseFormula(%q): %v", tt.in, err)
			}
			got, err := f.Eval(tt.values)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Eval = %d, %v; want an error containing %q", got, err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("Eval: %v", err)
			case got != tt.want:
				t.Errorf("Eval = %d, want %d", got, tt.want)
			}
			if got := f.Explain(tt.values); got != tt.wantExplain {
				t.Errorf("Explain = %q, want %q", got, tt.wantExplain)
			}
		})
	}
}

func TestFormulaLeadingMinus(t *testing.T) {
	// ParseFormula never yields a negative first term, but a Formula built
	// in code may; String and Explain still write it.
	f := Formula{Terms: []Term{ref(-1, "a"), num(1, 100)}}
	if got, want := f.String(), "-{a} + 100"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := f.Explain(map[string]int64{"a": 40}), "−40 + 100"; got != want {
		t.Errorf("Explain() = %q, want %q", got, want)
	}
	if got, err := f.Eval(map[string]int64{"a": 40}); err != nil || got != 60 {
		t.Errorf("Eval() = %d, %v; want 60", got, err)
	}
}

// TestInputValues: a formula reads the numbers of the figures that give
// one, by key; a figure without a number (vague words) and a nil view
// leave nothing, so Explain shows "?" for them, never a guess.
func TestInputValues(t *testing.T) {
	view := func(key string, q Qualifier, v int64) *FigureView {
		return &FigureView{Figure: Figure{Key: key, Qualifier: q, Value: v}}
	}
	got := InputValues(view("a", QualExact, 92), nil, view("b", QualAtLeast, 46), view("c", QualUnquantified, 0))
	want := map[string]int64{"a": 92, "b": 46}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("InputValues = %v, want %v", got, want)
	}
	expr, err := ParseFormula("{a} - {b} - {c}")
	if err != nil {
		t.Fatal(err)
	}
	if e := expr.Explain(got); e != "92 − 46 − ?" {
		t.Errorf("Explain = %q, want 92 − 46 − ?", e)
	}
}
