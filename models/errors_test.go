package models

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// wantProblem is one expected FieldError: the field it names and a piece of
// its message that tells a person what was expected.
type wantProblem struct {
	Field    string
	Contains string
}

// checkProblems fails t unless err lists exactly the fields of want, in
// order, each message containing its piece; an empty want means no error.
// Validation errors must also be EInvalid *Errors so every layer can map them.
func checkProblems(t *testing.T, err error, want []wantProblem) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want problems with %v", want)
	}
	if code := ErrorCode(err); code != EInvalid {
		t.Errorf("ErrorCode = %q, want %q (error %v)", code, EInvalid, err)
	}
	got := FieldErrors(err)
	gotFields := make([]string, len(got))
	for i, f := range got {
		gotFields[i] = f.Field
	}
	wantFields := make([]string, len(want))
	for i, w := range want {
		wantFields[i] = w.Field
	}
	if diff := cmp.Diff(wantFields, gotFields); diff != "" {
		t.Fatalf("fields with problems (-want +got):\n%s\nerror: %v", diff, err)
	}
	for i, w := range want {
		if !strings.Contains(got[i].Message, w.Contains) {
			t.Errorf("%s: message %q does not contain %q", w.Field, got[i].Message, w.Contains)
		}
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"no fields", &Error{Code: ENotFound, Message: "figure not found"}, "figure not found"},
		{"one field", &Error{Code: EInvalid, Message: "invalid figure", Fields: []FieldError{{"id", "required"}}}, "invalid figure: id: required"},
		{
			"fields in order",
			&Error{Code: EInvalid, Message: "invalid source", Fields: []FieldError{{"url", "must have a host"}, {"title", "required"}}},
			"invalid source: url: must have a host; title: required",
		},
		{"Errorf", Errorf(EConflict, "figure %q was changed (version %d)", "a", 3), `figure "a" was changed (version 3)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorCodeMessageFields(t *testing.T) {
	fields := []FieldError{{"id", "required"}}
	domain := &Error{Code: EConflict, Message: "stale version", Fields: fields}
	tests := []struct {
		name        string
		err         error
		wantCode    string
		wantMessage string
		wantFields  []FieldError
	}{
		{"domain error", domain, EConflict, "stale version", fields},
		{"wrapped domain error", fmt.Errorf("saving: %w", domain), EConflict, "stale version", fields},
		{"plain error stays internal", errors.New("disk on fire at /var/lib/db"), EInternal, "internal error", nil},
		{"nil", nil, EInternal, "internal error", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", got, tt.wantCode)
			}
			if got := ErrorMessage(tt.err); got != tt.wantMessage {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.wantMessage)
			}
			if diff := cmp.Diff(tt.wantFields, FieldErrors(tt.err)); diff != "" {
				t.Errorf("FieldErrors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProblems(t *testing.T) {
	t.Run("nothing added is a nil error, not a typed nil", func(t *testing.T) {
		var p Problems
		if err := p.Err("figure"); err != nil {
			t.Fatalf("Err = %#v, want nil", err)
		}
	})
	t.Run("problems keep their order and formatting", func(t *testing.T) {
		var p Problems
		p.Add("id", "expected a key, got %q", "A")
		p.Add("value", "must be at most %d", 5)
		err := p.Err("figure")
		var got *Error
		if !errors.As(err, &got) {
			t.Fatalf("Err = %T, want *Error", err)
		}
		want := &Error{Code: EInvalid, Message: "invalid figure", Fields: []FieldError{
			{"id", `expected a key, got "A"`},
			{"value", "must be at most 5"},
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Err (-want +got):\n%s", diff)
		}
	})
	t.Run("Prefix nests the problems of a part", func(t *testing.T) {
		var part Problems
		part.Add("url", "must have a host")
		part.Add("title", "required")
		var p Problems
		p.Add("id", "required")
		p.Prefix("sources[2].", part.Err("source"))
		p.Prefix("ignored.", nil)
		p.Prefix("ignored.", errors.New("not a domain error"))
		want := []FieldError{{"id", "required"}, {"sources[2].url", "must have a host"}, {"sources[2].title", "required"}}
		if diff := cmp.Diff(want, FieldErrors(p.Err("batch"))); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
	})
}

func TestFieldErrorEntry(t *testing.T) {
	for _, tt := range []struct {
		field, prefix string
		i             int
		rest          string
		ok            bool
	}{
		{"figures[3].value", "figures[", 3, "value", true},
		{"figures[0].period.start", "figures[", 0, "period.start", true},
		{"sources[2].title", "figures[", 0, "", false},
		{"figures[-1].value", "figures[", 0, "", false},
		{"figures[x].value", "figures[", 0, "", false},
		{"figures[3]", "figures[", 0, "", false},
		{"value", "figures[", 0, "", false},
	} {
		i, rest, ok := FieldError{Field: tt.field}.Entry(tt.prefix)
		if i != tt.i || rest != tt.rest || ok != tt.ok {
			t.Errorf("%q.Entry(%q) = %d, %q, %v; want %d, %q, %v", tt.field, tt.prefix, i, rest, ok, tt.i, tt.rest, tt.ok)
		}
	}
}
