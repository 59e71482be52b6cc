package provenance

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/seeds/seedtest"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only whitespace", " \t\n\u00A0\u3000 ", ""},
		{"collapse and trim", "  a \t\r\n b  ", "a b"},
		{"unicode spaces", "a\u00A0b\u202Fc\u2009d\u3000e\u2028f\u0085g", "a b c d e f g"},
		{"curly singles", "‘China’s’ ‚x‛", "'China's' 'x'"},
		{"curly doubles", "“the rest” „x‟", `"the rest" "x"`},
		{"primes", "5′ 10″ ‵x‶", `5' 10" 'x"`},
		{"modifier apostrophe", "Pyongyangʼs", "Pyongyang's"},
		{"dashes", "a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"},
		{"invisible characters removed", "soft\u00ADhy\u200Bphen\u2060\uFEFF", "softhyphen"},
		{"invisible inside whitespace run", "a \u00AD b", "a b"},
		{"letters and case kept", "Kim Jong Un ÉLAN 탈북자", "Kim Jong Un ÉLAN 탈북자"},
		{"other punctuation kept", "«x» … (y)", "«x» … (y)"},
		{"invalid utf-8 becomes U+FFFD", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		quote string
		want  string // raw[Start:End]
	}{
		{
			name:  "exact",
			raw:   "Before. Human Rights Watch documented 41 people. After.",
			quote: "documented 41 people.",
			want:  "documented 41 people.",
		},
		{
			name:  "straight quote finds curly source",
			raw:   "China’s “expanding dragnet” continues.",
			quote: `China's "expanding dragnet"`,
			want:  "China’s “expanding dragnet”",
		},
		{
			name:  "curly quote finds straight source",
			raw:   `China's "expanding dragnet" continues.`,
			quote: "China’s “expanding dragnet”",
			want:  `China's "expanding dragnet"`,
		},
		{
			name:  "hyphen finds em dash",
			raw:   "the rest—46 people—were sent back",
			quote: "rest-46 people-were",
			want:  "rest—46 people—were",
		},
		{
			name:  "en dash finds hyphen",
			raw:   "from July 2016-June 2017",
			quote: "July 2016–June 2017",
			want:  "July 2016-June 2017",
		},
		{
			name:  "line breaks inside the source",
			raw:   "apprehending of 41\npeople in July\r\n  and August",
			quote: "41 people in July and August",
			want:  "41\npeople in July\r\n  and August",
		},
		{
			name:  "line breaks inside the quote",
			raw:   "apprehending of 41 people in July and August",
			quote: "41 people\nin July\n\nand August",
			want:  "41 people in July and August",
		},
		{
			name:  "quote at start",
			raw:   "Among the 92 North Koreans caught.",
			quote: "Among the 92",
			want:  "Among the 92",
		},
		{
			name:  "quote at end",
			raw:   "Among the 92 North Koreans caught.",
			quote: "Koreans caught.",
			want:  "Koreans caught.",
		},
		{
			name:  "whole text with surrounding whitespace",
			raw:   "\n\n  Among the 92.  \n",
			quote: " Among the 92. ",
			want:  "Among the 92.",
		},
		{
			name:  "repeated text returns the first occurrence",
			raw:   "46 remain. Later: 46 remain.",
			quote: "46 remain.",
			want:  "46 remain.",
		},
		{
			name:  "multi-byte runes before the match",
			raw:   "탈북자 — “난민” 46 remain in custody",
			quote: `"난민" 46 remain`,
			want:  "“난민” 46 remain",
		},
		{
			name:  "no-break spaces and soft hyphens",
			raw:   "a new\u00ADborn\u00A0baby and 11",
			quote: "a newborn baby",
			want:  "a new\u00ADborn\u00A0baby",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := NewText(tt.raw)
			m, err := text.Find(tt.quote)
			if err != nil {
				t.Fatalf("Find(%q): %v", tt.quote, err)
			}
			if got := tt.raw[m.Start:m.End]; got != tt.want {
				t.Errorf("raw[%d:%d] = %q, want %q", m.Start, m.End, got, tt.want)
			}
			if got, want := Normalize(tt.raw[m.Start:m.End]), Normalize(tt.quote); got != want {
				t.Errorf("Normalize(raw[%d:%d]) = %q, want %q", m.Start, m.End, got, want)
			}
		})
	}
}

