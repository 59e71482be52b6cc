package provenance

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seed corpora live in testdata/fuzz/<target>/ so that plain `go test` runs
// them as regression cases; add a file there for every bug a fuzzer finds.

func FuzzFragmentLink(f *testing.F) {
	f.Fuzz(func(t *testing.T, pageURL, quote string) {
		// With a known-good URL, only the quote decides success.
		link, err := FragmentLink("https://example.org/a?b=c#old", quote)
		wantErr := !utf8.ValidString(quote) || len(strings.Fields(quote)) == 0
		if (err != nil) != wantErr {
			t.Fatalf("FragmentLink(good URL, %q) error = %v, want error: %v", quote, err, wantErr)
		}
		if err == nil {
			checkLink(t, link, quote)
		}
		sameDirective(t, quote, exactTextMaxRunes, rangeEdgeWords)
		sameDirective(t, quote, 20, 2)
		// Whatever URL is accepted must give a well-formed link.
		if link, err := FragmentLink(pageURL, quote); err == nil {
			checkLink(t, link, quote)
		}
	})
}

func checkLink(t *testing.T, link, quote string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("link %q does not parse: %v", link, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		t.Fatalf("link %q: scheme %q host %q", link, u.Scheme, u.Host)
	}
	_, frag, ok := strings.Cut(link, "#")
	if !ok || !strings.HasPrefix(frag, ":~:text=") {
		t.Fatalf("link %q: fragment %q does not start with :~:text=", link, frag)
	}
	terms := strings.Split(strings.TrimPrefix(frag, ":~:text="), ",")
	if len(terms) > 2 {
		t.Fatalf("link %q: %d terms, want textStart[,textEnd]", link, len(terms))
	}
	q := strings.Join(strings.Fields(quote), " ")
	var decoded []string
	pos := 0
	for _, term := range terms {
		for i := 0; i < len(term); i++ {
			if c := term[i]; c != '%' && !isDirectiveSafe(c) {
				t.Fatalf("link %q: raw %q in term %q", link, c, term)
			}
		}
		d, err := url.PathUnescape(term)
		if err != nil {
			t.Fatalf("link %q: term %q does not decode: %v", link, term, err)
		}
		i := strings.Index(q[pos:], d)
		if d == "" || i < 0 {
			t.Fatalf("link %q: term %q is not in the quote %q after byte %d", link, d, q, pos)
		}
		pos += i + len(d)
		decoded = append(decoded, d)
	}
	switch len(decoded) {
	case 1:
		if decoded[0] != q {
			t.Fatalf("exact term %q != quote %q", decoded[0], q)
		}
	case 2:
		if !strings.HasPrefix(q, decoded[0]) || !strings.HasSuffix(q, decoded[1]) {
			t.Fatalf("range %q..%q does not span quote %q", decoded[0], decoded[1], q)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q is not valid UTF-8", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("not idempotent: Normalize(%q) = %q, again %q", s, n, again)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q has stray spaces", s, n)
		}
		if n == "" && strings.IndexFunc(s, isKept) >= 0 {
			t.Fatalf("Normalize(%q) lost all visible text", s)
		}
	})
}

