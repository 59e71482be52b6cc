package models

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Cursor is a position in a sorted list of figures, for keyset paging: a
// page is read from the figure a link was made at, through the indexes of
// the order, however deep it is, where an offset would have the database
// step over every row before it. The next and previous links of lists
// carry one (parameter cursor); to the reader it is an opaque token.
type Cursor struct {
	// Sort is the order the cursor was made in (FigureFilter.Sort); a
	// cursor is refused with another order.
	Sort string `json:"s,omitempty"`
	// Values are the boundary figure's values of the order's columns,
	// ending with its id (written by the store, which alone knows the
	// columns). None: the start of the list, or with Before its end.
	Values []string `json:"v,omitempty"`
	// Before asks for the page that ends before the position (a previous
	// link); otherwise the page starts after it.
	Before bool `json:"b,omitempty"`
	// Page is the number the page had when the link was made (from 1), for
	// "Page 3 of 9"; 0 when unknown. Rows written since may shift it.
	Page int `json:"p,omitempty"`
}

// Limits of a cursor as read from a link.
const (
	maxCursorLen   = 4096
	maxCursorValue = 512
	maxCursorCols  = 16
	maxCursorPage  = 1 << 30
)

// Encode writes the cursor as the token links carry: URL-safe base64 of
// its JSON, so that it needs no escaping in a query string.
func (c Cursor) Encode() string {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // strings, a bool and an int always marshal
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseCursor reads a token written by Encode. Any other text is refused
// with a problem naming the parameter cursor.
func ParseCursor(token string) (Cursor, error) {
	var p Problems
	c, why := parseCursor(token)
	if why != nil {
		p.Add("cursor", "expected the cursor of a next or previous link of this list, got %q: %s", Clip(token, 40), why)
	}
	return c, p.Err("cursor")
}

// parseCursor reads a token; its error is the reason a token is refused,
// written with fmt.Errorf so that the catalogue of field problems
// (internal/i18n) lists and translates it as the argument of the problem.
func parseCursor(token string) (Cursor, error) {
	var c Cursor
	if len(token) > maxCursorLen {
		return c, fmt.Errorf("longer than %d characters", maxCursorLen)
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return c, fmt.Errorf("not URL-safe base64")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || dec.More() {
		return Cursor{}, fmt.Errorf("not a cursor")
	}
	switch {
	case c.Sort != "" && !validSort(c.Sort):
		return Cursor{}, fmt.Errorf("unknown order %q", Clip(c.Sort, 20))
	case len(c.Values) > maxCursorCols:
		return Cursor{}, fmt.Errorf("too many values")
	case c.Page < 0 || c.Page > maxCursorPage:
		return Cursor{}, fmt.Errorf("page number out of range")
	}
	for _, v := range c.Values {
		if len(v) > maxCursorValue || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return Cursor{}, fmt.Errorf("a value that no figure has")
		}
	}
	return c, nil
}

// SameOrder reports whether two FigureFilter.Sort values name the same
// order: "period" is the default, "".
func SameOrder(a, b string) bool {
	norm := func(s string) string {
		if s == "period" {
			return ""
		}
		return s
	}
	return norm(a) == norm(b)
}

// FigurePage is one page of a figure list and the links around it.
type FigurePage struct {
	Items []FigureView
	// Total is how many figures match the filter, on every page.
	Total int
	// Limit is the page size used.
	Limit int
	// Page is the number of this page from 1, or 0 when it is not known
	// (a cursor without one).
	Page int
	// Pages is how many pages of Limit the Total makes (at least 1).
	Pages int
	// Next and Prev lead to the pages after and before this one; nil at
	// either end.
	Next, Prev *Cursor
}

// Offset is the number of figures before this page, as far as the page
// number tells it; 0 when the number is unknown.
func (p FigurePage) Offset() int {
	if p.Page <= 1 {
		return 0
	}
	return (p.Page - 1) * p.Limit
}

// LastPage is the cursor of the list's last page.
func (p FigurePage) LastPage(sort string) Cursor {
	return Cursor{Sort: sort, Before: true, Page: p.Pages}
}
