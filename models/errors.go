package models

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Error codes shared by every layer; the HTTP and CLI layers map them to
// status codes and exit codes.
const (
	EInvalid      = "invalid"      // the input breaks a validation rule
	ENotFound     = "not_found"    // the thing asked for does not exist
	EConflict     = "conflict"     // a stale version or a duplicate key
	EUnauthorized = "unauthorized" // no valid credentials
	EForbidden    = "forbidden"    // credentials lack the right
	EUnavailable  = "unavailable"  // the database is busy or unreachable for now: try again shortly
	EInternal     = "internal"     // a bug or an infrastructure failure
)

// FieldError is one problem with one field, phrased so that a person can act
// on it: it names the field and what was expected.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// String writes the problem as "field: message" (the message alone
// when it names no field).
func (f FieldError) String() string {
	if f.Field == "" {
		return f.Message
	}
	return f.Field + ": " + f.Message
}

// Entry splits a field named for an entry of a batch ("figures[3].value")
// into the index and the entry's field (3, "value"), if it is named so
// after prefix ("figures[").
func (f FieldError) Entry(prefix string) (int, string, bool) {
	rest, ok := strings.CutPrefix(f.Field, prefix)
	if !ok {
		return 0, "", false
	}
	idx, field, ok := strings.Cut(rest, "].")
	if !ok {
		return 0, "", false
	}
	n, err := strconv.Atoi(idx)
	if err != nil || n < 0 {
		return 0, "", false
	}
	return n, field, true
}

// Error is the domain error: a code, a summary message and, for invalid
// input, the problems field by field.
type Error struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Fields  []FieldError `json:"fields,omitempty"`
}

// Error returns the summary followed by every field problem.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.Message + ": " + strings.Join(parts, "; ")
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and
// EInternal otherwise.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the person-readable message of err if it is an
// *Error, and a generic message otherwise (internal details stay in logs).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// FieldErrors returns the per-field problems carried by err, if any.
func FieldErrors(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation.
type Problems struct {
	list []FieldError
}

// Add records that field is wrong, with what was expected.
func (p *Problems) Add(field, format string, args ...any) {
	p.list = append(p.list, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Prefix adds every problem of q with its field names prefixed.
func (p *Problems) Prefix(prefix string, err error) {
	for _, f := range FieldErrors(err) {
		p.list = append(p.list, FieldError{Field: prefix + f.Field, Message: f.Message})
	}
}

// Err returns nil when nothing was added, or an EInvalid *Error listing the
// problems in the order they were found (the order of the form's fields).
func (p *Problems) Err(what string) error {
	if len(p.list) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "invalid " + what, Fields: p.list}
}
