package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"

	"forcedreturns/internal/pace"
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
// only slower) until the anchors are read again in the background. The
// lists with anchors are the one every reader without a filter gets and
// those of one value of a column of anchorListCols (one metric, source,
// qualifier, acting or receiving state, population, unit or kind:
// anchorListOf, migrations 34 and 35) and the summarised list (the
// figures the summaries count): the walk over a filtered list's
// offset stepped over the figures the filter refuses too (5.1 s for page
// 1500 of one metric by value, 5–10 s for page 3000 of one kind, at a
// million figures), and the notes carry those columns.

// anchorEvery is the number of figures between two anchors.
var anchorEvery = 1000

// maxPageNotes is the number of notes above which pages no longer count
// them but walk their offset; above anchorEvery of them a page asks for
// the anchors to be read again.
const maxPageNotes = 20000

// anchorOrders are the orders whose anchors are read: every ascending
// order, whose reverse (descending) shares its anchors, the figure's key
// ending both, and "-value", which is not the reverse of "value": the
// figures that give no number come last both ways (sortTerms).
var anchorOrders = append(slices.Clone(models.SortKeys), "-value")

// anchorOrder is the order of anchorOrders whose anchors a page in order
// sort starts at, and whether sort is its reverse.
func anchorOrder(sort string) (order string, reverse bool) {
	if sort == "" {
		return "period", false
	}
	if slices.Contains(anchorOrders, sort) {
		return sort, false
	}
	order, _ = anchorOrder(strings.TrimPrefix(sort, "-"))
	return order, true
}

// anchorListCols are the columns of figures (and of page_dirty) whose one
// value makes a list with anchors, in the order of the names they take:
// the first of facetCols, read with them.
var anchorListCols = [8]string(facetCols[:8])

// summarisedList is the name of the list of the figures the summaries
// count (summarised=true), the one list with anchors not of a column.
const summarisedList = "summarised"

// anchorListVals returns the values f filters each column of
// anchorListCols on, in their order.
func anchorListVals(f models.FigureFilter) [len(anchorListCols)][]string {
	return [...][]string{f.Metrics, f.Sources, stringsOf(f.Qualifiers), f.ActingStates, f.ReceivingStates, f.Populations, f.Units, stringsOf(f.Kinds)}
}

// anchorList is a figure list with anchors: the public list (col empty),
// its figures whose column col holds val, or the summarised list (col
// summarisedList, val "true").
type anchorList struct{ col, val string }

// name is the list's name in page_anchors and page_anchor_lists: "" for
// the public list, else "metric=deaths" and the like.
func (l anchorList) name() string {
	if l.col == "" {
		return ""
	}
	return l.col + "=" + l.val
}

// filter is the list's filter.
func (l anchorList) filter() models.FigureFilter {
	f := models.FigureFilter{Audience: models.AudiencePublic}
	v := []string{l.val}
	switch l.col {
	case "metric":
		f.Metrics = v
	case "source":
		f.Sources = v
	case "qualifier":
		f.Qualifiers = []models.Qualifier{models.Qualifier(l.val)}
	case "acting_state":
		f.ActingStates = v
	case "receiving_state":
		f.ReceivingStates = v
	case "population":
		f.Populations = v
	case "unit":
		f.Units = v
	case "quantity_kind":
		f.Kinds = []models.QuantityKind{models.QuantityKind(l.val)}
	case summarisedList:
		f.Summarised = true
	}
	return f
}

// notes is the condition on the notes of page_dirty (as alias) that are
// the list's.
func (l anchorList) notes(alias string) (string, []any) {
	switch l.col {
	case "":
		return "1 = 1", nil
	case summarisedList: // the notes hold NULL or '' in subgroup_of and share_of, as facets do
		return strings.ReplaceAll(summarisedSQL, "f.", alias+"."), nil
	}
	return alias + "." + l.col + " = ?", []any{l.val}
}

// anchorListOf returns the list with anchors that f selects, where and
// args being its filterSQL, if it selects one: the same where clause, so
// that a filter that adds anything else (a period, a second metric, an
// editor's statuses) has none.
func (s *Store) anchorListOf(f models.FigureFilter, where string, args []any) (anchorList, bool) {
	lists := []anchorList{{}}
	for i, vals := range anchorListVals(f) {
		if len(vals) == 1 {
			lists = append(lists, anchorList{anchorListCols[i], vals[0]})
		}
	}
	if f.Summarised {
		lists = append(lists, anchorList{summarisedList, "true"})
	}
	for _, l := range lists {
		lw, largs := s.filterSQL(l.filter())
		if where == lw && fmt.Sprintf("%q", args) == fmt.Sprintf("%q", largs) {
			return l, true
		}
	}
	return anchorList{}, false
}

