package auth

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeHash feeds stored hashes to the PHC parser: it never panics,
// and what it accepts is within the cost bounds and encodes back to the
// same string (one spelling per hash, so NeedsRehash is reliable).
func FuzzDecodeHash(f *testing.F) {
	for _, s := range []string{
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$argon2id$v=19$m=32768,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$argon2id$v=19$m=4294967296,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"", "$", "$$$$$",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := decodeHash(s)
		if err != nil {
			return
		}
		if p.memory > maxMemory || p.time < 1 || p.time > maxTime || p.threads < 1 || p.memory < 8*uint32(p.threads) ||
			len(salt) < minSaltLen || len(key) < minKeyLen || len(key) > maxKeyLen {
			t.Fatalf("decodeHash(%q) accepted out-of-bounds parameters %+v", s, p)
		}
		again := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
		if again != s {
			t.Fatalf("decodeHash(%q) accepted a non-canonical spelling of %q", s, again)
		}
	})
}

// FuzzLimitKeys: whatever a client sends as address or email, the keys
// are storable (valid UTF-8, no NUL) and bounded.
func FuzzLimitKeys(f *testing.F) {
	for _, s := range []string{"192.0.2.1", "2001:db8::1%eth0", "::ffff:10.0.0.1", "Ana@Example.org", "\x00\xff", strings.Repeat("é", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []string{ipKey(s), accountKey(s)} {
			if !utf8.ValidString(k) || strings.ContainsRune(k, 0) || len(k) > 300 {
				t.Fatalf("key %q from %q is not storable", k, s)
			}
		}
	})
}
