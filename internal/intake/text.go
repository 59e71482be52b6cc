package intake

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a text: Text[Start:End] is it, byte for
// byte, trimmed of white space. Offsets are bytes into the raw text, the
// convention of models.Figure's QuoteStart and QuoteEnd and of
// provenance.Match, so a quote taken from a Sentence is verified by
// construction.
type Sentence struct {
	Start, End int
	// Paragraph counts the blank-line-separated paragraphs before it.
	Paragraph int
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "no": true, "nos": true,
	"art": true, "vs": true, "approx": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "gen": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "gov": true, "sen": true, "rep": true, "inc": true,
	"ltd": true, "co": true, "corp": true, "dept": true, "fig": true, "est": true, "para": true, "sec": true,
	"e.g": true, "i.e": true, "cf": true, "al": true, "ca": true, "p": true, "pp": true, "vol": true,
}

// hardBreak reports whether r cannot be inside a quote: a control
// character other than tab and new line (which the paragraph logic
// handles), a line or paragraph separator, or an invalid byte. A quote
// holding one would fail models.Figure.Validate.
func hardBreak(r rune) bool {
	if r == '\t' || r == '\n' {
		return false
	}
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError ||
		(r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// closers may follow a sentence's final punctuation and belong to it.
func closer(r rune) bool {
	switch r {
	case '"', '\'', '’', '”', ')', ']', '»', '›':
		return true
	}
	return false
}

// Sentences splits text into sentences. A sentence ends at . ! ? or …
// (with any closing quotes or brackets) followed by white space and a
// capital, a digit or an opening quote, unless the full stop ends an
// abbreviation ("U.N.", "Mr.", "No."); at a blank line; at a line break
// not followed by a lower-case letter (a heading, a list item); and at any
// character a quote may not hold. Splitting uses only the runes of text,
// so it is linear in its length.
func Sentences(text string) []Sentence {
	var out []Sentence
	para := 0
	start := -1 // first byte of the current sentence, -1 before it
	last := 0   // end of the last non-space rune of the current sentence
	emit := func() {
		if start >= 0 && last > start {
			out = append(out, Sentence{Start: start, End: last, Paragraph: para})
		}
		start = -1
	}
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		switch {
		case hardBreak(r):
			emit()
		case r == '\n':
			// A blank line ends a paragraph; a single line break ends a
			// sentence unless the text goes on in lower case.
			j := i + w
			blank := false
			for j < len(text) {
				r2, w2 := utf8.DecodeRuneInString(text[j:])
				if r2 == '\n' {
					blank = true
				} else if !unicode.IsSpace(r2) {
					break
				}
				j += w2
			}
			next, _ := utf8.DecodeRuneInString(text[j:])
			if blank || j >= len(text) || !unicode.IsLower(next) {
				emit()
				if blank {
					para++
				}
			}
		case unicode.IsSpace(r):
		default:
			if start < 0 {
				start = i
			}
			last = i + w
			if r == '.' || r == '!' || r == '?' || r == '…' {
				end := i + w
				for end < len(text) {
					r2, w2 := utf8.DecodeRuneInString(text[end:])
					if !closer(r2) && r2 != '.' && r2 != '!' && r2 != '?' {
						break
					}
					end += w2
				}
				if endsSentence(text, start, i, end, r) {
					last = end
					emit()
					i = end
					continue
				}
			}
		}
		i += w
	}
	emit()
	return out
}

// endsSentence decides whether the punctuation mark p at byte i, whose
// closers end at end, ends the sentence that starts at start.
func endsSentence(text string, start, i, end int, p rune) bool {
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsSpace(r) {
			return false
		}
		j := end
		for j < len(text) {
			r2, w2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(r2) || r2 == '\n' {
				break
			}
			j += w2
		}
		if j < len(text) {
			next, _ := utf8.DecodeRuneInString(text[j:])
			if next != '\n' && !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("\"'“‘«(", next) && !unicode.IsSpace(next) {
				return false
			}
		}
	}
	if p != '.' {
		return true
	}
	// The word before the full stop: an abbreviation does not end the
	// sentence, nor does a single letter ("U.N.", an initial).
	k := i
	for k > start {
		r, w := utf8.DecodeLastRuneInString(text[start:k])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		k -= w
	}
	word := strings.ToLower(text[k:i])
	if word == "" {
		return true
	}
	if abbreviations[word] || strings.Contains(word, ".") || utf8.RuneCountInString(word) == 1 {
		return false
	}
	return true
}

// tokKind is what a token is.
type tokKind uint8

const (
	tWord  tokKind = iota // letters, with inner apostrophes and hyphens
	tNum                  // digits, with inner separators
	tMixed                // digits run into letters: 3rd, 1990s, 10km
	tPunct                // one other character
)

// token is a word, a number or a punctuation mark of a sentence; start and
// end are byte offsets into the whole text.
type token struct {
	start, end int
	text, low  string
	kind       tokKind
}

// tokenize splits text[s.Start:s.End] into tokens.
func tokenize(text string, from, to int) []token {
	out := make([]token, 0, (to-from)/5+1)
	for i := from; i < to; {
		r, w := utf8.DecodeRuneInString(text[i:to])
		switch {
		case unicode.IsSpace(r):
			i += w
			continue
		case unicode.IsLetter(r):
			j := i + w
			for j < to {
				r2, w2 := utf8.DecodeRuneInString(text[j:to])
				if unicode.IsLetter(r2) || unicode.IsMark(r2) {
					j += w2
					continue
				}
				if r2 == '\'' || r2 == '’' || r2 == '-' || r2 == '‑' {
					r3, _ := utf8.DecodeRuneInString(text[j+w2 : to])
					if j+w2 < to && unicode.IsLetter(r3) {
						j += w2
						continue
					}
				}
				break
			}
			out = append(out, mkToken(text, i, j, tWord))
			i = j
		case r >= '0' && r <= '9':
			j := i + w
			for j < to {
				c := text[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == ',' || c == '.') && j+1 < to && text[j+1] >= '0' && text[j+1] <= '9' {
					j++
					continue
				}
				break
			}
			kind := tNum
			for j < to {
				r2, w2 := utf8.DecodeRuneInString(text[j:to])
				if !unicode.IsLetter(r2) && !(r2 >= '0' && r2 <= '9') {
					break
				}
				kind = tMixed
				j += w2
			}
			out = append(out, mkToken(text, i, j, kind))
			i = j
		default:
			out = append(out, mkToken(text, i, i+w, tPunct))
			i += w
		}
	}
	return out
}

func mkToken(text string, i, j int, k tokKind) token {
	s := text[i:j]
	return token{start: i, end: j, text: s, low: lowerWord(s), kind: k}
}

// lowerWord lower-cases a word and writes its typographic apostrophes and
// hyphens the ASCII way, so that lexicon entries match either spelling.
func lowerWord(s string) string {
	s = strings.ToLower(s)
	if strings.ContainsAny(s, "’‑") {
		s = strings.NewReplacer("’", "'", "‑", "-").Replace(s)
	}
	return s
}
