package provenance

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEncodeTextDirective(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"spec example", "an example text fragment", "an%20example%20text%20fragment"},
		{"dash is directive syntax", "foo-bar", "foo%2Dbar"},
		{"comma is directive syntax", "a,b", "a%2Cb"},
		{"ampersand separates directives", "this & that", "this%20%26%20that"},
		{"percent", "100%", "100%25"},
		{"hash", "#1", "%231"},
		{"unreserved kept", "a.b_c~d", "a.b_c~d"},
		{"reserved and quotes", `?/:="'()!*+`, "%3F%2F%3A%3D%22%27%28%29%21%2A%2B"},
		{"curly apostrophe", "China’s", "China%E2%80%99s"},
		{"curly double quotes", "“the rest”", "%E2%80%9Cthe%20rest%E2%80%9D"},
		{"em dash", "July–August", "July%E2%80%93August"},
		{"hangul", "탈북자", "%ED%83%88%EB%B6%81%EC%9E%90"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EncodeTextDirective(tt.in); got != tt.want {
				t.Errorf("EncodeTextDirective(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFragmentLink(t *testing.T) {
	const article = "https://deeply.thenewhumanitarian.org/refugees/community/2017/09/18/north-korean-refugees-trapped-by-chinas-expanding-dragnet"
	long := "In the two months of July and August 2017, Chinese police apprehended at least 41 North Koreans " +
		"in a series of raids, according to family members and activists, who said that the people detained " +
		"included a newborn baby and several other children as well as older women, and that most of those " +
		"arrested were still being held in detention facilities near the border when this was written."
	tests := []struct {
		name, url, quote, want string
	}{
		{
			name:  "spec exact example",
			url:   "https://example.com",
			quote: "an example text fragment",
			want:  "https://example.com#:~:text=an%20example%20text%20fragment",
		},
		{
			name:  "existing fragment dropped, query kept",
			url:   "https://example.com/a/b?x=1&y=2#section-3",
			quote: "an example",
			want:  "https://example.com/a/b?x=1&y=2#:~:text=an%20example",
		},
		{
			name:  "existing text directive replaced",
			url:   "https://example.com/#:~:text=old",
			quote: "new",
			want:  "https://example.com/#:~:text=new",
		},
		{
			name:  "whitespace collapsed and trimmed",
			url:   "http://example.org/page",
			quote: "  at least\n41\tNorth  Koreans ",
			want:  "http://example.org/page#:~:text=at%20least%2041%20North%20Koreans",
		},
		{
			name:  "syntax characters encoded",
			url:   "https://example.org",
			quote: "July-August, 2017 & after",
			want:  "https://example.org#:~:text=July%2DAugust%2C%202017%20%26%20after",
		},
		{
			name:  "curly quotes kept as the page spells them",
			url:   "https://example.org",
			quote: "China’s “expanding dragnet”",
			want:  "https://example.org#:~:text=China%E2%80%99s%20%E2%80%9Cexpanding%20dragnet%E2%80%9D",
		},
		{
			name:  "scheme and host case normalised by net/url",
			url:   "HTTPS://Example.org/x",
			quote: "x",
			want:  "https://Example.org/x#:~:text=x",
		},
		{
			name:  "unescaped space in path becomes valid",
			url:   "https://example.org/a b",
			quote: "x",
			want:  "https://example.org/a%20b#:~:text=x",
		},
		{
			name:  "long quote becomes a five-word range",
			url:   article,
			quote: long,
			want:  article + "#:~:text=In%20the%20two%20months%20of,border%20when%20this%20was%20written.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FragmentLink(tt.url, tt.quote)
			if err != nil {
				t.Fatalf("FragmentLink(%q, %q): %v", tt.url, tt.quote, err)
			}
			if got != tt.want {
				t.Errorf("FragmentLink(%q, %q)\n got %s\nwant %s", tt.url, tt.quote, got, tt.want)
			}
		})
	}
}

func TestFragmentLinkErrors(t *testing.T) {
	tests := []struct {
		name, url, quote, wantInErr string
	}{
		{"empty url", "", "x", "empty"},
		{"relative url", "/refugees/2017", "x", "not absolute"},
		{"ftp", "ftp://example.org/file.txt", "x", `scheme "ftp"`},
		{"mailto", "mailto:someone@example.org", "x", `scheme "mailto"`},
		{"no host", "https:///path", "x", "no host"},
		{"opaque", "https:example.org", "x", "no host"},
		{"port only", "http://:8080/x", "x", "no host"},
		{"bad escape", "https://example.org/%zz", "x", "not a valid URL"},
		{"empty quote", "https://example.org", " \n\t ", "quote is empty"},
		{"invalid utf-8", "https://example.org", "a\xffb", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FragmentLink(tt.url, tt.quote)
			if err == nil {
				t.Fatalf("FragmentLink(%q, %q) = %q, want an error", tt.url, tt.quote, got)
			}
			if !strings.Contains(err.Error(), tt.wantInErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantInErr)
			}
		})
	}
	if _, err := FragmentLink("https://example.org", ""); !errors.Is(err, ErrEmptyQuote) {
		t.Errorf("empty quote: got %v, want ErrEmptyQuote", err)
	}
}

