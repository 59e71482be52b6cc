package models

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

func TestCheckURL(t *testing.T) {
	for _, tt := range badURLs {
		t.Run(tt.raw, func(t *testing.T) {
			err := CheckURL(tt.raw)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CheckURL(%q) = %v, want an error containing %q", tt.raw, err, tt.want)
			}
		})
	}
	for _, raw := range goodURLs {
		t.Run(raw, func(t *testing.T) {
			if err := CheckURL(raw); err != nil {
				t.Errorf("CheckURL(%q) = %v, want nil", raw, err)
			}
		})
	}
}

// TestCheckURLRefusesInvisibleCharacters pins the promise of CheckURL's
// message ("must not contain spaces, control or invisible characters") for characters
// outside ASCII: C1 controls, no-break spaces, line separators and bidi
// overrides, which checkText already refuses in every other text field and
// which let a stored link look like a different one.
func TestCheckURLRefusesInvisibleCharacters(t *testing.T) {
	for _, raw := range []string{
		"https://example.org/a\u0085b",
		"https://exa\u0085mple.org/",
		"https://exa\u00a0mple.org/",
		"https://example.org/a\u00a0b",
		"https://example.org/a\u3000b",
		"https://example.org/a\u2028b",
		"https://example.org/\u202egro.live",
		"https://example.org/a\u200bb",
	} {
		if err := CheckURL(raw); err == nil {
			t.Errorf("CheckURL(%q) = nil, want an error", raw)
		}
	}
}

func TestValidKey(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{"a", true},
		{"0", true},
		{"hrw-2017-10-24", true},
		{"a--b", true},
		{strings.Repeat("a", 100), true},
		{strings.Repeat("a", 101), false},
		{"", false},
		{"-a", false},
		{"a-", false},
		{"-", false},
		{"A", false},
		{"a_b", false},
		{"a b", false},
		{"a.b", false},
		{"a\n", false},
		{"é", false},
	}
	for _, tt := range tests {
		if got := ValidKey(tt.key); got != tt.want {
			t.Errorf("ValidKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestValidState(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"CN", true}, {"KP", true}, {"KR", true}, {"RU", true}, {"GB", true}, {"TH", true}, {"LA", true}, {"VN", true}, {"MN", true},
		{"XX", false}, {"UK", false}, {"EU", false}, {"XK", false}, {"cn", false}, {"Cn", false}, {"CHN", false}, {"C", false}, {"", false},
	}
	for _, tt := range tests {
		if got := ValidState(tt.code); got != tt.want {
			t.Errorf("ValidState(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
	if n := len(stateCodes); n != 249 {
		t.Errorf("%d assigned ISO 3166-1 codes, want 249", n)
	}
}

// FuzzCheckURL checks that CheckURL never panics and that every URL it
// accepts is one a browser opens as an http(s) page on a named host: it
// parses with net/url to scheme http or https and a host, carries no
// credentials, and has no white space or ASCII control characters.
func FuzzCheckURL(f *testing.F) {
	for _, s := range append([]string{
		"", "https://example.org/a?b=c#d", "javascript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
		"//evil.example/x", "http://", "https://user:pw@host/", "ftp://host/", `http:\\evil.example`, "https://[::1]:8080/",
		"https://exa\u0085mple.org/", "HTTPS://EXAMPLE.ORG", "https://%65xample.org/", "http://a:b",
	}, goodURLs...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckURL(s) != nil {
			return
		}
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("CheckURL(%q) accepted a URL net/url refuses: %v", s, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("CheckURL(%q) accepted scheme %q", s, u.Scheme)
		}
		if u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
			t.Fatalf("CheckURL(%q) accepted a URL without a host: %#v", s, u)
		}
		if u.User != nil {
			t.Fatalf("CheckURL(%q) accepted credentials", s)
		}
		if low := strings.ToLower(s); !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") {
			t.Fatalf("CheckURL(%q) accepted a URL a browser may not read as http(s)", s)
		}
		if strings.IndexFunc(s, func(r rune) bool { return r < 0x80 && (unicode.IsSpace(r) || unicode.IsControl(r)) }) >= 0 {
			t.Fatalf("CheckURL(%q) accepted white space or a control character", s)
		}
	})
}

// FuzzValidKey: ValidKey, matched byte by byte, says what the pattern the
// data package's schema publishes for keys says.
func FuzzValidKey(f *testing.F) {
	pattern := regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$`)
	for _, k := range []string{"a", "0", "a-b", "-a", "a-", "-", "", "A", "a_b", "é", "a\n", "a\xff", strings.Repeat("a", 100), strings.Repeat("a", 101), strings.Repeat("-", 100)} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, k string) {
		if got, want := ValidKey(k), pattern.MatchString(k); got != want {
			t.Fatalf("ValidKey(%q) = %v, the pattern says %v", k, got, want)
		}
	})
}
