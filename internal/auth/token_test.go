package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, hash := NewToken()
		b, err := base64.RawURLEncoding.Strict().DecodeString(tok)
		if err != nil || len(b) != 32 || len(tok) != 43 {
			t.Fatalf("NewToken = %q: not 32 bytes in unpadded base64url (%v)", tok, err)
		}
		sum := sha256.Sum256([]byte(tok))
		if hash != hex.EncodeToString(sum[:]) || hash != HashToken(tok) {
			t.Fatalf("NewToken hash %q is not the token's SHA-256", hash)
		}
		if seen[tok] {
			t.Fatalf("NewToken repeated %q", tok)
		}
		seen[tok] = true
	}
}

func TestNewAPIToken(t *testing.T) {
	tok, prefix, hash := NewAPIToken()
	if !strings.HasPrefix(tok, "frt_") || len(tok) != 4+43 || !IsAPIToken(tok) {
		t.Errorf("NewAPIToken token = %q", tok)
	}
	if prefix != tok[:12] || len(prefix) != TokenPrefixLength || TokenPrefix(tok) != prefix {
		t.Errorf("NewAPIToken prefix = %q for %q", prefix, tok)
	}
	if hash != HashToken(tok) {
		t.Errorf("NewAPIToken hash = %q, want HashToken(token)", hash)
	}
	if TokenPrefix("frt_ab") != "frt_ab" {
		t.Error("TokenPrefix of a short string is not the string")
	}
	session, _ := NewToken()
	for _, s := range []string{session, "frt_", "frt_" + session[:42], "frt_" + session + "A", "frt_" + strings.Repeat("+", 43), "ghp_" + session} {
		if IsAPIToken(s) {
			t.Errorf("IsAPIToken(%q) = true", s)
		}
	}
}
