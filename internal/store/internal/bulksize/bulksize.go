// Package bulksize holds the two sizes past which package store takes a
// write as a bulk one, for tests to lower so that a few hundred figures
// take the paths of an import of thousands (and, likewise, the rows the
// store writes a transaction when it stores every countable column, and
// a narrowing of the subjects it counts again after a write, which a test
// sets to show that it notices): store's own tests through
// store.SetBulkForTest, the tests of the packages built on store through
// storetest.SetBulk. Nothing outside tests sets them; being internal to
// store, nothing outside store's tree can. Zero, as they start, means the
// store's own sizes (its bulkDirty and bulkIndexRows).
package bulksize

import (
	"sync/atomic"

	"forcedreturns/internal/checks"
)

// Dirty is the number of noted writes past which the stored checks are
// computed again from scratch (and a stream on SQLite is a bulk load);
// IndexRows the number of figures past which a bulk load drops the
// readers' indexes. Tests that lower them must not run in parallel with
// tests that expect the store's own.
var Dirty, IndexRows atomic.Int64

// CountsChunk is the number of countable columns' rows the store writes a
// transaction when it stores them all (zero: its countsChunk).
var CountsChunk atomic.Int64

// NarrowCounts, when set, drops subjects from those the store counts
// again after a write (it is given them, the written ones first): a test
// shows that it notices.
var NarrowCounts atomic.Pointer[func(written int, subjects []checks.Subject) []checks.Subject]
