package httpx

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"forcedreturns/models"
)

func TestAcceptLang(t *testing.T) {
	tests := []struct {
		header string
		want   models.Lang
	}{
		{"", models.English},
		{"ko", models.Korean},
		{"ko-KR,ko;q=0.9,en-US;q=0.8", models.Korean},
		{"en-US,en;q=0.9,ko;q=0.8", models.English},
		{"fr-FR,ko;q=0.5", models.Korean}, // the first of ours it asks for
		{"fr", models.English},
		{"ko;q=0", models.English},
		{"*", models.English},
		{"not a header ;;;", models.English},
	}
	for _, tt := range tests {
		if got := AcceptLang(tt.header); got != tt.want {
			t.Errorf("AcceptLang(%q) = %s, want %s", tt.header, got, tt.want)
		}
	}
}

func TestSplitLang(t *testing.T) {
	tests := []struct {
		path string
		lang models.Lang
		rest string
		ok   bool
	}{
		{"/ko/about", models.Korean, "/about", true},
		{"/ko", models.Korean, "/", true},
		{"/ko/", models.Korean, "/", true},
		{"/about", models.English, "/about", false},
		{"/kor", models.English, "/kor", false},
		{"/en/about", models.English, "/en/about", false}, // English has no prefix
		{"/", models.English, "/", false},
	}
	for _, tt := range tests {
		l, rest, ok := SplitLang(tt.path)
		if l != tt.lang || rest != tt.rest || ok != tt.ok {
			t.Errorf("SplitLang(%q) = %s, %q, %v; want %s, %q, %v", tt.path, l, rest, ok, tt.lang, tt.rest, tt.ok)
		}
		if ok {
			r := WithLangPrefix(httptest.NewRequest("GET", tt.path+"?a=1", nil))
			if got, pl := prefixLang(r); r.URL.Path != tt.rest || r.URL.RawQuery != "a=1" || got != tt.lang || !pl {
				t.Errorf("WithLangPrefix(%q): path %q query %q lang %s", tt.path, r.URL.Path, r.URL.RawQuery, got)
			}
		}
	}
}

// FuzzLang: any Accept-Language header chooses one of the site's
// languages, and a path taken apart by SplitLang is put back by LangPath.
func FuzzLang(f *testing.F) {
	for _, s := range []string{"ko-KR,ko;q=0.9", "/ko/about", "/ko", "en;q=0.1,ko", "/kor/x", "*;q=0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if l := AcceptLang(s); !slices.Contains(models.Langs, l) {
			t.Fatalf("AcceptLang(%q) = %q", s, l)
		}
		if !strings.HasPrefix(s, "/") {
			return
		}
		l, rest, ok := SplitLang(s)
		back := LangPath(l, rest)
		if ok && back != s && !(rest == "/" && back+"/" == s) {
			t.Fatalf("SplitLang(%q) = %s %q, and back %q", s, l, rest, back)
		}
		if !ok && (rest != s || l != models.English) {
			t.Fatalf("SplitLang(%q) = %s %q, not ok", s, l, rest)
		}
	})
}
