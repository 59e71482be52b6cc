// Package bulksize holds the two sizes past which package store takes a
// write as a bulk one, for tests to lower so that a few hundred figures
// take the paths of an import of thousands: store's own tests through
// store.SetBulkForTest, the tests of the packages built on store through
// storetest.SetBulk. Nothing outside tests sets them; being internal to
// store, nothing outside store's tree can. Zero, as they start, means the
// store's own sizes (its bulkDirty and bulkIndexRows).
package bulksize

import "sync/atomic"

// Dirty is the number of noted writes past which the stored checks are
// computed again from scratch (and a stream on SQLite is a bulk load);
// IndexRows the number of figures past which a bulk load drops the
// readers' indexes. Tests that lower them must not run in parallel with
// tests that expect the store's own.
var Dirty, IndexRows atomic.Int64
