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
	text := t.words
	quote := splitWords(q)
	if len(text) == 0 || len(quote) == 0 {
		return -1, -1
	}

	// Give each distinct quote word a small integer id, so counts are slice
	// lookups and a bigram is one int; text words not in the quote get -1
	// and are skipped cheaply.
	ids := make(map[string]int, len(quote))
	qids := make([]int, len(quote))
	for i, w := range quote {
		id, ok := ids[w.key]
		if !ok {
			id = len(ids)
			ids[w.key] = id
		}
		qids[i] = id
	}
	k := len(ids)
	tids := make([]int, len(text))
	for i, w := range text {
		id, ok := ids[w.key]
		if !ok {
			id = -1
		}
		tids[i] = id
	}
	bigram := func(a, b int) int { return a*k + b }

	want := make([]int, k) // occurrences of each word in the quote
	for _, id := range qids {
		want[id]++
	}
	wantPair := make(map[int]int, len(qids))
	for i := 1; i < len(qids); i++ {
		wantPair[bigram(qids[i-1], qids[i])]++
	}

	have := make([]int, k)
	havePair := make(map[int]int)
	score := 0
	add := func(j, from int) { // word j enters a window starting at from
		id := tids[j]
		if id < 0 {
			return
		}
		if have[id] < want[id] {
			score++
		}
		have[id]++
		if j > from && tids[j-1] >= 0 {
			p := bigram(tids[j-1], id)
			if havePair[p] < wantPair[p] {
				score++
			}
			havePair[p]++
		}
	}
	remove := func(j, to int) { // word j leaves a window ending at to
		id := tids[j]
		if id < 0 {
			return
		}
		have[id]--
		if have[id] < want[id] {
			score--
		}
		if j+1 < to && tids[j+1] >= 0 {
			p := bigram(id, tids[j+1])
			havePair[p]--
			if havePair[p] < wantPair[p] {
				score--
			}
		}
	}
	aligned := func(from int) int {
		n := 0
		for i, id := range qids {
			if from+i < len(tids) && tids[from+i] == id {
				n++
			}
		}
		return n
	}

	size := min(len(quote), len(text))
	for j := range size {
		add(j, 0)
	}
	best, bestScore, bestAligned := 0, score, -1
	if score > 0 {
		bestAligned = aligned(0)
	}
	for from := 1; from+size <= len(text); from++ {
		remove(from-1, from-1+size)
		add(from+size-1, from)
		if score == 0 || score < bestScore {
			continue
		}
		if a := aligned(from); score > bestScore || a > bestAligned {
			best, bestScore, bestAligned = from, score, a
		}
	}
	if bestScore == 0 {
		return -1, -1
	}
	ns, ne := text[best].start, text[best+size-1].end
	return t.starts[ns], t.ends[ne-1]
}
