package jsonkeys

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestUnique(t *testing.T) {
	tests := []struct {
		in         string
		path, name string // "" means no duplicate
	}{
		{`{"a": 1, "b": 2}`, "", ""},
		{`{"a": 1, "a": 2}`, "a", "a"},
		{`{"a": {"x": 1}, "b": {"x": 2}}`, "", ""},
		{`{"figures": [{"quote": "x"}, {"quote": "y"}, {"id": 1}, {"id": 2, "quote": "a", "quote": "b"}]}`, "figures[3].quote", "quote"},
		{`{"figures": [{"period": {"start": "2017", "start": "2018"}}]}`, "figures[0].period.start", "start"},
		{`[{"id": 1}, {"id": 2, "id": 3}]`, "[1].id", "id"},
		{`[[{}], [{"k": [1, {"k": 2, "k": 3}]}]]`, "[1][0].k[1].k", "k"},
		{`{"a": 1, "\u0061": 2}`, "a", "a"},
		{`{"Title": 1, "title": 2}`, "", ""},
		{`{"a.b": 1, "a.b": 2}`, `["a.b"]`, "a.b"},
		{`{"x": {"": 1, "": 2}}`, `x[""]`, ""},
		{`{"": 1, "": 2}`, `[""]`, ""},
		{"{\"x\": \"\xff\", \"x\": 2}", "x", "x"}, // invalid UTF-8 is the caller's business
		// Not valid JSON: left to the caller's decoder, even after a duplicate
		// would have been found in a later object.
		{`{"a": 1,`, "", ""},
		{`{"a": } {"b": 1, "b": 2}`, "", ""},
		{``, "", ""},
		{`"a"`, "", ""},
	}
	for _, tt := range tests {
		err := Unique([]byte(tt.in))
		if tt.path == "" {
			if err != nil {
				t.Errorf("Unique(%s) = %v, want nil", tt.in, err)
			}
			continue
		}
		var de *DuplicateError
		if !errors.As(err, &de) || de.Path != tt.path || de.Name != tt.name {
			t.Errorf("Unique(%s) = %v, want %s (%s)", tt.in, err, tt.path, tt.name)
		}
	}
}

// FuzzUnique checks Unique against a plain token walk with
// encoding/json: on valid JSON they find the same first duplicate, at the
// same path.
func FuzzUnique(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"figures":[{"quote":"x","quote":"y"}]}`, `[{"id":1},{"id":2,"id":3}]`,
		`{"a":{"b":[1,{"c":1,"c":2}]}}`, `{"a":1,"\u0061":2}`, `{"a":1}`, `[1,2,3]`, `{"a":1,`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := Unique(data)
		if !json.Valid(data) || !isUTF8Clean(data) {
			return
		}
		want := reference(data)
		var de *DuplicateError
		switch {
		case want == "" && got != nil:
			t.Fatalf("Unique(%q) = %v; the token walk finds no duplicate", data, got)
		case want != "" && (!errors.As(got, &de) || de.Path+"|"+de.Name != want):
			t.Fatalf("Unique(%q) = %v; the token walk finds %s", data, got, want)
		}
	})
}

// isUTF8Clean reports whether data has no invalid UTF-8, where
// encoding/json and jsontext may read names differently.
func isUTF8Clean(data []byte) bool { return bytes.Equal(bytes.ToValidUTF8(data, nil), data) }

// reference finds the first duplicate name with encoding/json's tokens and
// returns "path|name", or "".
func reference(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		array bool
		index int
		seen  map[string]bool
		key   string
		inKey bool // key names the member whose value comes next
	}
	var stack []*frame
	pathOf := func(last string) string {
		var b strings.Builder
		for i, fr := range stack {
			seg := fr.key
			if fr.array {
				seg = fmt.Sprint(fr.index)
			}
			if i == len(stack)-1 {
				seg = last
			}
			b.WriteString(step(fr.array, b.Len() == 0, seg))
		}
		return b.String()
	}
	// afterValue moves the enclosing array to its next index.
	afterValue := func() {
		if n := len(stack); n > 0 && stack[n-1].array {
			stack[n-1].index++
		}
	}
	expectKey := func() bool { n := len(stack); return n > 0 && !stack[n-1].array && !stack[n-1].inKey }
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, &frame{seen: map[string]bool{}})
			case '[':
				stack = append(stack, &frame{array: true})
			default:
				stack = stack[:len(stack)-1]
				if n := len(stack); n > 0 && !stack[n-1].array {
					stack[n-1].inKey = false
				}
				afterValue()
			}
			continue
		case string:
			if expectKey() {
				top := stack[len(stack)-1]
				if top.seen[v] {
					return pathOf(v) + "|" + v
				}
				top.seen[v] = true
				top.key, top.inKey = v, true
				continue
			}
		}
		if n := len(stack); n > 0 && !stack[n-1].array {
			stack[n-1].inKey = false
		}
		afterValue()
	}
}
