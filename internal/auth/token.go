package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// APITokenPrefix starts every API token, so that one is recognisable
// where it should not be (a log, a commit) and secret scanners can be
// taught to find it.
const APITokenPrefix = "frt_"

// TokenPrefixLength is the length of the part of an API token shown in
// lists (TokenPrefix): "frt_" and 8 random characters, 48 bits, enough to
// tell an editor's tokens apart, far too little to guess the rest.
const TokenPrefixLength = len(APITokenPrefix) + 8

// tokenBytes is the entropy of every token: 256 bits.
const tokenBytes = 32

// NewToken returns a new random token (32 bytes from crypto/rand,
// base64url without padding: 43 characters safe in a cookie or a URL) and
// its hash (HashToken). The client keeps the token; the store keeps only
// the hash, so a copy of the database signs no one in.
func NewToken() (token, hash string) {
	b := make([]byte, tokenBytes)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// NewAPIToken returns a new API token: "frt_" followed by a NewToken,
// with its prefix for lists (TokenPrefix) and its hash (HashToken).
func NewAPIToken() (token, prefix, hash string) {
	t, _ := NewToken()
	token = APITokenPrefix + t
	return token, TokenPrefix(token), HashToken(token)
}

// HashToken returns the SHA-256 of token as 64 lower-case hex digits, the
// form sessions and API tokens are stored and looked up in. A fast hash
// is right here, unlike for passwords: the token has 256 random bits, so
// there is nothing to guess.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// TokenPrefix returns the first TokenPrefixLength characters of an API
// token (the whole string if it is shorter), as stored and listed.
func TokenPrefix(token string) string {
	if len(token) <= TokenPrefixLength {
		return token
	}
	return token[:TokenPrefixLength]
}

// IsAPIToken reports whether s has the shape of an API token, for a
// handler telling a bearer token from something else.
func IsAPIToken(s string) bool {
	rest, ok := strings.CutPrefix(s, APITokenPrefix)
	if !ok || len(rest) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	return err == nil
}
