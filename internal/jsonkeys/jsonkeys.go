// Package jsonkeys finds a name given twice in one JSON object. The JSON
// standard leaves such an object's meaning open and encoding/json keeps
// the last value without a word, so a file or request body could say two
// things and be read as one of them; the importer and the write API
// refuse it instead, naming where.
package jsonkeys

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-json-experiment/json/jsontext"
)

// DuplicateError is a name given a second time in one JSON object.
type DuplicateError struct {
	Path string // where the second one is, as figures[3].quote
	Name string // the name itself
}

// Error implements error.
func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%s: %q given more than once in the same object", e.Path, e.Name)
}

// Unique returns a *DuplicateError for the first name repeated within an
// object of data, or nil. Names are compared after unescaping, as a
// decoder sees them ("a" and "\u0061" are the same name), and exactly
// (case matters). Data that is not valid JSON past what was read is not
// reported here: the caller's decoder says what is wrong with it.
func Unique(data []byte) error {
	// jsontext refuses duplicate names by default (AllowDuplicateNames is
	// false). Invalid UTF-8 is left to the caller, as encoding/json
	// replaces it rather than failing.
	dec := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowInvalidUTF8(true))
	for {
		_, err := dec.ReadToken()
		if err == nil {
			continue
		}
		var se *jsontext.SyntacticError
		if errors.Is(err, io.EOF) || !errors.As(err, &se) || !errors.Is(se.Err, jsontext.ErrDuplicateName) {
			return nil
		}
		return &DuplicateError{Path: path(dec, se.JSONPointer), Name: se.JSONPointer.LastToken()}
	}
}

// path writes a JSON pointer the way the importer names places: object
// members after a dot, array indices in brackets, and a name that is not
// a plain word (empty, or holding a dot or a space) quoted in brackets.
// The decoder's stack says which level is which; its level i+1 holds the
// pointer's token i.
func path(dec *jsontext.Decoder, ptr jsontext.Pointer) string {
	var b strings.Builder
	level := 1
	for tok := range ptr.Tokens() {
		kind := jsontext.Kind('{')
		if level <= dec.StackDepth() {
			kind, _ = dec.StackIndex(level)
		}
		b.WriteString(step(kind == '[', b.Len() == 0, tok))
		level++
	}
	return b.String()
}

// step is one level of a path: an index, or a member name.
func step(index, first bool, tok string) string {
	plain := tok != ""
	for _, r := range tok {
		plain = plain && (r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	switch {
	case index:
		return "[" + tok + "]"
	case plain && first:
		return tok
	case plain:
		return "." + tok
	}
	return "[" + strconv.Quote(tok) + "]"
}
