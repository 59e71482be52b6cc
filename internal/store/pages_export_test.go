package store

import (
	"context"
	"strings"

	"forcedreturns/models"
)

// SetWalkOrderAboveForTest changes the count above which a page on SQLite
// walks the index of its order, so that a small test database takes both
// ways; it returns the function that restores it.
func SetWalkOrderAboveForTest(n int) (restore func()) {
	old := walkOrderAbove
	walkOrderAbove = n
	return func() { walkOrderAbove = old }
}

// SetPeopleCountForTest changes what a figure counted in the people
// index costs beside one walked (peopleCount): 0 places every deep page
// of a list the people index holds by that index. It returns the
// function that restores it.
func SetPeopleCountForTest(n float64) (restore func()) {
	old := peopleCount
	peopleCount = n
	return func() { peopleCount = old }
}

// SetInlineUnitFiguresForTest changes the number of figures beyond which
// a figure page's stale check units are left pending.
func SetInlineUnitFiguresForTest(n int) (restore func()) {
	old := inlineUnitFigures
	inlineUnitFigures = n
	return func() { inlineUnitFigures = old }
}

// SetAnchorEveryForTest changes the number of figures between two page
// anchors, so that a small test database has several; it returns the
// function that restores it.
func SetAnchorEveryForTest(n int) (restore func()) {
	old := anchorEvery
	anchorEvery = n
	return func() { anchorEvery = old }
}

// AnchoredPagesForTest is the number of pages placed at a page anchor.
func (s *Store) AnchoredPagesForTest() int64 { return s.anchoredPages.Load() }

// SetAfterSubjectForTest has the checks' full computation call fn at the
// first figure of each subject (heavy.go); it returns the function that
// takes it away.
func SetAfterSubjectForTest(fn func()) (restore func()) {
	old := afterSubject
	afterSubject = fn
	return func() { afterSubject = old }
}

// HeavyWaitingForTest is the number of long reads waiting for the turn
// (heavy.go), and HeavyHandedOverForTest the times the checks'
// computation let one go first.
func (s *Store) HeavyWaitingForTest() int32    { return s.heavy.waiting.Load() }
func (s *Store) HeavyHandedOverForTest() int64 { return s.heavyHandedOver.Load() }

// SetPlacesForTest turns the places of pages read by offset on or off
// (places.go); it returns the function that restores them.
func SetPlacesForTest(on bool) (restore func()) {
	old := placesOn
	placesOn = on
	return func() { placesOn = old }
}

// PlacedPagesForTest is the number of pages placed where a page read
// before by offset left a place.
func (s *Store) PlacedPagesForTest() int64 { return s.placedPages.Load() }

// PeoplePagesForTest is the number of pages placed by the people index.
func (s *Store) PeoplePagesForTest() int64 { return s.peoplePages.Load() }

// CheckPageWaysForTest is the number of filtered pages of stored checks
// found by each way: a walk asking each result, a walk with the set, a
// sort.
func (s *Store) CheckPageWaysForTest() (asked, set, sorted int64) {
	return s.checkPageWays[0].Load(), s.checkPageWays[1].Load(), s.checkPageWays[2].Load()
}

// FacetCountedForTest is the number of lists counted from the facets.
func (s *Store) FacetCountedForTest() int64 { return s.facetCounted.Load() }

// HoldPageAnchorsForTest keeps the page anchors from being read again in
// the background, however many writes are noted, until restore.
func (s *Store) HoldPageAnchorsForTest() (restore func()) {
	s.WaitPageAnchorsForTest()
	r := &s.anchorsLater
	r.mu.Lock()
	r.running = true
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		r.running = false
		r.mu.Unlock()
	}
}

// WaitPageAnchorsForTest waits for the page anchors' refresh a deep page
// started in the background.
func (s *Store) WaitPageAnchorsForTest() { s.anchorsLater.wg.Wait() }

// CountPlanForTest is SQLite's plan (EXPLAIN QUERY PLAN) for the count of
// the figures f selects when neither anchors nor facets count them.
func (s *Store) CountPlanForTest(ctx context.Context, f models.FigureFilter) (string, error) {
	where, args := s.filterSQL(f)
	q, args := s.countSQL(f, where, args)
	return s.queryPlan(ctx, q, args)
}

// KeysetPlanForTest is SQLite's plan (EXPLAIN QUERY PLAN) for the keys of
// a page of the list f (of many figures) in order sort placed by a
// cursor and an offset (the deferred join's inner query, pageQuery.rows).
func (s *Store) KeysetPlanForTest(ctx context.Context, sort string, f models.FigureFilter) (string, error) {
	terms, err := sortTerms(sort)
	if err != nil {
		return "", err
	}
	vals := make([]string, len(terms))
	for i := range vals {
		vals[i] = "0"
	}
	bound, err := s.bindCursor(terms, vals)
	if err != nil {
		return "", err
	}
	where, args := s.filterSQLWith(f, func(col string) bool { return col != terms[0].expr })
	l := pageQuery{terms: terms, lead: leadValue(terms, f)}
	if l.lead != nil {
		bound[0] = l.lead // a bound within the list
	}
	cond, cargs := l.keyset(bound, false)
	return s.queryPlan(ctx, "SELECT f.key FROM figures f WHERE "+where+" AND "+cond+orderBy(terms, false)+" LIMIT 51 OFFSET 100", append(args, cargs...))
}

// FirstPagePlanForTest is SQLite's plan (EXPLAIN QUERY PLAN) for the
// rows of the first page of the list f (of many figures) in order sort,
// read by walking the order's index (pageQuery.rows).
func (s *Store) FirstPagePlanForTest(ctx context.Context, sort string, f models.FigureFilter) (string, error) {
	terms, err := sortTerms(sort)
	if err != nil {
		return "", err
	}
	where, args := s.filterSQLWith(f, func(col string) bool { return col != terms[0].expr })
	return s.queryPlan(ctx, s.viewQuery(where)+orderBy(terms, false)+" LIMIT 51", args)
}

// queryPlan is SQLite's plan (EXPLAIN QUERY PLAN) for q, a line a step.
func (s *Store) queryPlan(ctx context.Context, q string, args []any) (string, error) {
	rows, err := s.db.WithContext(ctx).Raw("EXPLAIN QUERY PLAN "+q, args...).Rows()
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n"), rows.Err()
}
