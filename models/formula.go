package models

import (
	"fmt"
	"strconv"
	"strings"
)

// Formula is a parsed derivation: a sum of signed terms, each a reference
// to another figure ({key}) or a whole number. "{a} - {b}" reads "a minus b".
// Only + and - are allowed because figures about people are counts; a
// rate or share is computed for display, never stored as a figure.
type Formula struct {
	Terms []Term
}

// Term is one signed operand of a formula.
type Term struct {
	Sign  int64  // +1 or -1
	Ref   string // a figure key, or "" for a constant
	Const int64
}

// maxFormulaTerms keeps formulas readable and evaluation cheap.
const maxFormulaTerms = 20

// ParseFormula reads "{key} - {key} + 3" and reports what it expected where it fails.
func ParseFormula(s string) (Formula, error) {
	var f Formula
	rest := strings.TrimSpace(s)
	if rest == "" {
		return f, fmt.Errorf("empty formula: expected an expression such as {a} - {b}")
	}
	sign := int64(1)
	expectOperand := true
	for rest != "" {
		if !expectOperand {
			switch rest[0] {
			case '+':
				sign = 1
			case '-':
				sign = -1
			default:
				return Formula{}, fmt.Errorf("at %q: expected + or - between terms", Clip(rest, 40))
			}
			rest = strings.TrimSpace(rest[1:])
			expectOperand = true
			continue
		}
		switch {
		case rest[0] == '{':
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return Formula{}, fmt.Errorf("at %q: missing } after a figure id", Clip(rest, 40))
			}
			key := rest[1:end]
			if !ValidKey(key) {
				return Formula{}, fmt.Errorf("{%s} is not a figure id: "+keyExpected, Clip(key, 40))
			}
			f.Terms = append(f.Terms, Term{Sign: sign, Ref: key})
			rest = rest[end+1:]
		case rest[0] >= '0' && rest[0] <= '9':
			n := 0
			for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
				n++
			}
			v, err := strconv.ParseInt(rest[:n], 10, 64)
			if err != nil || v > MaxValue {
				return Formula{}, fmt.Errorf("number %q is too large", Clip(rest[:n], 40))
			}
			f.Terms = append(f.Terms, Term{Sign: sign, Const: v})
			rest = rest[n:]
		default:
			return Formula{}, fmt.Errorf("at %q: expected {figure-id} or a whole number", Clip(rest, 40))
		}
		if len(f.Terms) > maxFormulaTerms {
			return Formula{}, fmt.Errorf("too many terms: at most %d", maxFormulaTerms)
		}
		rest = strings.TrimSpace(rest)
		expectOperand = false
		sign = 1
	}
	if expectOperand {
		return Formula{}, fmt.Errorf("formula ends with an operator: expected a term after it")
	}
	if len(f.Refs()) == 0 {
		return Formula{}, fmt.Errorf("a formula must refer to at least one figure as {id}")
	}
	return f, nil
}

// Refs returns the figure keys the formula uses, in order, without repeats.
func (f Formula) Refs() []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range f.Terms {
		if t.Ref != "" && !seen[t.Ref] {
			seen[t.Ref] = true
			out = append(out, t.Ref)
		}
	}
	return out
}

// Eval computes the formula with the given values; a missing reference is
// an error naming it.
func (f Formula) Eval(values map[string]int64) (int64, error) {
	var sum int64
	for _, t := range f.Terms {
		v := t.Const
		if t.Ref != "" {
			var ok bool
			if v, ok = values[t.Ref]; !ok {
				return 0, fmt.Errorf("formula refers to {%s}, which has no value", t.Ref)
			}
		}
		sum += t.Sign * v
	}
	return sum, nil
}

// String writes the formula in canonical form.
func (f Formula) String() string {
	var b strings.Builder
	for i, t := range f.Terms {
		switch {
		case i > 0 && t.Sign < 0:
			b.WriteString(" - ")
		case i > 0:
			b.WriteString(" + ")
		case t.Sign < 0:
			b.WriteString("-")
		}
		if t.Ref != "" {
			b.WriteString("{" + t.Ref + "}")
		} else {
			b.WriteString(strconv.FormatInt(t.Const, 10))
		}
	}
	return b.String()
}

// InputValues are the numbers a formula reads from the figures it names
// (Explain): each figure's value by key, of those that give a number (a
// figure that gives none leaves its reference unknown). Nil views are
// skipped.
func InputValues(views ...*FigureView) map[string]int64 {
	values := make(map[string]int64, len(views))
	for _, v := range views {
		if v != nil && v.Figure.Qualifier.HasNumber() {
			values[v.Figure.Key] = v.Figure.Value
		}
	}
	return values
}

// Explain writes the formula with each reference replaced by its value,
// with typographic minus signs for display: "92 − 46".
func (f Formula) Explain(values map[string]int64) string {
	var b strings.Builder
	for i, t := range f.Terms {
		switch {
		case i > 0 && t.Sign < 0:
			b.WriteString(" − ")
		case i > 0:
			b.WriteString(" + ")
		case t.Sign < 0:
			b.WriteString("−")
		}
		v, ok := values[t.Ref]
		switch {
		case t.Ref == "":
			b.WriteString(FormatInt(t.Const))
		case ok:
			b.WriteString(FormatInt(v))
		default:
			b.WriteString("?")
		}
	}
	return b.String()
}
