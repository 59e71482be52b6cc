package store

import (
	"strconv"
	"strings"

	"forcedreturns/models"
)

// A source may name the source it repeats (models.Source.Original): a wire
// story carrying a press release, a news article carrying an NGO's report.
// The foreign key holds that the original is stored; the store also
// refuses, with a message naming the field, an original that is not
// stored yet and a chain of originals that comes back to where it started
// (a carries b carries a), which no caption could name.

// originalRef is what the reference checks know about one source key.
type originalRef struct {
	original string // its original, "" for none
	exists   bool
}

// originalOf returns the original of the source with key as it will be
// once the pending change is written, and whether that source exists.
func (w *world) originalOf(key string) (string, bool, error) {
	if r, seen := w.originals[key]; seen {
		return r.original, r.exists, nil
	}
	var found []string
	if err := w.tx.Table("sources").Where("key = ?", key).Pluck("COALESCE(original, '')", &found).Error; err != nil {
		return "", false, err
	}
	r := originalRef{exists: len(found) > 0}
	if r.exists {
		r.original = found[0]
	}
	w.originals[key] = r
	return r.original, r.exists, nil
}

// pendingSource puts src in w as it will be written, so that the other
// entries' originals are checked against it rather than the stored row.
func (w *world) pendingSource(src *models.Source) {
	if w.originals == nil {
		w.originals = map[string]originalRef{}
	}
	w.sources[src.Key] = true
	w.originals[src.Key] = originalRef{original: src.Original, exists: true}
}

// checkOriginal adds to p, under prefix+"original", the problem of a
// source whose original is not a source, or whose chain of originals
// leads back to it. An original Validate refuses (not a key, the source
// itself) is not looked up. Only database failures are returned.
func (w *world) checkOriginal(src *models.Source, prefix string, p *models.Problems) error {
	if src.Original == "" || src.Original == src.Key || !models.ValidKey(src.Original) {
		return nil
	}
	chain := []string{src.Key}
	for cur := src.Original; cur != ""; {
		if cur == src.Key {
			p.Add(prefix+"original", "would make sources carry each other in a circle (%s): the original must be a source that does not carry this one, directly or through others",
				circle(append(chain, cur)))
			return nil
		}
		for _, k := range chain {
			if k == cur {
				return nil // a circle that does not pass here, reported for its own sources
			}
		}
		next, ok, err := w.originalOf(cur)
		if err != nil {
			return err
		}
		if !ok {
			if cur == src.Original {
				p.Add(prefix+"original", "source %s carries %s, but there is no source %s: add the original first (or in the same file), then the source that carries it",
					strconv.Quote(src.Key), strconv.Quote(cur), strconv.Quote(cur))
			}
			return nil // a missing link further on is reported at the source that names it
		}
		chain = append(chain, cur)
		cur = next
	}
	return nil
}

// circle writes a chain of originals: "a" carries "b", which carries "a".
func circle(keys []string) string {
	var b strings.Builder
	for i, k := range keys {
		switch {
		case i == 1:
			b.WriteString(" carries ")
		case i > 1:
			b.WriteString(", which carries ")
		}
		b.WriteString(strconv.Quote(k))
	}
	return b.String()
}

// checkOneOriginal checks the original of a source written on its own
// (a form, the write API): an EInvalid error naming the field original.
func checkOneOriginal(w *world, src *models.Source) error {
	var p models.Problems
	if err := w.checkOriginal(src, "", &p); err != nil {
		return err
	}
	return p.Err("source")
}

// originalsFirst orders the batch's sources so that each comes after the
// source it carries when that one is in the batch too: the foreign key is
// checked row by row. Otherwise the batch's order is kept.
func originalsFirst(sources []models.Source) []int {
	index := make(map[string]int, len(sources))
	for i, s := range sources {
		if _, dup := index[s.Key]; !dup {
			index[s.Key] = i
		}
	}
	const visiting, done = 1, 2
	state := make([]int, len(sources))
	order := make([]int, 0, len(sources))
	var visit func(i int)
	visit = func(i int) {
		if state[i] != 0 {
			return // done, or a circle (already refused by the checks)
		}
		state[i] = visiting
		if j, ok := index[sources[i].Original]; ok && sources[i].Original != "" {
			visit(j)
		}
		state[i] = done
		order = append(order, i)
	}
	for i := range sources {
		visit(i)
	}
	return order
}
