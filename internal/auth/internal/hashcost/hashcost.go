// Package hashcost holds the one switch that makes package auth hash
// passwords cheaply: tests of the packages built on auth turn it on
// through authtest.CheapHashing, so that a test that signs in spends
// microseconds, not seconds under the race detector, on argon2id. Nothing
// outside tests sets it; being internal to auth, nothing outside auth's
// own tree can.
package hashcost

import "sync/atomic"

// Cheap, when true, makes auth use its test parameters instead of its
// production ones for new hashes, DummyCheck and NeedsRehash.
var Cheap atomic.Bool
