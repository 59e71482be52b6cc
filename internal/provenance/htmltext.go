package provenance

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText returns the readable text of an HTML document, for verifying
// quotes against a saved web page.
//
// It uses the HTML5 parser (golang.org/x/net/html) rather than stripping tags,
// so entities are decoded and malformed markup is repaired the way a browser
// would repair it. Content that a browser does not render as page text is
// dropped: script, style, noscript, template, the fallback content of iframe
// and object, and anything marked hidden. Block elements end a line;
// paragraphs, headings, lists, tables and the like are also separated by a
// blank line; <br> is a line break; table cells are separated by a space.
// Whitespace inside text is collapsed as the browser would, except in <pre>
// and <textarea>.
//
// The input must be UTF-8 (as the parser assumes); decode other charsets
// before calling. Errors come only from reading r.
func HTMLToText(r io.Reader) (string, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return "", fmt.Errorf("provenance: reading HTML: %w", err)
	}
	var w textWriter
	w.walk(doc, false)
	// Only preformatted text can leave whitespace at the very end.
	return strings.TrimRight(w.b.String(), htmlSpace), nil
}

// skippedElements hold no rendered text. noscript is included because the
// tracker cares about what a reader with scripting enabled sees, which is
// what a browser matches a text fragment against.
var skippedElements = map[atom.Atom]bool{
	atom.Script:   true,
	atom.Style:    true,
	atom.Noscript: true,
	atom.Template: true,
	atom.Iframe:   true,
	atom.Object:   true,
}

// blockBreaks is how many newlines separate each block element from what
// surrounds it: 2 (a blank line) for paragraph-like blocks, 1 for the rest.
var blockBreaks = map[atom.Atom]int{
	atom.P: 2, atom.H1: 2, atom.H2: 2, atom.H3: 2, atom.H4: 2, atom.H5: 2, atom.H6: 2,
	atom.Blockquote: 2, atom.Pre: 2, atom.Title: 2, atom.Hr: 2, atom.Table: 2,
	atom.Ul: 2, atom.Ol: 2, atom.Dl: 2, atom.Figure: 2, atom.Address: 2,

	atom.Html: 1, atom.Body: 1, atom.Div: 1, atom.Article: 1, atom.Section: 1,
	atom.Aside: 1, atom.Header: 1, atom.Footer: 1, atom.Main: 1, atom.Nav: 1,
	atom.Li: 1, atom.Dt: 1, atom.Dd: 1, atom.Figcaption: 1, atom.Caption: 1,
	atom.Tr: 1, atom.Thead: 1, atom.Tbody: 1, atom.Tfoot: 1, atom.Form: 1,
	atom.Fieldset: 1, atom.Legend: 1, atom.Details: 1, atom.Summary: 1,
	atom.Dialog: 1, atom.Hgroup: 1, atom.Menu: 1, atom.Center: 1,
	atom.Textarea: 1, atom.Select: 1, atom.Option: 1,
}

// textWriter collects text, deferring separators until the next visible
// character so that the output never starts or ends with blank space and
// never has trailing spaces on a line.
type textWriter struct {
	b      strings.Builder
	breaks int  // newlines owed before the next text
	space  bool // a space owed before the next text
}

func (w *textWriter) walk(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, pre)
		return
	case html.ElementNode:
		if skippedElements[n.DataAtom] || hasAttr(n, "hidden") {
			return
		}
		switch n.DataAtom {
		case atom.Br:
			w.lineBreak()
			return
		case atom.Td, atom.Th:
			w.separate()
		case atom.Pre, atom.Textarea, atom.Listing, atom.Plaintext:
			pre = true
		}
	case html.DocumentNode:
	default: // comments, doctype
		return
	}
	brk := blockBreaks[n.DataAtom]
	w.block(brk)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, pre)
	}
	w.block(brk)
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// block owes at least n newlines; consecutive block boundaries do not add up.
func (w *textWriter) block(n int) {
	if w.b.Len() > 0 {
		w.breaks = max(w.breaks, n)
	}
}

// lineBreak owes one more newline: unlike block boundaries, <br><br> is a
// deliberate blank line.
func (w *textWriter) lineBreak() {
	if w.b.Len() > 0 {
		w.breaks++
	}
}

// separate owes a space, as between table cells.
func (w *textWriter) separate() {
	if w.b.Len() > 0 {
		w.space = true
	}
}

// flush writes the separators owed before visible text.
func (w *textWriter) flush() {
	switch {
	case w.breaks > 0:
		w.b.WriteString(strings.Repeat("\n", w.breaks))
	case w.space:
		w.b.WriteByte(' ')
	}
	w.breaks, w.space = 0, false
}

func (w *textWriter) text(s string, pre bool) {
	if pre {
		if s != "" {
			w.flush()
			w.b.WriteString(s)
		}
		return
	}
	for len(s) > 0 {
		i := strings.IndexAny(s, htmlSpace)
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			w.flush()
			w.b.WriteString(s[:i])
		}
		s = s[i:]
		if j := strings.TrimLeft(s, htmlSpace); len(j) < len(s) {
			w.separate()
			s = j
		}
	}
}

// htmlSpace is ASCII whitespace as HTML defines it. The no-break space is
// not in it: &nbsp; is kept, and Normalize treats it as a space later.
const htmlSpace = " \t\n\f\r"