func TestFindFirstOccurrenceOffsets(t *testing.T) {
	raw := "“x” 46 remain. “x” 46 remain."
	m, err := NewText(raw).Find(`"x" 46`)
	if err != nil {
		t.Fatal(err)
	}
	// “ and ” are three bytes each: "“x”" spans 7 bytes.
	if diff := cmp.Diff(Match{Start: 0, End: 10}, m); diff != "" {
		t.Errorf("Find mismatch (-want +got):\n%s", diff)
	}
}

func TestFindEmptyQuote(t *testing.T) {
	for _, q := range []string{"", "  \n", "\u00AD\u200B", "\u00A0"} {
		if _, err := NewText("some text").Find(q); !errors.Is(err, ErrEmptyQuote) {
			t.Errorf("Find(%q) error = %v, want ErrEmptyQuote", q, err)
		}
	}
}

func TestFindNotFound(t *testing.T) {
	const raw = "Front-page headlines have been relentless.\n\n" +
		"Human Rights Watch documented the apprehending of 41 people in July and August, " +
		"a steep increase from the 51 known to have been caught the entire previous year.\n\n" +
		"Among the 92 North Koreans caught since June 2016 were a newborn baby."
	tests := []struct {
		name        string
		quote       string
		wantClosest string // "" for no closest passage
	}{
		{
			name:        "wrong number",
			quote:       "the apprehending of 42 people in July and August",
			wantClosest: "the apprehending of 41 people in July and August,",
		},
		{
			name:        "wrong last word",
			quote:       "92 North Koreans caught since June 2017",
			wantClosest: "92 North Koreans caught since June 2016",
		},
		{
			name:        "changed wording across a line break",
			quote:       "previous year. Among the 93 North Koreans",
			wantClosest: "previous year.\n\nAmong the 92 North Koreans",
		},
		{
			name:        "case and punctuation ignored when scoring",
			quote:       "HUMAN RIGHTS WATCH recorded",
			wantClosest: "Human Rights Watch documented",
		},
		{
			name:        "nothing in common",
			quote:       "zebra quartz",
			wantClosest: "",
		},
	}
	text := NewText(raw)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := text.Find(tt.quote)
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("Find(%q) error = %v, want *NotFoundError", tt.quote, err)
			}
			if nf.Quote != tt.quote {
				t.Errorf("Quote = %q, want %q", nf.Quote, tt.quote)
			}
			if nf.Closest != tt.wantClosest {
				t.Errorf("Closest = %q, want %q", nf.Closest, tt.wantClosest)
			}
			if tt.wantClosest == "" {
				if nf.ClosestStart != -1 {
					t.Errorf("ClosestStart = %d, want -1", nf.ClosestStart)
				}
				return
			}
			if got := raw[nf.ClosestStart : nf.ClosestStart+len(nf.Closest)]; got != nf.Closest {
				t.Errorf("raw at ClosestStart = %q, want Closest %q", got, nf.Closest)
			}
			if !strings.Contains(err.Error(), Normalize(tt.wantClosest)) {
				t.Errorf("error %q does not show the closest passage", err)
			}
		})
	}
}

func TestSHA256(t *testing.T) {
	// Hash of the raw bytes, so two texts that normalise alike still differ.
	if got, want := NewText("abc").SHA256(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("SHA256(abc) = %s, want %s", got, want)
	}
	if NewText("a b").SHA256() == NewText("a  b").SHA256() {
		t.Error("SHA256 must hash the raw text, not the normalised one")
	}
}

