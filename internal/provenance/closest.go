package provenance

import (
	"strings"
	"unicode"
)

// Finding the passage closest to a quote that is not in the text.
//
// A quote that fails to verify is almost always the right sentence with a
// small slip: a wrong digit, a changed word, a dropped "the". So we look for
// the stretch of text that shares the most words with the quote, in roughly
// the same order:
//
//   - Both are split into words, compared case-folded and without
//     surrounding punctuation, so "August." matches "august".
//   - A window as many words long as the quote slides over the text. Its
//     score is the number of quote words it contains (as a multiset) plus the
//     number of quote bigrams (adjacent word pairs) it contains, so word
//     order counts without being required. Both counts are kept up to date
//     as the window moves one word, so the whole scan is O(n + m) map and
//     slice operations for n text words and m quote words, not O(n*m)
//     character comparisons: a 10,000-word report takes well under a
//     millisecond.
//   - Windows with the best score are told apart by how many words sit at
//     the same position as in the quote, so "July 2017" is preferred over a
//     window shifted one word to the left when the quote says "July 2016".
//     This costs O(m) per tied window, paid only on ties.

// word is one whitespace-separated word of the normalised text.
type word struct {
	start, end int    // byte range in the normalised text
	key        string // case-folded, surrounding punctuation removed
}

// splitWords splits normalised text (single ASCII spaces, trimmed) into
// words, leaving out the ones that are only punctuation: a dash or a lone
// quotation mark says nothing about which passage was meant.
func splitWords(norm string) []word {
	var words []word
	for start := 0; start < len(norm); {
		end := strings.IndexByte(norm[start:], ' ')
		if end < 0 {
			end = len(norm)
		} else {
			end += start
		}
		if key := wordKey(norm[start:end]); key != "" {
			words = append(words, word{start: start, end: end, key: key})
		}
		start = end + 1
	}
	return words
}

func wordKey(w string) string {
	return strings.ToLower(strings.TrimFunc(w, func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSymbol(r)
	}))
}

// closest returns the raw byte range of the passage most similar to the
// normalised quote q, or (-1, -1) when the text shares no word with it.
func (t *Text) closest(q string) (start, end int) {
	t.wordsOnce.Do(func() { t.words = splitWords(t.norm) })
	text, quote := t.words, splitWords(q)
	if len(text) == 0 || len(quote) == 0 {
		return -1, -1
	}
	from, size, ok := newWindow(quote, text).best()
	if !ok {
		return -1, -1
	}
	ns, ne := text[from].start, text[from+size-1].end
	return t.starts[ns], t.ends[ne-1]
}

// window is a stretch of the text's words scored against the quote, kept
// up to date as it slides. Each distinct quote word has a small integer
// id, so counts are slice lookups and a bigram is one int; text words not
// in the quote have id -1 and are skipped cheaply.
type window struct {
	qids, tids []int       // word ids of the quote and of the text
	k          int         // distinct quote words
	want, have []int       // occurrences of each id in the quote, in the window
	wantPair   map[int]int // occurrences of each bigram in the quote
	havePair   map[int]int // and in the window
}

func newWindow(quote, text []word) *window {
	ids := make(map[string]int, len(quote))
	w := &window{qids: make([]int, len(quote)), tids: make([]int, len(text))}
	for i, q := range quote {
		id, ok := ids[q.key]
		if !ok {
			id = len(ids)
			ids[q.key] = id
		}
		w.qids[i] = id
	}
	for i, t := range text {
		id, ok := ids[t.key]
		if !ok {
			id = -1
		}
		w.tids[i] = id
	}
	w.k = len(ids)
	w.want, w.have = make([]int, w.k), make([]int, w.k)
	for _, id := range w.qids {
		w.want[id]++
	}
	w.wantPair, w.havePair = make(map[int]int, len(w.qids)), make(map[int]int)
	for i := 1; i < len(w.qids); i++ {
		w.wantPair[w.bigram(w.qids[i-1], w.qids[i])]++
	}
	return w
}

func (w *window) bigram(a, b int) int { return a*w.k + b }

// add lets text word j into a window starting at from and returns how
// much the window's score (quote words plus quote bigrams it holds) rises.
func (w *window) add(j, from int) (gain int) {
	id := w.tids[j]
	if id < 0 {
		return 0
	}
	if w.have[id] < w.want[id] {
		gain++
	}
	w.have[id]++
	if j > from && w.tids[j-1] >= 0 {
		p := w.bigram(w.tids[j-1], id)
		if w.havePair[p] < w.wantPair[p] {
			gain++
		}
		w.havePair[p]++
	}
	return gain
}

// remove takes text word j out of a window ending at to and returns how
// much the window's score falls.
func (w *window) remove(j, to int) (loss int) {
	id := w.tids[j]
	if id < 0 {
		return 0
	}
	w.have[id]--
	if w.have[id] < w.want[id] {
		loss++
	}
	if j+1 < to && w.tids[j+1] >= 0 {
		p := w.bigram(id, w.tids[j+1])
		w.havePair[p]--
		if w.havePair[p] < w.wantPair[p] {
			loss++
		}
	}
	return loss
}

// aligned counts the quote words found at their own position in a window
// starting at from.
func (w *window) aligned(from int) int {
	n := 0
	for i, id := range w.qids {
		if from+i < len(w.tids) && w.tids[from+i] == id {
			n++
		}
	}
	return n
}

// best slides a window as long as the quote (or the text, if shorter) over
// the text and returns where the best-scoring one starts and its length;
// ties go to the window with more words aligned. ok is false when no
// window holds a quote word.
func (w *window) best() (from, size int, ok bool) {
	size = min(len(w.qids), len(w.tids))
	score := 0
	for j := range size {
		score += w.add(j, 0)
	}
	best, bestScore, bestAligned := 0, score, -1
	if score > 0 {
		bestAligned = w.aligned(0)
	}
	for from := 1; from+size <= len(w.tids); from++ {
		score -= w.remove(from-1, from-1+size)
		score += w.add(from+size-1, from)
		if score == 0 || score < bestScore {
			continue
		}
		if a := w.aligned(from); score > bestScore || a > bestAligned {
			best, bestScore, bestAligned = from, score, a
		}
	}
	return best, size, bestScore > 0
}