// anchorsHeld returns the number of figures of list when anchors are
// stored and few enough writes were noted since to count (the stored
// count plus the notes' of the list), else -1; and whether the anchors
// should be read again.
func (s *Store) anchorsHeld(tx *gorm.DB, list anchorList) (int, bool, error) {
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
	cond, args := list.notes("d")
	err = tx.Raw("SELECT COUNT(*), COALESCE(SUM(CASE WHEN "+cond+" THEN d.side ELSE 0 END), 0) FROM (SELECT side, "+strings.Join(facetCols[:], ", ")+" FROM page_dirty LIMIT ?) d",
		append(args, maxPageNotes+1)...).Row().Scan(&notes, &sum)
	if err != nil {
		return -1, false, err
	}
	if notes > maxPageNotes {
		return -1, true, nil
	}
	stale := notes > int64(anchorEvery)
	// A list no public figure was in when the anchors were read has no
	// count stored: it is counted, and has no anchors.
	err = tx.Raw("SELECT total FROM page_anchor_lists WHERE list = ?", list.name()).Row().Scan(&stored)
	if err == sql.ErrNoRows {
		return -1, stale, nil
	}
	if err != nil {
		return -1, false, err
	}
	return int(stored + sum), stale, nil
}

// pageAnchor returns the cursor values of an anchor of list strictly
// before the page at offset in the order of terms (sort), and the offset
// to step over after it: the page is the rows after the anchor
// (keysetSQL) from there. It returns nil when no anchor lies before the
// page. The caller has seen that the anchors hold (anchorsHeld).
func (s *Store) pageAnchor(tx *gorm.DB, list anchorList, terms []sortTerm, sort string, offset int) ([]string, int, error) {
	order, desc := anchorOrder(sort)
	var stored int64
	if err := tx.Raw("SELECT total FROM page_anchor_lists WHERE list = ?", list.name()).Row().Scan(&stored); err != nil {
		return nil, 0, err
	}
	// Ascending, the page's first figure was at position offset: the
	// anchor is the last before it. Descending, at position
	// total-1-offset of the ascending order: the anchor is the first
	// after it. If writes since moved the anchor onto or past the page,
	// the one before it is taken.
	q := "SELECT position, vals FROM page_anchors WHERE list = ? AND sort_order = ? AND position < ? ORDER BY position DESC LIMIT 1"
	at := int64(offset)
	if desc {
		q = "SELECT position, vals FROM page_anchors WHERE list = ? AND sort_order = ? AND position > ? ORDER BY position LIMIT 1"
		at = stored - 1 - int64(offset)
	}
	for range 4 {
		var pos int64
		var raw string
		err := tx.Raw(q, list.name(), order, at).Row().Scan(&pos, &raw)
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
		mine, margs := list.notes("f")
		var moved int64
		if err := tx.Raw("SELECT COALESCE(SUM(f.side), 0) FROM page_dirty f WHERE NOT "+after+" AND "+mine,
			append(args, margs...)...).Row().Scan(&moved); err != nil {
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
		"DELETE FROM page_anchor_lists",
		"DELETE FROM page_facets",
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

// RefreshPageAnchors reads the anchors of every list with anchors in
// every order again, in one snapshot, and stores them with the lists'
// counts, deleting the notes of the writes that snapshot saw, unless
// another refresh stored anchors meanwhile. A store runs one refresh at
// a time.
func (s *Store) RefreshPageAnchors(ctx context.Context) error {
	s.anchorRefresh.Lock()
	defer s.anchorRefresh.Unlock()
	// Not beside the checks' full computation: between two of its
	// subjects (heavy.go).
	if err := s.heavy.take(ctx); err != nil {
		return err
	}
	defer s.heavy.give()
	var gen int64
	var noted []int64
	var totals map[string]int64
	var counted facets
	anchors := map[string]map[string][]string{} // list, order
	err := s.read(ctx, func(tx *gorm.DB) error {
		gen, noted = -1, noted[:0]
		clear(anchors)
		// Each list's walk reads every figure it holds: at a million
		// figures on a busy PostgreSQL longer than a request's timeout.
		if err := s.unbounded(tx); err != nil {
			return err
		}
		err := tx.Raw("SELECT gen FROM page_anchors_state WHERE id = 1").Row().Scan(&gen)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if err := tx.Raw("SELECT id FROM page_dirty ORDER BY id").Scan(&noted).Error; err != nil {
			return err
		}
		// A long read (16 s at a million figures): it gives way to the
		// requests being served between two figures (package pace).
		pc := s.requests.Pacer()
		m, err := s.readAnchorMembers(ctx, tx, pc)
		if err != nil {
			return err
		}
		counted = m.facets
		for _, order := range anchorOrders {
			var lists [][]string
			var counts []int64
			if lists, counts, err = s.readPageAnchors(ctx, tx, pc, order, m); err != nil {
				return err
			}
			totals = map[string]int64{}
			for i, name := range m.names {
				totals[name] = counts[i]
				if len(lists[i]) > 0 {
					if anchors[name] == nil {
						anchors[name] = map[string][]string{}
					}
					anchors[name][order] = lists[i]
				}
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
		total := totals[""]
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
		for _, q := range []string{"DELETE FROM page_anchors", "DELETE FROM page_anchor_lists", "DELETE FROM page_facets"} {
			if err := tx.Exec(q).Error; err != nil {
				return err
			}
		}
		// Rows of one table, inserted batch rows a statement.
		const batch = 200
		var marks []string
		var args []any
		insert := func(table string, row ...any) error {
			if row != nil {
				marks = append(marks, "(?"+strings.Repeat(", ?", len(row)-1)+")")
				args = append(args, row...)
			}
			if len(marks) == 0 || (row != nil && len(marks) < batch) {
				return nil
			}
			err := tx.Exec("INSERT INTO "+table+" VALUES "+strings.Join(marks, ", "), args...).Error
			marks, args = marks[:0], args[:0]
			return err
		}
		for list, n := range totals {
			if err := insert("page_anchor_lists (list, total)", list, n); err != nil {
				return err
			}
		}
		if err := insert("page_anchor_lists (list, total)"); err != nil {
			return err
		}
		facetTable := "page_facets (" + strings.Join(facetCols[:], ", ") + ", n)"
		for i := range counted.n {
			if err := insert(facetTable, counted.row(i)...); err != nil {
				return err
			}
		}
		if err := insert(facetTable); err != nil {
			return err
		}
		for list, orders := range anchors {
			for order, as := range orders {
				for i, a := range as {
					if err := insert("page_anchors (list, sort_order, position, vals)", list, order, int64(i+1)*int64(anchorEvery)-1, a); err != nil {
						return err
					}
				}
			}
		}
		return insert("page_anchors (list, sort_order, position, vals)")
	})
	return wrap(err, "store the page anchors")
}

// anchorMembers are the lists with anchors each public figure is in,
// read once for the walks over every order (readPageAnchors), which then
// read only the columns of their order's index, the figure's key last:
// reading the columns of the lists in each walk read every figure from
// the table six times (34 s of CPU against 4 s at a million figures on
// SQLite). The keys are held one after another in one slice, not as a
// string each: at a million figures a string each, and their sorted
// copy, took the refresh's memory to about 70 MB while serve computed the
// checks beside it; so, 30 MB.
type anchorMembers struct {
	names []string // the lists' names (anchorList.name), the public list's first
	keys  []byte   // the public figures' keys, one after another, as read
	ends  []uint32 // ends[i]: where the key of the i-th figure read ends in keys
	byKey []int32  // the figures read, in the order of their keys
	// combo[i]: the combination of facetCols (of facets) of the i-th
	// figure read, whose lists (of names) are in[combo[i]], one a column
	// of anchorListCols and the summarised list's or -1: a figure's lists
	// held as 4 bytes, not 36.
	combo []int32
	in    [][len(anchorListCols) + 1]int32
	// facets counts the figures read by their facetCols (page_facets).
	facets facets
}

// key is the key of the i-th figure read.
func (m *anchorMembers) key(i int32) []byte {
	start := uint32(0)
	if i > 0 {
		start = m.ends[i-1]
	}
	return m.keys[start:m.ends[i]]
}

// find returns the index (as read) of the figure with key k.
func (m *anchorMembers) find(k []byte) (int32, bool) {
	at, ok := slices.BinarySearchFunc(m.byKey, k, func(i int32, k []byte) int { return bytes.Compare(m.key(i), k) })
	if !ok {
		return 0, false
	}
	return m.byKey[at], true
}

// readAnchorMembers reads the lists each public figure is in.
func (s *Store) readAnchorMembers(ctx context.Context, tx *gorm.DB, pc *pace.Pacer) (anchorMembers, error) {
	where, args := s.filterSQL(anchorList{}.filter())
	rows, err := tx.Raw("SELECT f.key, "+facetSelect()+" FROM figures f WHERE "+where, args...).Rows()
	if err != nil {
		return anchorMembers{}, err
	}
	defer rows.Close()
	m := anchorMembers{names: []string{""}}
	index := make([]map[string]int32, len(anchorListCols)) // by column, value
	summarised := int32(-1)                                // the summarised list's, once a figure is in it
	for i := range index {
		index[i] = map[string]int32{}
	}
	var key sql.RawBytes // copied into m.keys: no garbage a row
	// The row's facetCols, of which the first are anchorListCols.
	by := make([]sql.RawBytes, len(facetCols))
	dest := []any{&key}
	for i := range by {
		dest = append(dest, &by[i])
	}
	for rows.Next() {
		if err := pc.GiveWay(ctx); err != nil {
			return anchorMembers{}, err
		}
		if err := rows.Scan(dest...); err != nil {
			return anchorMembers{}, err
		}
		c := m.facets.add(by)
		if c == len(m.in) { // a combination not read before
			var in [len(anchorListCols) + 1]int32
			for i, v := range by[:len(anchorListCols)] {
				n, ok := index[i][string(v)]
				if !ok {
					n = int32(len(m.names))
					index[i][string(v)] = n
					m.names = append(m.names, anchorList{anchorListCols[i], string(v)}.name())
				}
				in[i] = n
			}
			// summarisedSQL over the row's status and marks (facetSelect).
			in[len(anchorListCols)] = -1
			if n := len(facetCols); string(by[n-3]) == string(models.StatusPublished) && string(by[n-2]) == "0" && string(by[n-1]) == "0" {
				if summarised < 0 {
					summarised = int32(len(m.names))
					m.names = append(m.names, anchorList{summarisedList, "true"}.name())
				}
				in[len(anchorListCols)] = summarised
			}
			m.in = append(m.in, in)
		}
		m.keys = append(m.keys, key...)
		m.ends, m.combo = append(m.ends, uint32(len(m.keys))), append(m.combo, int32(c))
	}
	if err := rows.Err(); err != nil {
		return anchorMembers{}, err
	}
	// By key, to be found by it (in Go's order: any order will do).
	m.byKey = make([]int32, len(m.ends))
	for i := range m.byKey {
		m.byKey[i] = int32(i)
	}
	slices.SortFunc(m.byKey, func(a, b int32) int { return bytes.Compare(m.key(a), m.key(b)) })
	return m, nil
}

// readPageAnchors reads, in one walk over the public list in order
// (ascending), the cursor values of every anchorEvery-th figure of each
// list of m, as JSON, and each list's count, both by the list's index
// in m.names. A figure m does not know (none: one snapshot) counts in
// the public list alone.
func (s *Store) readPageAnchors(ctx context.Context, tx *gorm.DB, pc *pace.Pacer, order string, m anchorMembers) ([][]string, []int64, error) {
	terms, err := sortTerms(order)
	if err != nil {
		return nil, nil, err
	}
	where, args := s.filterSQL(anchorList{}.filter())
	cols := make([]string, len(terms))
	for i, t := range terms {
		cols[i] = s.cursorColumn(t)
	}
	rows, err := tx.Raw("SELECT "+strings.Join(cols, ", ")+" FROM figures f WHERE "+where+orderBy(terms, false), args...).Rows()
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	raw := make([]any, len(terms))
	dest := make([]any, len(terms))
	for i := range raw {
		dest[i] = &raw[i]
	}
	anchors := make([][]string, len(m.names))
	counts := make([]int64, len(m.names))
	// count counts the row in list i, marking an anchor at every
	// anchorEvery-th.
	count := func(i int32) error {
		at := counts[i]
		counts[i]++
		if at%int64(anchorEvery) != int64(anchorEvery)-1 {
			return nil
		}
		vals := make([]string, len(raw))
		for j, r := range raw {
			vals[j] = cursorText(r)
		}
		b, err := json.Marshal(vals)
		anchors[i] = append(anchors[i], string(b))
		return err
	}
	var last []byte
	for rows.Next() {
		if err := pc.GiveWay(ctx); err != nil {
			return nil, nil, err
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		if err := count(0); err != nil {
			return nil, nil, err
		}
		// Every order ends with the key.
		last = append(last[:0], cursorText(raw[len(raw)-1])...)
		at, ok := m.find(last)
		if !ok {
			continue
		}
		for _, i := range m.in[m.combo[at]] {
			if i < 0 {
				continue
			}
			if err := count(i); err != nil {
				return nil, nil, err
			}
		}
	}
	return anchors, counts, rows.Err()
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
