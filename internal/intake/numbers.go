package intake

import (
	"strconv"
	"strings"
	"sync"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// number is a quantity written in a sentence, before it is known to be a
// count of people: tokens [first, last] of the sentence write it.
type number struct {
	first, last int
	q           models.Qualifier // exact, range or unquantified; the words around set the rest
	value       int64
	low, high   int64
	words       string // the source's words for an unquantified quantity
	article     bool   // "a"/"an" read as one: only in a list of counts
	reason      why    // how the number was read
}

// matchWords reports how many tokens from i spell phrase (words separated
// by single spaces; a phrase's "-" matches a hyphen token), or 0.
func matchWords(toks []token, i int, phrase string) int {
	if i >= len(toks) || phrase == "" || toks[i].low == "" || toks[i].low[0] != phrase[0] {
		return 0 // the first byte tells most phrases apart, at no cost
	}
	var one [1]string
	words := one[:]
	if strings.IndexByte(phrase, ' ') < 0 {
		one[0] = phrase
	} else {
		words = splitPhrase(phrase)
	}
	n := 0
	for _, w := range words {
		// A phrase word may be spelled by several tokens ("mid-" is "mid" "-").
		for w != "" {
			if i+n >= len(toks) {
				return 0
			}
			t := toks[i+n].low
			if !strings.HasPrefix(w, t) || t == "" {
				return 0
			}
			w = w[len(t):]
			n++
		}
	}
	return n
}

// phraseWords caches the words of lexicon phrases: matching splits each
// phrase at every token otherwise.
var phraseWords sync.Map

// splitPhrase returns the space-separated words of a lexicon phrase.
func splitPhrase(phrase string) []string {
	if w, ok := phraseWords.Load(phrase); ok {
		return w.([]string)
	}
	w := strings.Split(phrase, " ")
	phraseWords.Store(phrase, w)
	return w
}

// longest returns the longest phrase of list written at token i and how
// many tokens it takes (0 when none is).
func longest[T any](toks []token, i int, list []Phrase[T]) (Phrase[T], int) {
	var best Phrase[T]
	bestN := 0
	for _, p := range list {
		if n := matchWords(toks, i, p.Words); n > bestN {
			best, bestN = p, n
		}
	}
	return best, bestN
}

// anyWords returns the length in tokens of the longest of words written at
// token i, or 0.
func anyWords(toks []token, i int, words []string) int {
	best := 0
	for _, w := range words {
		if n := matchWords(toks, i, w); n > best {
			best = n
		}
	}
	return best
}

// endsWith returns how many tokens ending at token i (inclusive) spell the
// longest of list, or 0.
func endsWith[T any](toks []token, i int, list []Phrase[T]) (Phrase[T], int) {
	var best Phrase[T]
	bestN := 0
	for _, p := range list {
		k := len(strings.Fields(p.Words))
		for from := i - k + 1; from <= i; from++ {
			if from < 0 {
				continue
			}
			if n := matchWords(toks, from, p.Words); n > 0 && from+n-1 == i && n > bestN {
				best, bestN = p, n
			}
		}
	}
	return best, bestN
}

// digits reads a number written in digits, with or without thousands
// separators ("1,204", "1204", "1.204" is not read: a decimal).
func digits(t token) (int64, bool) {
	if t.kind != tNum {
		return 0, false
	}
	s := t.text
	if strings.Contains(s, ".") {
		return 0, false
	}
	if strings.Contains(s, ",") {
		parts := strings.Split(s, ",")
		if len(parts[0]) > 3 {
			return 0, false
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, false
			}
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	if len(s) > 13 {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v > models.MaxValue {
		return 0, false
	}
	return v, true
}

// decimal reads "1.5" for "1.5 million".
func decimal(t token) (float64, bool) {
	if t.kind != tNum || !strings.Contains(t.text, ".") || strings.Contains(t.text, ",") {
		return 0, false
	}
	f, err := strconv.ParseFloat(t.text, 64)
	return f, err == nil
}

// wordValue reads a number written in words from token i: "forty-one",
// "one hundred and twelve", "a dozen", "two thousand". It returns the
// value and the tokens it takes (0 when there is none).
func (lx *Lexicon) wordValue(toks []token, i int) (int64, int) {
	var total, cur int64
	n, seen := 0, false
	for i+n < len(toks) {
		t := toks[i+n]
		if t.kind != tWord {
			break
		}
		if v, ok := lx.compound(t.low); ok {
			if seen && cur%100 != 0 && cur != 0 { // "twenty five" after "twenty" is fine; "five five" is not
				if cur >= 20 && cur%10 == 0 && v < 10 {
					cur += v
					n++
					continue
				}
				break
			}
			cur += v
			seen = true
			n++
			continue
		}
		if sc, ok := lx.Scales[t.low]; ok && (seen || n > 0) {
			if cur == 0 {
				cur = 1
			}
			if sc >= 1000 {
				total += cur * sc
				cur = 0
			} else {
				cur *= sc
			}
			seen = true
			n++
			continue
		}
		if n == 0 && contains(lx.Articles, t.low) && i+1 < len(toks) {
			if _, ok := lx.Scales[toks[i+1].low]; ok {
				n++ // "a" in "a dozen", "a hundred"
				continue
			}
			break
		}
		if seen && contains(lx.Ands, t.low) && i+n+1 < len(toks) {
			if _, ok := lx.compound(toks[i+n+1].low); ok && cur >= 100 {
				n++
				continue
			}
		}
		break
	}
	if !seen {
		return 0, 0
	}
	// A trailing "and" is not part of the number.
	for n > 0 && contains(lx.Ands, toks[i+n-1].low) {
		n--
	}
	return total + cur, n
}

// compound reads a unit word or a hyphenated pair ("forty-one").
func (lx *Lexicon) compound(w string) (int64, bool) {
	if v, ok := lx.Units[w]; ok {
		return v, true
	}
	a, b, ok := strings.Cut(w, "-")
	if !ok {
		return 0, false
	}
	tens, ok1 := lx.Units[a]
	unit, ok2 := lx.Units[b]
	if ok1 && ok2 && tens >= 20 && tens%10 == 0 && unit > 0 && unit < 10 {
		return tens + unit, true
	}
	return 0, false
}

// numberAt reads a number starting at token i: digits (with a scale word:
// "1.5 million", "3 million"), number words, or a vague phrase.
func (lx *Lexicon) numberAt(text string, toks []token, i int) (number, bool) {
	t := toks[i]
	if v, ok := digits(t); ok {
		nb := number{first: i, last: i, q: models.QualExact, value: v, reason: func(l models.Lang) string { return i18n.T(l, "why.digits") }}
		if i+1 < len(toks) {
			if sc, ok := lx.Scales[toks[i+1].low]; ok && sc >= 1000 && v*sc <= models.MaxValue {
				nb.value, nb.last = v*sc, i+1
			}
		}
		return nb, true
	}
	if f, ok := decimal(t); ok && i+1 < len(toks) {
		if sc, ok := lx.Scales[toks[i+1].low]; ok && sc >= 1000 {
			return number{first: i, last: i + 1, q: models.QualExact, value: int64(f * float64(sc)), reason: func(l models.Lang) string { return i18n.T(l, "why.decimal_scale") }}, true
		}
		return number{}, false
	}
	if t.kind != tWord {
		return number{}, false
	}
	if n := lx.vagueAt(toks, i); n > 0 {
		words := textOf(text, toks, i, i+n-1)
		return number{first: i, last: i + n - 1, q: models.QualUnquantified, words: words,
			reason: func(l models.Lang) string { return i18n.T(l, "why.no_number", "Words", words) }}, true
	}
	if v, n := lx.wordValue(toks, i); n > 0 {
		return number{first: i, last: i + n - 1, q: models.QualExact, value: v, reason: func(l models.Lang) string { return i18n.T(l, "why.in_words") }}, true
	}
	if contains(lx.Articles, t.low) {
		return number{first: i, last: i, q: models.QualExact, value: 1, article: true, reason: func(l models.Lang) string { return i18n.T(l, "why.article_one", "Word", t.text) }}, true
	}
	return number{}, false
}

// vagueAt reads a vague phrase at token i and any hedge extending it
// ("hundreds of thousands, if not millions"): the tokens it takes, or 0.
func (lx *Lexicon) vagueAt(toks []token, i int) int {
	n := anyWords(toks, i, lx.Vague)
	if n == 0 {
		return 0
	}
	// "a number" and the like are vague only before "of", which is part
	// of their words ("a number of").
	if contains(lx.Articles, toks[i].low) {
		switch {
		case i+n < len(toks) && toks[i+n].low == "of":
			n++
		case i+n < len(toks) && contains(lx.Verbs, toks[i+n].low):
			// "an unknown number were sentenced"
		default:
			return 0
		}
	}
	end := i + n // exclusive
	// ", if not millions" / "or even thousands"
	j := end
	if j < len(toks) && toks[j].text == "," {
		j++
	}
	if k := anyWords(toks, j, lx.VagueJoins); k > 0 {
		if m := anyWords(toks, j+k, lx.Vague); m > 0 {
			end = j + k + m
		}
	}
	return end - i
}

// textOf is the source's text from token a to token b inclusive, white
// space collapsed to single spaces (a value_text is one line).
func textOf(text string, toks []token, a, b int) string {
	if a > b || a < 0 || b >= len(toks) {
		return ""
	}
	return strings.Join(strings.Fields(text[toks[a].start:toks[b].end]), " ")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