func FuzzFind(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string, a, b uint16, other string) {
		// Cut the quote at rune boundaries: cutting inside a rune makes bytes
		// that are not in the text at all.
		var bounds []int
		for i := 0; i < len(raw); {
			bounds = append(bounds, i)
			_, w := utf8.DecodeRuneInString(raw[i:])
			i += w
		}
		bounds = append(bounds, len(raw))
		i, j := bounds[int(a)%len(bounds)], bounds[int(b)%len(bounds)]
		if i > j {
			i, j = j, i
		}
		quote := raw[i:j]

		text := NewText(raw)
		m, err := text.Find(quote)
		nq := Normalize(quote)
		if nq == "" {
			if !errors.Is(err, ErrEmptyQuote) {
				t.Fatalf("Find(%q) = %v, %v; want ErrEmptyQuote", quote, m, err)
			}
		} else {
			if err != nil {
				t.Fatalf("Find(raw[%d:%d] = %q) in %q: %v", i, j, quote, raw, err)
			}
			if m.Start < 0 || m.Start > m.End || m.End > len(raw) {
				t.Fatalf("Find(%q) = %+v out of range for %d bytes", quote, m, len(raw))
			}
			if got := Normalize(raw[m.Start:m.End]); got != nq {
				t.Fatalf("Find(%q) = raw[%d:%d] = %q, normalises to %q, want %q",
					quote, m.Start, m.End, raw[m.Start:m.End], got, nq)
			}
			// First occurrence: never later than the quote's own position.
			first := i + strings.IndexFunc(quote, isKept)
			if m.Start > first {
				t.Fatalf("Find(%q) = %+v, but it occurs at byte %d", quote, m, first)
			}
		}

		// An unrelated quote exercises the closest-passage search.
		_, err = text.Find(other)
		var nf *NotFoundError
		if errors.As(err, &nf) && nf.ClosestStart >= 0 {
			end := nf.ClosestStart + len(nf.Closest)
			if end > len(raw) || raw[nf.ClosestStart:end] != nf.Closest || nf.Closest == "" {
				t.Fatalf("Closest %q at %d is not a passage of the text", nf.Closest, nf.ClosestStart)
			}
		}
	})
}

func FuzzHTMLToText(f *testing.F) {
	f.Fuzz(func(t *testing.T, doc string) {
		out, err := HTMLToText(strings.NewReader(doc))
		if err != nil {
			t.Fatalf("HTMLToText(%q): %v", doc, err)
		}
		if utf8.ValidString(doc) && !utf8.ValidString(out) {
			t.Fatalf("HTMLToText(%q) = %q is not valid UTF-8", doc, out)
		}
		if strings.TrimLeft(out, htmlSpace) != out && !strings.Contains(strings.ToLower(doc), "<pre") &&
			!strings.Contains(strings.ToLower(doc), "<textarea") &&
			!strings.Contains(strings.ToLower(doc), "<listing") &&
			!strings.Contains(strings.ToLower(doc), "<plaintext") {
			t.Fatalf("HTMLToText(%q) = %q starts with whitespace", doc, out)
		}
		if strings.TrimRight(out, htmlSpace) != out {
			t.Fatalf("HTMLToText(%q) = %q ends with whitespace", doc, out)
		}
	})
}

// isKept reports whether Normalize keeps r as a visible character.
func isKept(r rune) bool {
	m := normRune(r)
	return m >= 0 && m != ' '
}

// FuzzWholeDirective: textDirective is byte for byte the rule as
// written (textDirectiveFields: strings.Fields, Join, then
// EncodeTextDirective), with the real limits and with small ones that
// send more quotes as ranges.
func FuzzWholeDirective(f *testing.F) {
	for _, q := range []string{"", " ", "a", " a  b\tc\n", "North Korean refugees\u00a0– “41” — 中国 \u2003 end", "a-b,c&d%e#f", strings.Repeat("word ", 70), "\u0085x\u00a0y\u3000"} {
		f.Add(q, 300, 5)
		f.Add(q, 6, 2)
	}
	f.Add("a b c d", 7, 2) // at the limit: sent whole
	f.Add("a b c d", 6, 2) // one over: a range
	f.Fuzz(func(t *testing.T, quote string, maxRunes, edge int) {
		if !utf8.ValidString(quote) || maxRunes < 0 || edge < 1 || edge > 10 {
			return
		}
		got, err := textDirective(quote, maxRunes, edge)
		want, werr := textDirectiveFields(quote, maxRunes, edge)
		if got != want || (err == nil) != (werr == nil) {
			t.Fatalf("textDirective(%q, %d, %d) = %q, %v; the rule as written gives %q, %v", quote, maxRunes, edge, got, err, want, werr)
		}
	})
}
