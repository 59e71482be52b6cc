package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// Page anchors (migration 29): a page of the public figure list placed by
// offset (page=N, the API's offset) seeks by keyset to a stored anchor
// before it, the cursor values of every anchorEvery-th figure of the list
// in its order, and steps over about anchorEvery figures from there at
// most, instead of over every figure before it in the index of the order
// (0.4–1.4 s for the middle page of a million figures). The anchors were
// read in one snapshot; the writes since are noted in page_dirty (a
// trigger), each figure as it was and as it is, so that the page counts
// the notes at or before an anchor to know where the anchor stands now,
// and the list's count is the stored one plus the notes'. Too many notes
// (an import), and pages walk their offset as before (the same figures,
// only slower) until the anchors are read again in the background. Only
// the list every reader without a filter gets has anchors: its where
// clause is the public list's (pageAnchorList).

// anchorEvery is the number of figures between two anchors.
var anchorEvery = 1000

// maxPageNotes is the number of notes above which pages no longer count
// them but walk their offset; above anchorEvery of them a page asks for
// the anchors to be read again.
const maxPageNotes = 20000

// anchorOrder is the name of the ascending order of sort ("-value" and
// "value" share "value"'s anchors: each order is the exact reverse of the
// other, the figure's key ending both).
func anchorOrder(sort string) string {
	o := strings.TrimPrefix(sort, "-")
	if o == "" {
		return "period"
	}
	return o
}

// pageAnchorList reports whether where and args select the public figure
// list, the list that has anchors.
func (s *Store) pageAnchorList(where string, args []any) bool {
	pw, pargs := s.filterSQL(models.FigureFilter{Audience: models.AudiencePublic})
	return where == pw && fmt.Sprintf("%q", args) == fmt.Sprintf("%q", pargs)
}

// anchorsHeld returns the number of figures of the public list when
// anchors are stored and few enough writes were noted since to count
// (the stored count plus the notes'), else -1; and whether the anchors
// should be read again.
func (s *Store) anchorsHeld(tx *gorm.DB) (int, bool, error) {
	var stored int64
	err := tx.Raw("SELECT total FROM page_anchors_state WHERE id = 1").Row().Scan(&stored)
	if err == sql.ErrNoRows {
		return -1, true, nil
	}
	if err != nil {
		return -1, false, err
	}
	if stored < 0 { // forgotten (forgetPageAnchors)
		return -1, true, nil
	}
	var notes, sum int64
	err = tx.Raw("SELECT COUNT(*), COALESCE(SUM(side), 0) FROM (SELECT side FROM page_dirty LIMIT ?) d", maxPageNotes+1).Row().Scan(&notes, &sum)
	if err != nil {
		return -1, false, err
	}
	if notes > maxPageNotes {
		return -1, true, nil
	}
	return int(stored + sum), notes > int64(anchorEvery), nil
}

// pageAnchor returns the cursor values of an anchor strictly before the
// page at offset of the public list (total figures now) in the order of
// terms (sort), and the offset to step over after it: the page is the
// rows after the anchor (keysetSQL) from there. It returns nil when no
// anchor lies before the page. The caller has seen that the anchors
// hold (anchorsHeld).
func (s *Store) pageAnchor(tx *gorm.DB, terms []sortTerm, sort string, offset int) ([]string, int, error) {
	order := anchorOrder(sort)
	desc := strings.HasPrefix(sort, "-")
	var stored int64
	if err := tx.Raw("SELECT total FROM page_anchors_state WHERE id = 1").Row().Scan(&stored); err != nil {
		return nil, 0, err
	}
	// Ascending, the page's first figure was at position offset: the
	// anchor is the last before it. Descending, at position
	// total-1-offset of the ascending order: the anchor is the first
	// after it. If writes since moved the anchor onto or past the page,
	// the one before it is taken.
	q := "SELECT position, vals FROM page_anchors WHERE sort_order = ? AND position < ? ORDER BY position DESC LIMIT 1"
	at := int64(offset)
	if desc {
		q = "SELECT position, vals FROM page_anchors WHERE sort_order = ? AND position > ? ORDER BY position LIMIT 1"
		at = stored - 1 - int64(offset)
	}
	for range 4 {
		var pos int64
		var raw string
		err := tx.Raw(q, order, at).Row().Scan(&pos, &raw)
		if err == sql.ErrNoRows {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, err
		}
		var vals []string
		if err := json.Unmarshal([]byte(raw), &vals); err != nil {
			return nil, 0, fmt.Errorf("page anchor %s at %d: %w", order, pos, err)
		}
		// The figures at or before the anchor in the page's order: so
		// many when the anchors were read, and the notes' since.
		upTo := pos + 1
		if desc {
			upTo = stored - pos
		}
		bound, err := s.bindCursor(terms, vals)
		if err != nil {
			return nil, 0, err
		}
		after, args := keysetSQL(terms, bound, false)
		var moved int64
		if err := tx.Raw("SELECT COALESCE(SUM(f.side), 0) FROM page_dirty f WHERE NOT "+after, args...).Row().Scan(&moved); err != nil {
			return nil, 0, err
		}
		if step := int64(offset) - (upTo + moved); step >= 0 {
			return vals, int(step), nil
		}
		at = pos
	}
	return nil, 0, nil
}