func TestFindNotFoundIsFast(t *testing.T) {
	// 10,000 words of text that shares many words with the quote, the worst
	// case for the closest-passage search (many windows score alike).
	var b strings.Builder
	for i := range 10_000 {
		fmt.Fprintf(&b, "word%d ", i%50)
	}
	fmt.Fprint(&b, "the 41 people apprehended in July and August 2017")
	text := NewText(b.String())
	quote := "the 42 people apprehended in July and August 2017 " + strings.Repeat("word1 word2 ", 20)
	start := time.Now()
	_, err := text.Find(quote)
	elapsed := time.Since(start)
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("want *NotFoundError, got %v", err)
	}
	if !strings.Contains(nf.Closest, "41 people apprehended") {
		t.Errorf("Closest = %q, want the 41-people sentence", nf.Closest)
	}
	// Generous bound for a shared, slow CI machine; it takes a few ms.
	if elapsed > 2*time.Second {
		t.Errorf("Find took %v on a 10,000-word text", elapsed)
	}
}

// TestFindSeedArticle verifies quotes against the seed article when it is
// checked out beside the repository (always in CI: seedtest.Article fails
// there without it); the article itself is never copied into this
// repository.
func TestFindSeedArticle(t *testing.T) {
	raw, _ := seedtest.Article(t)
	text := NewText(raw)
	for _, q := range []string{
		"Human Rights Watch documented the apprehending of 41 people in July and August",
		"only 46 are still in Chinese custody",
		"China's apparently expanding dragnet", // straight apostrophe, article has ’
	} {
		m, err := text.Find(q)
		if err != nil {
			t.Errorf("Find(%q): %v", q, err)
			continue
		}
		if Normalize(raw[m.Start:m.End]) != Normalize(q) {
			t.Errorf("Find(%q) = %q", q, raw[m.Start:m.End])
		}
	}
	_, err := text.Find("only 47 are still in Chinese custody")
	var nf *NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(nf.Closest, "46 are still in Chinese custody") {
		t.Errorf("misquote: got %v, want closest passage with the real figure", err)
	}
}

func TestTextConcurrentFind(t *testing.T) {
	// The closest-passage index is built lazily; run under -race to check
	// that sharing one *Text between goroutines is safe. Every goroutine
	// must also get the answers a lone caller gets.
	const raw = "Among the 92 North Koreans caught since June 2016 were a newborn baby."
	text := NewText(raw)
	const workers = 8
	type answer struct {
		missClosest string
		missErr     error
		hit         Match
		hitErr      error
	}
	answers := make(chan answer, workers)
	start := make(chan struct{})
	for range workers {
		go func() {
			<-start // all at once, so the lazy index is raced for
			var a answer
			_, a.missErr = text.Find("93 North Koreans")
			var nf *NotFoundError
			if errors.As(a.missErr, &nf) {
				a.missClosest = nf.Closest
			}
			a.hit, a.hitErr = text.Find("92 North Koreans")
			answers <- a
		}()
	}
	close(start)
	want := strings.Index(raw, "92 North Koreans")
	for range workers {
		a := <-answers
		if a.missClosest != "92 North Koreans" {
			t.Errorf("Find(93 North Koreans) = %v, want not found with closest passage %q", a.missErr, "92 North Koreans")
		}
		if a.hitErr != nil || a.hit != (Match{Start: want, End: want + len("92 North Koreans")}) {
			t.Errorf("Find(92 North Koreans) = %+v, %v; want bytes %d–%d", a.hit, a.hitErr, want, want+len("92 North Koreans"))
		}
	}
}

func BenchmarkFindNotFound(b *testing.B) {
	var sb strings.Builder
	for i := range 10_000 {
		fmt.Fprintf(&sb, "word%d ", i%500)
	}
	text := NewText(sb.String())
	quote := "word7 word8 word9 word10 wordx word12 word13"
	for b.Loop() {
		if _, err := text.Find(quote); err == nil {
			b.Fatal("want not found")
		}
	}
}
