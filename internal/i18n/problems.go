package i18n

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"forcedreturns/models"
)

// Field problems (models.FieldError) are written in English by the code
// that finds them, from a format and its arguments (models.Problems.Add,
// edit.Problems.Addf, …): that English is what the command line, the
// logs and an English page or request get, unchanged. For another
// language the catalogue part "validation" maps each English format, as
// written in the code, to its translation:
//
//	"must be at most %d characters, got %d": "최대 %d자까지 쓸 수 있는데 %d자입니다"
//
// Problem reads a message back as the format it was written from and its
// arguments, and writes the translation with the same arguments (which
// may name them in another order: %[2]s). An argument that is itself a
// problem (a parser's error given as %v) is translated too. The
// catalogue check (problems_test.go) lists every format the code writes
// problems from and fails when one has no translation or a translation
// drops or adds an argument.

// problemFormat is one English format of the catalogue, read as a pattern
// that matches the messages written from it.
type problemFormat struct {
	en      string
	re      *regexp.Regexp
	verbs   []byte // the verb of each argument, in order: 'd', 'q', 's', …
	literal int    // bytes of text outside the verbs: more is more specific
}

// verb matches a fmt verb with its flags, width and explicit index.
// (before the flags, or right before the verb as fmt writes it: %04[3]d).
var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?(?:\[(\d+)\])?([a-zA-Z%])`)

// verbIndex is the explicit argument index of a verb match (submatch
// indexes m), or "".
func verbIndex(f string, m []int) string {
	for _, g := range []int{2, 4} {
		if m[g] >= 0 {
			return f[m[g]:m[g+1]]
		}
	}
	return ""
}

// parseFormat reads an English format as a pattern.
func parseFormat(en string) problemFormat {
	pf := problemFormat{en: en}
	var re strings.Builder
	re.WriteString(`^`)
	last := 0
	for _, m := range verb.FindAllStringSubmatchIndex(en, -1) {
		lit := en[last:m[0]]
		re.WriteString(regexp.QuoteMeta(lit))
		pf.literal += len(lit)
		last = m[1]
		switch c := en[m[6]]; c {
		case '%':
			re.WriteString(`%`)
			pf.literal++
		case 'd':
			re.WriteString(`(-?[0-9]+)`)
			pf.verbs = append(pf.verbs, c)
		case 'X', 'x':
			re.WriteString(`([0-9A-Fa-f]+)`)
			pf.verbs = append(pf.verbs, c)
		case 'q':
			re.WriteString(`("(?:[^"\\]|\\.)*")`)
			pf.verbs = append(pf.verbs, c)
		default:
			re.WriteString(`(.*?)`)
			pf.verbs = append(pf.verbs, c)
		}
	}
	lit := en[last:]
	re.WriteString(regexp.QuoteMeta(lit))
	pf.literal += len(lit)
	re.WriteString(`$`)
	pf.re = regexp.MustCompile(re.String())
	return pf
}

// fill writes format f with the arguments args, already written as text
// (args[0] is %[1]v).
func fill(f string, args []string) string {
	var b strings.Builder
	next := 1
	last := 0
	for _, m := range verb.FindAllStringSubmatchIndex(f, -1) {
		b.WriteString(f[last:m[0]])
		last = m[1]
		if f[m[6]] == '%' {
			b.WriteByte('%')
			continue
		}
		n := next
		if i := verbIndex(f, m); i != "" {
			n, _ = strconv.Atoi(i)
		}
		next = n + 1
		if n >= 1 && n <= len(args) {
			b.WriteString(args[n-1])
		}
	}
	b.WriteString(f[last:])
	return b.String()
}

// problemFormats are the formats of the validation part, most specific
// first; loaded with the catalogue.
func (c *Catalog) problemFormats() []problemFormat {
	c.problemsOnce.Do(func() {
		for _, key := range c.keys[models.English] {
			if c.file[models.English][key] != validationFile {
				continue
			}
			pf := parseFormat(key)
			if pf.literal == 0 {
				continue // "%v": the argument is the problem
			}
			c.problems = append(c.problems, pf)
		}
		sort.SliceStable(c.problems, func(i, j int) bool { return c.problems[i].literal > c.problems[j].literal })
	})
	return c.problems
}

// validationFile is the English file of the validation part.
const validationFile = "validation.en.yaml"

// Problem is the field problem msg, written in English, as a page or a
// request in language l says it: its translation, or the English marked
// as English (Lang "en") when the catalogue has none for it.
func Problem(l models.Lang, msg string) models.Shown {
	if l == models.English {
		return models.Shown{Text: msg}
	}
	if s, ok := catalog.problem(l, msg, 0); ok {
		return models.Shown{Text: s}
	}
	return models.Shown{Text: msg, Lang: string(models.English)}
}

// Problems is fields with each message in language l (Problem), for the
// API's fields[].message; a message left English stays as it is.
func Problems(l models.Lang, fields []models.FieldError) []models.FieldError {
	if l == models.English || len(fields) == 0 {
		return fields
	}
	out := make([]models.FieldError, len(fields))
	for i, f := range fields {
		out[i] = models.FieldError{Field: f.Field, Message: Problem(l, f.Message).Text}
	}
	return out
}

// problem translates msg if a format of the catalogue wrote it; depth
// bounds the problems nested as arguments.
func (c *Catalog) problem(l models.Lang, msg string, depth int) (string, bool) {
	if depth > 3 {
		return "", false
	}
	for _, pf := range c.problemFormats() {
		m := pf.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		tr := c.msgs[l][pf.en]
		if tr == nil || tr.Other == "" {
			return "", false
		}
		args := m[1:]
		for i, a := range args {
			if pf.verbs[i] != 'v' && pf.verbs[i] != 's' {
				continue
			}
			if s, ok := c.problem(l, a, depth+1); ok {
				args[i] = s
			}
		}
		return fill(tr.Other, args), true
	}
	return "", false
}
