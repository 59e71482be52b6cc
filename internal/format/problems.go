package format

import (
	"fmt"
	"strconv"

	"forcedreturns/models"
)

// MaxFieldBytes bounds one field of an input (a CSV cell, a YAML or JSON
// value): a hostile or broken file is refused with a clear message.
const MaxFieldBytes = 64 << 10

// Problems receives the problems found in an input, each at its location
// ("row 7, value" in a CSV, "figures[3].value" in a file,
// "period.start" in a request body): the importer's report of a file, the
// write API's list for a request.
type Problems interface {
	Add(loc, message string)
}

// add reports a problem, formatting its message when args are given.
func add(p Problems, loc, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	p.Add(loc, msg)
}

// addInvalid reports the problems of a model's Validate error, naming each
// field with loc(field).
func addInvalid(p Problems, err error, loc func(field string) string) {
	fields := models.FieldErrors(err)
	if err != nil && len(fields) == 0 {
		p.Add(loc(""), err.Error())
	}
	for _, f := range fields {
		p.Add(loc(f.Field), f.Message)
	}
}

// join is the location of field in the object at loc ("" at the top).
func join(loc, field string) string {
	if loc == "" {
		return field
	}
	return loc + "." + field
}

// quoted writes a value for a message: clipped and in Go quotes, so that
// blanks and invisible characters show.
func quoted(s string) string { return strconv.Quote(models.Clip(s, 60)) }

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func markAll(m map[string]bool, fields ...string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	for _, f := range fields {
		m[f] = true
	}
	return m
}
