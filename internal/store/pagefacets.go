package store

import (
	"context"
	"database/sql"
	"strings"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// Facet counts (migration 35): the number of public figures of every
// combination of the columns a figure list filters on but the period,
// read with the page anchors in one snapshot (RefreshPageAnchors, from
// the same walk as the lists' members) and stored in page_facets. A list
// whose filter names none of the period's columns is counted by summing
// the rows the same filter keeps there and the notes of page_dirty since
// (facetCount), where a COUNT over figures scanned the whole table when
// no index held its columns: 2–12 s at a million figures for an acting
// state and a qualifier, the most of a first page's time.

// facetCols are the columns of page_facets (but its count, n), in the
// order of readAnchorMembers's row after the key; also columns of
// page_dirty and of figures. The first ones are anchorListCols.
// subgroup_of and share_of hold NULL where the figure's do and an empty
// text where it names a figure, which is all filterSQL asks of them
// (summarisedSQL). The summarised list's anchors (readAnchorMembers)
// read the last three: status and the two marks.
var facetCols = [...]string{"metric", "source", "qualifier", "acting_state", "receiving_state",
	"population", "unit", "quantity_kind", "status", "subgroup_of", "share_of"}

// facetNamed is how many of facetCols (the last) are read as a mark: 1
// where the figure names a figure there, else 0.
const facetNamed = 2

// facetSelect is the list of facetCols that readAnchorMembers reads of
// figures f, the named ones as marks.
func facetSelect() string {
	cols := make([]string, len(facetCols))
	for i, c := range facetCols {
		cols[i] = "f." + c
		if i >= len(facetCols)-facetNamed {
			cols[i] = "CASE WHEN f." + c + " IS NULL THEN 0 ELSE 1 END"
		}
	}
	return strings.Join(cols, ", ")
}

// facets counts the figures of each combination of facetCols, as read.
type facets struct {
	at   map[string]int // a combination's values, joined (facetKey), to its index
	vals [][len(facetCols)]string
	n    []int64
	buf  []byte
}

// add counts one figure whose facetCols are row (the marks last), and
// returns the index of its combination.
func (fs *facets) add(row []sql.RawBytes) int {
	fs.buf = fs.buf[:0]
	for _, v := range row {
		fs.buf = append(fs.buf, v...)
		fs.buf = append(fs.buf, 0)
	}
	i, ok := fs.at[string(fs.buf)]
	if !ok {
		if fs.at == nil {
			fs.at = map[string]int{}
		}
		i = len(fs.n)
		fs.at[string(fs.buf)] = i
		var vals [len(facetCols)]string
		for j, v := range row {
			vals[j] = string(v)
		}
		fs.vals, fs.n = append(fs.vals, vals), append(fs.n, 0)
	}
	fs.n[i]++
	return i
}

// row is the i-th combination as a row of page_facets: facetCols, then n.
func (fs *facets) row(i int) []any {
	out := make([]any, 0, len(facetCols)+1)
	for j, v := range fs.vals[i] {
		switch {
		case j < len(facetCols)-facetNamed:
			out = append(out, v)
		case v == "0":
			out = append(out, nil)
		default:
			out = append(out, "")
		}
	}
	return append(out, fs.n[i])
}

// facetCountable reports whether the facets can count the figures f
// selects: f filters on no period column (page_facets has none), and
// asks for public statuses only (page_facets counts the public figures;
// filterSQL keeps of those what the audience may see, as on figures).
func facetCountable(f models.FigureFilter) bool {
	if !f.From.IsZero() || !f.To.IsZero() || !f.Starts.Start.IsZero() {
		return false
	}
	for _, st := range f.Statuses {
		if st != models.StatusPublished && st != models.StatusRetracted {
			return false
		}
	}
	return true
}

// facetCount returns the number of figures f selects (where and args
// being its filterSQL) from the stored facet counts and the notes of the
// writes since, and true; or false when they cannot count it: f is not
// facetCountable, no counts are stored (none read yet, or forgotten by a
// large write: the anchors are then read again in the background), or
// too many writes were noted since.
func (s *Store) facetCount(tx *gorm.DB, f models.FigureFilter, where string, args []any) (int, bool, error) {
	if !facetCountable(f) {
		return 0, false, nil
	}
	var stored int64
	err := tx.Raw("SELECT total FROM page_anchors_state WHERE id = 1").Row().Scan(&stored)
	if err != nil && err != sql.ErrNoRows {
		return 0, false, err
	}
	if err == sql.ErrNoRows || stored < 0 {
		s.refreshPageAnchorsLater()
		return 0, false, nil
	}
	var notes, moved, n int64
	err = tx.Raw("SELECT COUNT(*), COALESCE(SUM(CASE WHEN "+where+" THEN f.side ELSE 0 END), 0) FROM (SELECT * FROM page_dirty LIMIT ?) f",
		append(append([]any(nil), args...), maxPageNotes+1)...).Row().Scan(&notes, &moved)
	if err != nil {
		return 0, false, err
	}
	if notes > int64(anchorEvery) {
		s.refreshPageAnchorsLater()
	}
	if notes > maxPageNotes {
		return 0, false, nil
	}
	if err := tx.Raw("SELECT COALESCE(SUM(f.n), 0) FROM page_facets f WHERE "+where, args...).Row().Scan(&n); err != nil {
		return 0, false, err
	}
	s.facetCounted.Add(1)
	return int(n + moved), true, nil
}

// maxSuggested is the number of values of a column above which the
// filter form suggests none of them: a list that long helps nobody.
const maxSuggested = 200

// FacetValues returns, for the filter form's suggestions, the values
// the public figures hold in the free-text columns a list filters on
// exactly (the acting and receiving states, the population, the unit),
// each sorted, from the stored facets and the figures written since
// (page_dirty). A column with more than maxSuggested values has none,
// and none has any while no facets are stored (after a large import,
// until they are read again): a suggestion is only a help to type a
// value exactly as stored.
func (s *Store) FacetValues(ctx context.Context) (models.FacetValues, error) {
	var out models.FacetValues
	err := s.read(ctx, func(tx *gorm.DB) error {
		var stored int64
		err := tx.Raw("SELECT total FROM page_anchors_state WHERE id = 1").Row().Scan(&stored)
		if err == sql.ErrNoRows || (err == nil && stored < 0) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, c := range []struct {
			col  string
			dest *[]string
		}{{"acting_state", &out.ActingStates}, {"receiving_state", &out.ReceivingStates}, {"population", &out.Populations}, {"unit", &out.Units}} {
			var vals []string
			if err := tx.Raw("SELECT v FROM (SELECT "+c.col+" AS v FROM page_facets UNION SELECT "+c.col+" FROM page_dirty WHERE side = 1) t ORDER BY v LIMIT ?", maxSuggested+1).Scan(&vals).Error; err != nil {
				return err
			}
			if len(vals) <= maxSuggested {
				*c.dest = vals
			}
		}
		return nil
	})
	return out, wrap(err, "read the facets' values")
}
