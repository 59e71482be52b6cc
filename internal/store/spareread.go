package store

import "sync"

// SpareRead lends a read connection, if one can be spared, to a caller
// that holds one connection while it waits for reads on others: a
// download whose rows stream from one query while the countable columns
// are counted beside it (export.Figures), or the count's read of the
// figures beside the reads of the keys they name (export.Count). Such a
// caller, were it unbounded, could deadlock: downloads that each hold a
// connection while waiting for one more take the whole pool. So at most
// one connection fewer than the pool holds is lent at a time (none with
// a pool of one), and a caller that gets none reads one query after
// another. release returns the connection's token; calling it again does
// nothing.
func (s *Store) SpareRead() (release func(), ok bool) {
	select {
	case s.spare <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-s.spare }) }, true
	default:
		return func() {}, false
	}
}
