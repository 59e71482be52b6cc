package store

// SetWalkOrderAboveForTest changes the count above which a page on SQLite
// walks the index of its order, so that a small test database takes both
// ways; it returns the function that restores it.
func SetWalkOrderAboveForTest(n int) (restore func()) {
	old := walkOrderAbove
	walkOrderAbove = n
	return func() { walkOrderAbove = old }
}

// SetInlineUnitFiguresForTest changes the number of figures beyond which
// a figure page's stale check units are left pending.
func SetInlineUnitFiguresForTest(n int) (restore func()) {
	old := inlineUnitFigures
	inlineUnitFigures = n
	return func() { inlineUnitFigures = old }
}
