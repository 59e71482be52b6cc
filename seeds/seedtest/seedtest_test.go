package seedtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocate covers every case of finding the article, in a fake layout:
// a repository (with go.mod and a package directory) and, beside it,
// ../shared/seed holding the article or not.
func TestLocate(t *testing.T) {
	layout := func(t *testing.T, withArticle bool) (pkgDir, articlePath string) {
		t.Helper()
		top := t.TempDir()
		repo := filepath.Join(top, "repo")
		pkgDir = filepath.Join(repo, "internal", "provenance")
		articlePath = filepath.Join(top, "shared", "seed", ArticleName)
		for _, d := range []string{pkgDir, filepath.Dir(articlePath)} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if withArticle {
			if err := os.WriteFile(articlePath, []byte("the article"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return pkgDir, articlePath
	}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tt := range []struct {
		name        string
		withArticle bool
		env         []string // EnvArticle's value "ARTICLE" becomes the article's path
		want        string   // "text", "skip: …" or "fail: …"
	}{
		{"beside the clone", true, nil, "text"},
		{"beside the clone under CI", true, []string{"CI", "true"}, "text"},
		{"missing: skipped", false, nil, "skip: the seed article is not beside the clone"},
		{"missing under CI: fails", false, []string{"CI", "true"}, "fail: the seed article is not at"},
		{"CI not true: skipped", false, []string{"CI", "false"}, "skip: the seed article is not beside the clone"},
		{"named by the environment", true, []string{EnvArticle, "ARTICLE"}, "text"},
		{"named by the environment, missing: fails", false, []string{EnvArticle, "ARTICLE"}, "fail: " + EnvArticle + " names"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pkgDir, articlePath := layout(t, tt.withArticle)
			kv := append([]string(nil), tt.env...)
			for i := range kv {
				if kv[i] == "ARTICLE" {
					kv[i] = articlePath
				}
			}
			a := locate(env(kv...), pkgDir)
			var got string
			switch {
			case a.fail != "":
				got = "fail: " + a.fail
			case a.skip != "":
				got = "skip: " + a.skip
			case a.text == "the article" && a.path != "":
				got = "text"
				if filepath.Clean(a.path) != articlePath {
					t.Errorf("path %s, want %s", a.path, articlePath)
				}
			default:
				got = "?"
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want %q…", got, tt.want)
			}
			if tt.want != "text" && !strings.Contains(got, articlePath) {
				t.Errorf("%q does not say where the article was looked for (%s)", got, articlePath)
			}
		})
	}
}

func TestLocateNoRepository(t *testing.T) {
	a := locate(func(string) string { return "" }, t.TempDir())
	if !strings.Contains(a.fail, "no go.mod") {
		t.Errorf("outside a repository: %+v", a)
	}
}