// forgetPageAnchors forgets the page anchors in tx, and the notes of the
// writes since they were read: deep pages walk their offset until the
// anchors are read again (a page asks for it), as after too many notes.
// It is what a large import does instead of a note a figure (an SQLite
// bulk load, a large PostgreSQL stream: pageNotesOff). The state stays,
// with no count (total -1) and a new gen, so that a refresh whose
// snapshot was read before tx commits (without tx's figures, unnoted)
// stores nothing: it stores only under the gen it read.
func forgetPageAnchors(tx *gorm.DB) error {
	for _, q := range []string{
		"INSERT INTO page_anchors_state (id, gen, total) VALUES (1, 0, -1) ON CONFLICT (id) DO UPDATE SET gen = page_anchors_state.gen + 1, total = -1",
		"DELETE FROM page_anchors",
		"DELETE FROM page_dirty",
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// pageNotesOff stops the page_dirty triggers from noting the writes of
// tx (PostgreSQL, migration 32; SQLite's bulk load drops them instead):
// the caller forgets the page anchors before tx commits, if it wrote a
// public figure (forgetPageAnchors). Large writes do this (an import of
// more figures than bulkDirty, a generation): past anchorEvery notes a
// page asks for the anchors to be read again anyway, and past
// maxPageNotes it walks its offset, so that a note a figure (a row of ten
// columns and its index entry, for each of 89,000 figures imported:
// 14 MB) would only be deleted unread.
func pageNotesOff(tx *gorm.DB) error {
	return tx.Exec("SET LOCAL forcedreturns.page_dirty = 'off'").Error
}

// RefreshPageAnchors reads the public list's anchors of every order again,
// in one snapshot, and stores them with the list's count, deleting the
// notes of the writes that snapshot saw, unless another refresh stored
// anchors meanwhile. A store runs one refresh at a time.
func (s *Store) RefreshPageAnchors(ctx context.Context) error {
	s.anchorRefresh.Lock()
	defer s.anchorRefresh.Unlock()
	var gen, total int64
	var noted []int64
	anchors := map[string][]string{}
	err := s.read(ctx, func(tx *gorm.DB) error {
		gen, total, noted = -1, 0, noted[:0]
		clear(anchors)
		err := tx.Raw("SELECT gen FROM page_anchors_state WHERE id = 1").Row().Scan(&gen)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if err := tx.Raw("SELECT id FROM page_dirty ORDER BY id").Scan(&noted).Error; err != nil {
			return err
		}
		for _, key := range models.SortKeys {
			order := anchorOrder(key)
			if anchors[order], total, err = s.readPageAnchors(tx, order); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return wrap(err, "read the page anchors")
	}
	err = s.writeTx(ctx, false, func(tx *gorm.DB) error {
		// Another refresh since this one's snapshot stored anchors (and
		// deleted the notes they saw, which these need): these are left.
		var now int64 = -1
		err := tx.Raw("SELECT gen FROM page_anchors_state WHERE id = 1").Row().Scan(&now)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if now != gen {
			return nil
		}
		if gen < 0 {
			err = tx.Exec("INSERT INTO page_anchors_state (id, gen, total) VALUES (1, 0, ?)", total).Error
		} else {
			res := tx.Exec("UPDATE page_anchors_state SET gen = gen + 1, total = ? WHERE id = 1 AND gen = ?", total, gen)
			if err = res.Error; err == nil && res.RowsAffected != 1 {
				return nil
			}
		}
		if err != nil {
			return err
		}
		for lo := 0; lo < len(noted); {
			hi := lo // the run of consecutive ids from noted[lo]
			for hi+1 < len(noted) && noted[hi+1] == noted[hi]+1 {
				hi++
			}
			if err := tx.Exec("DELETE FROM page_dirty WHERE id BETWEEN ? AND ?", noted[lo], noted[hi]).Error; err != nil {
				return err
			}
			lo = hi + 1
		}
		if err := tx.Exec("DELETE FROM page_anchors").Error; err != nil {
			return err
		}
		const batch = 200
		for order, as := range anchors {
			for i := 0; i < len(as); i += batch {
				part := as[i:min(i+batch, len(as))]
				marks := make([]string, len(part))
				args := make([]any, 0, 3*len(part))
				for j, a := range part {
					marks[j] = "(?, ?, ?)"
					args = append(args, order, int64(i+j+1)*int64(anchorEvery)-1, a)
				}
				if err := tx.Exec("INSERT INTO page_anchors (sort_order, position, vals) VALUES "+strings.Join(marks, ", "), args...).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	return wrap(err, "store the page anchors")
}

// readPageAnchors reads the cursor values of every anchorEvery-th figure
// of the public list in order (ascending), as JSON, and the list's count.
func (s *Store) readPageAnchors(tx *gorm.DB, order string) ([]string, int64, error) {
	terms, err := sortTerms(order)
	if err != nil {
		return nil, 0, err
	}
	where, args := s.filterSQL(models.FigureFilter{Audience: models.AudiencePublic})
	cols := make([]string, len(terms))
	for i, t := range terms {
		cols[i] = s.cursorColumn(t)
	}
	rows, err := tx.Raw("SELECT "+strings.Join(cols, ", ")+" FROM figures f WHERE "+where+orderBy(terms, false), args...).Rows()
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	raw := make([]any, len(terms))
	dest := make([]any, len(terms))
	for i := range raw {
		dest[i] = &raw[i]
	}
	var anchors []string
	var total int64
	for rows.Next() {
		if total%int64(anchorEvery) == int64(anchorEvery)-1 {
			if err := rows.Scan(dest...); err != nil {
				return nil, 0, err
			}
			vals := make([]string, len(raw))
			for i, r := range raw {
				vals[i] = cursorText(r)
			}
			b, err := json.Marshal(vals)
			if err != nil {
				return nil, 0, err
			}
			anchors = append(anchors, string(b))
		}
		total++
	}
	return anchors, total, rows.Err()
}

// anchorRefresher runs the page anchors' refresh a deep page asked for in
// the background, one at a time, and lets Close wait for it.
type anchorRefresher struct {
	mu      sync.Mutex
	running bool
	wg      sync.WaitGroup
	ctx     context.Context
	stop    context.CancelFunc
}

// close stops the refresh running and waits for it; none starts after.
func (r *anchorRefresher) close() {
	r.mu.Lock()
	if r.stop != nil {
		r.stop()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

// refreshPageAnchorsLater starts RefreshPageAnchors in the background
// unless one is running: a page found the anchors stale.
func (s *Store) refreshPageAnchorsLater() {
	r := &s.anchorsLater
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running || r.ctx == nil || r.ctx.Err() != nil {
		return
	}
	r.running = true
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		if err := s.RefreshPageAnchors(r.ctx); err != nil && r.ctx.Err() == nil {
			s.log.Warn("reading the page anchors failed; deep pages walk their offset", "err", err)
		}
		r.mu.Lock()
		r.running = false
		r.mu.Unlock()
	}()
}
