package checks

import (
	"slices"
	"strconv"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// Carried maps the key of a source that carries another's report to the
// key of the source it carries (models.Source.Original). Two sources that
// go back to the same original — a wire story and the press release it
// runs, two outlets running the same release — are one report: when both
// state a figure they agree, but they do not confirm each other.
type Carried map[string]string

// CarriedOf collects the originals of sources: pass every stored source,
// so that a chain through sources without figures of their own (a digest
// carrying a wire story carrying a press release) is followed to its end.
func CarriedOf(sources []models.Source) Carried {
	c := Carried{}
	for _, s := range sources {
		if s.Original != "" {
			c[s.Key] = s.Original
		}
	}
	return c
}

// origin follows key's chain of originals to the source that carries
// none (the store refuses circles; a bound keeps a corrupt map finite).
func (c Carried) origin(key string) string {
	for range len(c) + 1 {
		o, ok := c[key]
		if !ok || o == "" {
			break
		}
		key = o
	}
	return key
}

// Reports is how many distinct reports sources are: a source and those
// carrying its report count once.
func (c Carried) Reports(sources []string) int {
	n, _ := c.reports(sources)
	return n
}

// reports groups sources by the report they go back to and returns how
// many distinct reports they are, with a note for each report that more
// than one of them repeats.
func (c Carried) reports(sources []string) (int, []W) {
	by := map[string][]string{}
	var origins []string
	for _, s := range sources {
		o := c.origin(s)
		if _, seen := by[o]; !seen {
			origins = append(origins, o)
		}
		by[o] = append(by[o], s)
	}
	var notes []W
	for _, o := range origins {
		same := by[o]
		if len(same) < 2 {
			continue
		}
		quoted := make([]string, len(same))
		for i, s := range same {
			quoted[i] = strconv.Quote(s)
		}
		slices.Sort(quoted)
		notes = append(notes, func(l models.Lang) string {
			return i18n.T(l, "result.agreement.carried", "Sources", listIn(l, quoted), "Original", strconv.Quote(o))
		})
	}
	return len(origins), notes
}
