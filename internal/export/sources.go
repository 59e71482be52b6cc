package export

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"forcedreturns/models"
)

// A source may carry another's report (models.Source.Original). An export
// holds every source it names, so that it re-imports into an empty
// database: the sources of its figures, and the sources those carry,
// directly or through others, even when no exported figure cites them.
// They are read after the figures (Meta.Originals), like the metrics.

// SourceLookup returns the stored sources among keys, in any order,
// leaving out keys that are not stored.
type SourceLookup func(keys []string) ([]models.Source, error)

// sourceSet collects the distinct sources of the figures passing through,
// in order of first use.
type sourceSet struct {
	seen map[string]bool
	list []models.Source
}

func (s *sourceSet) add(v *models.FigureView) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	key := v.Figure.Source
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	src := v.Source // a copy: v is reused for the next row
	src.Key = key
	s.list = append(s.list, src)
}

// originals returns, sorted by key, the sources the set's sources carry,
// directly or through others, that are not in the set, read with lookup.
// lookup may be nil when no source of the set carries another; otherwise
// the export would name sources it does not hold, and it fails instead.
func (s *sourceSet) originals(lookup SourceLookup) ([]models.Source, error) {
	have := map[string]bool{}
	for _, src := range s.list {
		have[src.Key] = true
	}
	var out []models.Source
	wanted := func(srcs []models.Source) []string {
		var keys []string
		for _, src := range srcs {
			if k := src.Original; k != "" && !have[k] {
				have[k] = true
				keys = append(keys, k)
			}
		}
		return keys
	}
	for keys := wanted(s.list); len(keys) > 0; {
		if lookup == nil {
			return nil, fmt.Errorf("export: the figures' sources carry sources no figure cites (%q) and the export was given no way to read them (Meta.Originals)", keys)
		}
		found, err := lookup(keys)
		if err != nil {
			return nil, err
		}
		if len(found) != len(keys) {
			return nil, fmt.Errorf("export: read %d of the %d sources the exported ones carry (%q)", len(found), len(keys), keys)
		}
		out = append(out, found...)
		keys = wanted(found)
	}
	slices.SortFunc(out, func(a, b models.Source) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// byKey indexes sources by key.
func byKey(lists ...[]models.Source) map[string]models.Source {
	out := map[string]models.Source{}
	for _, l := range lists {
		for _, s := range l {
			out[s.Key] = s
		}
	}
	return out
}

// CollectSources returns an iterator that yields the figures of it and
// appends to *into each source they cite the first time it is cited, for
// the companion sources file of a CSV export (WriteSourcesCSV). Like
// CollectMetrics, each pass over it replaces what the previous one
// appended.
func CollectSources(it Iterator, into *[]models.Source) Iterator {
	base := len(*into)
	return func(yield func(*models.FigureView) error) error {
		var set sourceSet
		defer func() { *into = append((*into)[:base], set.list...) }()
		return it(func(v *models.FigureView) error {
			set.add(v)
			return yield(v)
		})
	}
}

// WriteSourcesCSV writes a sources file, as a data package's sources.csv:
// a header (format.SourceColumnNames), one row per source of sources,
// then one per source they carry that is not among them, read with
// originals (see sourceSet.originals). It is the companion of a CSV
// export (export -sources FILE), which makes an export whose sources carry
// others re-import into an empty database.
func WriteSourcesCSV(w io.Writer, sources []models.Source, originals SourceLookup) error {
	set := sourceSet{list: sources}
	more, err := set.originals(originals)
	if err != nil {
		return err
	}
	return writeSources(w, append(slices.Clip(sources), more...))
}