func TestTextDirective(t *testing.T) {
	tests := []struct {
		name      string
		quote     string
		maxExact  int
		edgeWords int
		want      string
	}{
		{
			name:  "spec range example",
			quote: "an example text fragment", maxExact: 0, edgeWords: 2,
			want: "text=an%20example,text%20fragment",
		},
		{
			name:  "at the character limit stays exact",
			quote: strings.Repeat("a", 10) + " b c d e", maxExact: 18, edgeWords: 1,
			want: "text=aaaaaaaaaa%20b%20c%20d%20e",
		},
		{
			name:  "one past the limit becomes a range",
			quote: strings.Repeat("a", 11) + " b c d e", maxExact: 18, edgeWords: 1,
			want: "text=aaaaaaaaaaa,e",
		},
		{
			name:  "too few words for a range stays exact",
			quote: "one two three", maxExact: 0, edgeWords: 2,
			want: "text=one%20two%20three",
		},
		{
			// "the rest" also occurs mid-quote, so a two-word textEnd would
			// stop the highlight there; textEnd grows until unique.
			name:  "textEnd grows past an earlier repeat",
			quote: "forced back: the rest were sent home, said The Rest", maxExact: 0, edgeWords: 2,
			want: "text=forced%20back%3A,said%20The%20Rest",
		},
		{
			name:  "no unique end falls back to exact",
			quote: "a b a b a b", maxExact: 0, edgeWords: 2,
			want: "text=a%20b%20a%20b%20a%20b",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := textDirective(tt.quote, tt.maxExact, tt.edgeWords)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("textDirective(%q, %d, %d) = %q, want %q", tt.quote, tt.maxExact, tt.edgeWords, got, tt.want)
			}
		})
	}
}

func TestFragmentLinkLongNonASCII(t *testing.T) {
	// Range terms keep the quote's own characters, curly quotes and dashes
	// included, percent-encoded byte by byte.
	var filler []string
	for i := range 60 {
		filler = append(filler, fmt.Sprintf("word%d", i))
	}
	quote := "Refugees — “trapped” by China’s " + strings.Join(filler, " ") + " — 탈북자 “the rest”"
	got, err := FragmentLink("https://example.org/r", quote)
	if err != nil {
		t.Fatal(err)
	}
	want := "https://example.org/r#:~:text=" +
		"Refugees%20%E2%80%94%20%E2%80%9Ctrapped%E2%80%9D%20by%20China%E2%80%99s," +
		"word59%20%E2%80%94%20%ED%83%88%EB%B6%81%EC%9E%90%20%E2%80%9Cthe%20rest%E2%80%9D"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// textDirectiveFields is textDirective as it was before it found the words
// itself: through strings.Fields and strings.Join, the rule as written.
func textDirectiveFields(quote string, maxExactRunes, edgeWords int) (string, error) {
	if !utf8.ValidString(quote) {
		return "", errors.New("provenance: quote is not valid UTF-8")
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

// sameDirective fails unless textDirective gives quote what
// textDirectiveFields does.
func sameDirective(t *testing.T, quote string, maxExact, edgeWords int) {
	t.Helper()
	got, err := textDirective(quote, maxExact, edgeWords)
	want, wantErr := textDirectiveFields(quote, maxExact, edgeWords)
	if got != want || fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("textDirective(%q, %d, %d) = %q, %v; through strings.Fields %q, %v", quote, maxExact, edgeWords, got, err, want, wantErr)
	}
}

// TestTextDirectiveAsFields: textDirective, which finds the words of a
// quote itself, gives every quote the directive strings.Fields and
// strings.Join would: white space of every kind (Unicode's too) at either
// end and in runs, multi-byte text, invalid UTF-8, each limit.
func TestTextDirectiveAsFields(t *testing.T) {
	quotes := []string{
		"", " ", "\t\n", "one", " one ", "a  b", "a\tb\nc\r\nd", "a\u00a0b", "\u3000x\u2003y\u3000", "x\u0085y",
		"x\u200by", "\xff", "a \xffb", "forced back – 46 “still” in custody, 100% sure-ish",
		"According to a church-based network, 79 north Korean children were forcibly returned in 2001 – 2003.\n\"We don't know how many more,\" one activist said.",
		strings.Repeat("word ", 70), strings.Repeat("né ", 150) + "end",
	}
	alphabet := []string{"a", "B", "é", "–", "\"", ",", "-", "%", " ", " ", "\t", "\n", "\v", "\f", "\r", "\u00a0", "\u2003", "\u3000", "\u0085", "\xe2", "x y"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range r.IntN(120) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		quotes = append(quotes, b.String())
	}
	for _, q := range quotes {
		sameDirective(t, q, exactTextMaxRunes, rangeEdgeWords)
		sameDirective(t, q, 20, 2)
		sameDirective(t, q, 0, 1)
	}
}
