package httpx

import "testing"

func TestSafeNext(t *testing.T) {
	tests := map[string]string{
		"/figures/x?metric=a":   "/figures/x?metric=a",
		"/":                     "/",
		"":                      "/",
		"//evil.example":        "/",
		"/\\evil.example":       "/",
		"/\t/evil.example":      "/",
		"/%0a/evil":             "/%0a/evil",
		"https://evil.example/": "/",
		"javascript:alert(1)":   "/",
		"evil.example":          "/",
		"/a\\b":                 "/",
		"/ok#frag":              "/ok#frag",
	}
	for in, want := range tests {
		if got := SafeNext(in); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
