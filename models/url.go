package models

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckURL accepts only absolute http or https URLs with a host. Everything
// a browser might execute or resolve against our own origin (javascript:,
// data:, vbscript:, scheme-relative //host) is refused, whatever its case or
// surrounding white space, because a stored link is later clicked by readers.
func CheckURL(raw string) error {
	if raw != strings.TrimSpace(raw) {
		return fmt.Errorf("must not start or end with white space")
	}
	if !utf8.ValidString(raw) {
		return fmt.Errorf("must be valid UTF-8")
	}
	for _, r := range raw {
		// Invisible and bidirectional characters could make a stored link
		// display as a different address than the one it opens.
		if r < 0x21 || r == 0x7f || unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Errorf("must not contain spaces, control or invisible characters (found U+%04X)", r)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("is not a URL: expected http:// or https:// followed by a host")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("must start with http:// or https:// (got scheme %q)", u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return fmt.Errorf("must have a host, as in https://example.org/page")
	}
	if u.User != nil {
		return fmt.Errorf("must not carry a user name or password")
	}
	return nil
}

// ValidKey reports whether k is a stable key: 1 to 100 lower-case letters,
// digits and inner hyphens (`^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$`,
// format's keyPattern, matched byte by byte: a regular expression took a
// twentieth of an import's CPU). Keys name sources, figures and metrics in
// files and formulas, so they never change once created.
func ValidKey(k string) bool {
	if len(k) == 0 || len(k) > 100 || k[0] == '-' || k[len(k)-1] == '-' {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

const keyExpected = "expected 1 to 100 lower-case letters, digits and hyphens, not starting or ending with a hyphen"
