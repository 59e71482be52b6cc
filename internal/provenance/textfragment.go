package provenance

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the text directive built by FragmentLink. They follow Chromium's
// "copy link to highlight" generator (kExactTextMaxChars = 300), so our links
// look like the ones browsers make and stay within what they match reliably.
const (
	// exactTextMaxRunes is the longest normalised quote sent whole as
	// text=<quote>. Longer quotes make unwieldy URLs (every space is three
	// bytes), so they become a textStart,textEnd range instead.
	exactTextMaxRunes = 300

	// rangeEdgeWords is how many words go into textStart and into textEnd.
	// A browser highlights from the first occurrence of textStart on the page
	// to the first occurrence of textEnd after it. Five words are long enough
	// to be unlikely to recur by chance in a report's paragraph (Chromium
	// starts at three and grows only after checking the page, which we
	// cannot do), and short enough to keep the link readable.
	rangeEdgeWords = 5

	// rangeMaxEndWords caps how far textEnd grows when its words recur inside
	// the quote; past it the whole quote is cheaper than hunting further.
	rangeMaxEndWords = 4 * rangeEdgeWords
)

// ErrEmptyQuote is returned when a quote has no text once whitespace is
// normalised: an empty quote would match anywhere, so it proves nothing.
var ErrEmptyQuote = errors.New("provenance: quote is empty")

// FragmentLink returns pageURL with a text fragment (#:~:text=…, WICG Text
// Fragments) that makes a browser scroll to and highlight quote.
//
// pageURL must be an absolute http or https URL with a host; any fragment it
// already has is dropped, because a link carries one fragment and the text
// directive is the one that matters. Whitespace in quote is collapsed and
// trimmed, as browsers match rendered text where line breaks are just spaces;
// every other character is kept, so quote must be spelled as on the page
// (curly quotes included).
//
// A quote of at most 300 characters, or of fewer than ten words, is sent
// whole (text=quote). A longer one is sent as a range, text=start,end, of its
// first five and last five words, which a browser highlights with everything
// in between. The end grows by a word at a time while its words also occur
// earlier in the quote, because the browser would stop at that earlier
// occurrence; if no end up to twenty words is unique, the quote is sent whole.
func FragmentLink(pageURL, quote string) (string, error) {
	base, err := fragmentBase(pageURL)
	if err != nil {
		return "", err
	}
	directive, err := textDirective(quote, exactTextMaxRunes, rangeEdgeWords)
	if err != nil {
		return "", err
	}
	return base + "#:~:" + directive, nil
}

// EncodeTextDirective percent-encodes s for use as one term (textStart,
// textEnd, prefix or suffix) of a text directive.
//
// Only ASCII letters, digits and . _ ~ are left as they are; every other byte,
// including each byte of a multi-byte UTF-8 sequence, becomes %XX. That covers
// what the spec requires (- & , are directive syntax) and what a URL fragment
// requires (space, #, %, quotes, non-ASCII), and deliberately encodes '-' even
// though RFC 3986 calls it unreserved: a term starting or ending in a raw '-'
// would be read as a prefix or suffix.
func EncodeTextDirective(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDirectiveSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0x0F])
	}
	return b.String()
}

func isDirectiveSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case c == '.', c == '_', c == '~':
		return true
	}
	return false
}

// fragmentBase validates pageURL and returns it without its fragment. It
// re-serialises the parsed URL rather than cutting the input at '#', so a
// path with stray spaces or other unescaped bytes comes out as a valid URL.
func fragmentBase(pageURL string) (string, error) {
	raw := strings.TrimSpace(pageURL)
	if raw == "" {
		return "", errors.New("provenance: page URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("provenance: page URL %q is not a valid URL: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return "", fmt.Errorf("provenance: page URL %q is not absolute: it needs http:// or https://", raw)
		}
		return "", fmt.Errorf("provenance: page URL %q has scheme %q: only http and https pages can be linked", raw, u.Scheme)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return "", fmt.Errorf("provenance: page URL %q has no host", raw)
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// textDirective builds "text=…" for quote. The limits are parameters so the
// tests can reproduce the spec's short examples as ranges.
func textDirective(quote string, maxExactRunes, edgeWords int) (string, error) {
	if !utf8.ValidString(quote) {
		return "", errors.New("provenance: quote is not valid UTF-8")
	}
	if d, ok := wholeDirective(quote, maxExactRunes, edgeWords); ok {
		return d, nil
	}
	words := strings.Fields(quote)
	if len(words) == 0 {
		return "", ErrEmptyQuote
	}
	whole := strings.Join(words, " ")
	if utf8.RuneCountInString(whole) <= maxExactRunes || len(words) < 2*edgeWords {
		return "text=" + EncodeTextDirective(whole), nil
	}
	start, end, ok := rangeTerms(words, edgeWords)
	if !ok {
		return "text=" + EncodeTextDirective(whole), nil
	}
	return "text=" + EncodeTextDirective(start) + "," + EncodeTextDirective(end), nil
}

// wholeDirective is textDirective's "text=…" of a quote sent whole
// because it is short (most are), written in one pass over the valid
// UTF-8 quote: its words joined by one space and percent-encoded as
// EncodeTextDirective does, without the words' slice and the copies
// strings.Fields, Join and the concatenation make (they were half of a
// revision snapshot's link, made for every figure an import writes). ok
// is false for an empty quote and for one sent as a range: the caller
// takes the long way.
func wholeDirective(quote string, maxExactRunes, edgeWords int) (string, bool) {
	words, runes, inWord := 0, 0, false
	for _, r := range quote {
		if unicode.IsSpace(r) { // as strings.Fields splits
			inWord = false
			continue
		}
		if !inWord {
			words, inWord = words+1, true
		}
		runes++
	}
	if words == 0 || runes+words-1 > maxExactRunes && words >= 2*edgeWords {
		return "", false
	}
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len("text=") + 3*len(quote))
	b.WriteString("text=")
	first := true
	inWord = false
	for i := 0; i < len(quote); {
		r, size := utf8.DecodeRuneInString(quote[i:])
		if unicode.IsSpace(r) {
			inWord = false
			i += size
			continue
		}
		if !inWord {
			if !first {
				b.WriteString("%20") // the one space between two words
			}
			first, inWord = false, true
		}
		for _, c := range []byte(quote[i : i+size]) {
			if isDirectiveSafe(c) {
				b.WriteByte(c)
				continue
			}
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0x0F])
		}
		i += size
	}
	return b.String(), true
}

// rangeTerms picks textStart and textEnd for a quote split into words.
//
// The browser stops the highlight at the first textEnd after textStart, so if
// the last few words also occur earlier in the quote the highlight would be
// cut short. textEnd therefore grows, one word at a time, until its first
// occurrence in the quote is the one at the end. Matching in browsers is
// case-insensitive, hence the comparison on lower-cased words. Checking the
// whole quote (not just the part after textStart) is stricter than needed
// and so safe for either reading of where the textEnd search begins.
func rangeTerms(words []string, edgeWords int) (start, end string, ok bool) {
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	all := strings.Join(lower, " ")
	start = strings.Join(words[:edgeWords], " ")
	for k := edgeWords; k <= len(words)-edgeWords && k <= rangeMaxEndWords; k++ {
		tail := strings.Join(lower[len(words)-k:], " ")
		if strings.Index(all, tail) == len(all)-len(tail) {
			return start, strings.Join(words[len(words)-k:], " "), true
		}
	}
	return "", "", false
}
