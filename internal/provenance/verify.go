package provenance

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Normalize returns s in the form quotes are compared in: every run of
// Unicode whitespace (including no-break spaces) becomes one ASCII space,
// curly single and double quotes and primes become ' and ", every dash
// variant (‐ ‑ ‒ – — ― −) becomes '-', invisible formatting characters (soft
// hyphen, zero-width space, word joiner, BOM) are removed, and the result is
// trimmed. Invalid UTF-8 bytes become U+FFFD, so the result is always valid
// UTF-8, and Normalize(Normalize(s)) == Normalize(s).
//
// These are the differences that copying a sentence out of a web page, PDF
// or word processor introduces without changing what it says. Letter case,
// other punctuation and Unicode composition are kept: they can change
// meaning, and quotes are meant to be exact.
func Normalize(s string) string {
	var n normalizer
	n.run(s)
	return n.b.String()
}

// normRune maps r to its normalised form: ' ' for whitespace, -1 for a
// character to drop, otherwise a single rune. Each raw rune yields at most one
// normalised rune, which keeps offset mapping simple and guarantees that a
// match in the normalised text never starts or ends inside one raw rune.
func normRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', // ‘ ’ ‚ ‛
		'\u2032', '\u2035', // ′ ‵ (primes, often typed for apostrophes)
		'\u02BC': // ʼ modifier letter apostrophe
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', // “ ” „ ‟
		'\u2033', '\u2036': // ″ ‶
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', // ‐ ‑ ‒ – — ―
		'\u2212',                     // − minus sign
		'\uFE58', '\uFE63', '\uFF0D': // small and full-width variants
		return '-'
	case '\u00AD', '\u200B', '\u2060', '\uFEFF':
		// Soft hyphen, zero-width space, word joiner and BOM are invisible
		// when rendered, so a quote copied from the page never shows them.
		return -1
	}
	if unicode.IsSpace(r) { // covers U+00A0, U+202F and the other Zs spaces
		return ' '
	}
	return r
}

// normalizer builds the normalised text and, when track is set, records for
// every normalised byte the raw byte range [start, end) it came from.
type normalizer struct {
	b          strings.Builder
	track      bool
	starts     []int
	ends       []int
	pending    bool // whitespace seen since the last kept rune
	spaceStart int
	spaceEnd   int
}

func (n *normalizer) run(s string) {
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch m := normRune(r); {
		case m < 0:
			// dropped: invisible, and transparent to whitespace collapsing
		case m == ' ':
			if n.b.Len() > 0 { // leading whitespace is trimmed
				if !n.pending {
					n.pending, n.spaceStart = true, i
				}
				n.spaceEnd = i + w
			}
		default:
			if n.pending {
				n.emit(' ', n.spaceStart, n.spaceEnd)
				n.pending = false
			}
			n.emit(m, i, i+w) // r == RuneError for an invalid byte: emits U+FFFD
		}
		i += w
	}
	// A pending space at the end is simply never emitted: that is the trim.
}

func (n *normalizer) emit(r rune, start, end int) {
	size, _ := n.b.WriteRune(r)
	if !n.track {
		return
	}
	for range size {
		n.starts = append(n.starts, start)
		n.ends = append(n.ends, end)
	}
}

// Text is a source text prepared for verifying quotes: the raw text as
// supplied, its normalised form, and the map between the two. A *Text is safe
// for concurrent use.
type Text struct {
	raw  string
	norm string
	// starts[i] and ends[i] are the raw byte range that produced norm[i].
	starts []int
	ends   []int

	// words is only needed to explain a failed Find, so it is built on the
	// first one; the Once keeps a shared *Text safe for concurrent Finds.
	wordsOnce sync.Once
	words     []word
}

// NewText prepares raw for Find. The normalisation is done once here so that
// verifying the dozen quotes of one source does not redo it for each.
func NewText(raw string) *Text {
	n := normalizer{track: true}
	n.run(raw)
	return &Text{raw: raw, norm: n.b.String(), starts: n.starts, ends: n.ends}
}

// SHA256 returns the lowercase hex SHA-256 of the raw text bytes, exactly as
// supplied, so a later reader can tell whether they hold the same text the
// quotes were verified against.
func (t *Text) SHA256() string {
	sum := sha256.Sum256([]byte(t.raw))
	return hex.EncodeToString(sum[:])
}

// Match is where a quote was found, as byte offsets into the raw text:
// raw[Start:End] is the quoted passage as the source spells it.
type Match struct {
	Start int
	End   int
}

// NotFoundError reports a quote that does not occur in the text, with the
// passage that comes closest, so an editor can see the typo at a glance.
type NotFoundError struct {
	// Quote is the quote as given.
	Quote string
	// Closest is the most similar passage of the raw text, or "" when the
	// text shares no word with the quote.
	Closest string
	// ClosestStart is the byte offset of Closest in the raw text, or -1.
	ClosestStart int
}

// Error implements error. The passage is shown normalised so line breaks
// from the source do not break up the message.
func (e *NotFoundError) Error() string {
	if e.Closest == "" {
		return fmt.Sprintf("provenance: quote %q not found in the source text, which shares no words with it", Normalize(e.Quote))
	}
	return fmt.Sprintf("provenance: quote %q not found in the source text; closest passage at byte %d: %q",
		Normalize(e.Quote), e.ClosestStart, Normalize(e.Closest))
}

// Find locates quote in the text, comparing both in Normalize's form, and
// returns the first occurrence as raw byte offsets such that
// Normalize(raw[Start:End]) == Normalize(quote). It returns ErrEmptyQuote for
// a quote that normalises to nothing and a *NotFoundError when the quote does
// not occur.
func (t *Text) Find(quote string) (Match, error) {
	q := Normalize(quote)
	if q == "" {
		return Match{}, ErrEmptyQuote
	}
	i := strings.Index(t.norm, q)
	if i < 0 {
		start, end := t.closest(q)
		nf := &NotFoundError{Quote: quote, ClosestStart: -1}
		if start >= 0 {
			nf.Closest, nf.ClosestStart = t.raw[start:end], start
		}
		return Match{}, nf
	}
	// q is trimmed, so both of its ends are kept runes, never the collapsed
	// space whose raw range would spill into the surrounding whitespace.
	return Match{Start: t.starts[i], End: t.ends[i+len(q)-1]}, nil
}
