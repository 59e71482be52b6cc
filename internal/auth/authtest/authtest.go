// Package authtest is for the tests of packages built on auth: it makes
// password hashing cheap for the whole test binary. auth's own tests keep
// testing the production parameters (TestDefaultParamsAndReferenceVector).
package authtest

import "forcedreturns/internal/auth/internal/hashcost"

// CheapHashing makes every password hash, check against no account and
// rehash decision from now on use argon2id parameters that cost
// microseconds: tests check behaviour, not cost. Call it from TestMain,
// before any test hashes: a hash made before it would need a rehash
// after. Hashes stay well-formed argon2id PHC strings that CheckPassword
// checks whatever the switch says.
func CheapHashing() { hashcost.Cheap.Store(true) }
