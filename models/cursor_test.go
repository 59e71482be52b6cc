package models

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []Cursor{
		{},
		{Sort: "-value", Values: []string{"41", "hrw-2017"}, Page: 3},
		{Sort: "updated", Values: []string{"2017-09-18 10:00:00.123456+00:00", "k"}, Before: true, Page: 2},
		{Before: true, Page: 9},
		{Values: []string{"2017-01-01", "2017-12-31", "apprehended", "ключ «k»"}},
	} {
		got, err := ParseCursor(c.Encode())
		if err != nil {
			t.Fatalf("ParseCursor(Encode(%+v)): %v", c, err)
		}
		if diff := cmp.Diff(c, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
		if strings.ContainsAny(c.Encode(), "+/=%&?#") {
			t.Errorf("%q needs escaping in a query string", c.Encode())
		}
	}
}

func TestCursorRefused(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for name, token := range map[string]string{
		"not base64":      "a cursor",
		"padded":          enc(`{"p":1}`) + "==",
		"not JSON":        enc("page 2"),
		"unknown field":   enc(`{"x":1}`),
		"trailing data":   enc(`{"p":1}{}`),
		"unknown order":   enc(`{"s":"popularity"}`),
		"negative page":   enc(`{"p":-1}`),
		"page too far":    enc(`{"p":4294967296}`),
		"fractional page": enc(`{"p":1.5}`),
		"NUL in a value":  enc(`{"v":["a\u0000b"]}`),
		"too many values": enc(`{"v":["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17"]}`),
		"long value":      enc(`{"v":["` + strings.Repeat("x", 600) + `"]}`),
		"long token":      strings.Repeat("e", 5000),
	} {
		_, err := ParseCursor(token)
		if ErrorCode(err) != EInvalid || len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Field != "cursor" {
			t.Errorf("%s: ParseCursor(%.40q) = %v, want a problem with cursor", name, token, err)
		}
	}
}

func TestFilterCursor(t *testing.T) {
	c := Cursor{Sort: "-value", Values: []string{"1", "k"}}.Encode()
	for _, tc := range []struct {
		query string
		ok    bool
	}{
		{"sort=-value&cursor=" + c, true},
		{"cursor=" + c, false},                      // another order
		{"sort=value&cursor=" + c, false},           // the reverse is another order
		{"sort=-value&page=2&cursor=" + c, false},   // with a page
		{"sort=-value&offset=5&cursor=" + c, false}, // with an offset
		{"sort=period&cursor=" + Cursor{}.Encode(), true},
		{"cursor=" + Cursor{Sort: "period"}.Encode(), true},
		{"cursor=!", false},
	} {
		q, _ := url.ParseQuery(tc.query)
		f, err := ParseFigureFilter(q)
		if tc.ok != (err == nil) {
			t.Errorf("%s: %v", tc.query, err)
		}
		if err != nil && !strings.Contains(err.Error()+fieldsText(err), "cursor") {
			t.Errorf("%s: the error does not name cursor: %v", tc.query, err)
		}
		if tc.ok && f.Cursor == nil {
			t.Errorf("%s: no cursor read", tc.query)
		}
	}
}

func fieldsText(err error) string {
	var b strings.Builder
	for _, f := range FieldErrors(err) {
		b.WriteString(f.Field + ": " + f.Message + "\n")
	}
	return b.String()
}

// FuzzParseCursor: any text is refused with a problem naming cursor or
// read as a cursor that writes back to a token reading the same.
func FuzzParseCursor(f *testing.F) {
	for _, c := range []Cursor{{}, {Sort: "-value", Values: []string{"41", "k"}, Page: 2}, {Before: true, Page: 7}} {
		f.Add(c.Encode())
	}
	f.Add("eyJ2IjpbIjEiXX0")
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, token string) {
		c, err := ParseCursor(token)
		if err != nil {
			if ErrorCode(err) != EInvalid || len(FieldErrors(err)) == 0 || FieldErrors(err)[0].Field != "cursor" {
				t.Fatalf("ParseCursor(%q): %v, want a problem with cursor", token, err)
			}
			return
		}
		again, err := ParseCursor(c.Encode())
		if err != nil {
			t.Fatalf("ParseCursor(%q) = %+v, written as %q, which is refused: %v", token, c, c.Encode(), err)
		}
		if diff := cmp.Diff(c, again, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ParseCursor(%q) written back reads differently (-first +again):\n%s", token, diff)
		}
	})
}
