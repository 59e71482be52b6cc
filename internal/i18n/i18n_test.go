package i18n

import (
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

// keyUses finds the catalogue keys the program uses: i18n.T(l, "key") and
// i18n.HTML(l, "key") in Go, {{t "key"}} and {{th "key"}} in templates.
// Keys are literals at every call, so this finds them all.
var (
	goUse       = regexp.MustCompile(`\bi18n\.(?:T|HTML)\([^,()]+(?:\([^()]*\))?,\s*"([^"]+)"`)
	templateUse = regexp.MustCompile(`(?:\{\{-?\s*|\(\s*|\|\s*)th?\s+"([^"]+)"`)
)

// usedKeys walks the repository's Go files (not tests) and templates.
func usedKeys(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..")
	used := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", ".git", "testdata", "dist":
				return filepath.SkipDir
			}
			return nil
		}
		var re *regexp.Regexp
		switch {
		case strings.HasSuffix(path, "_test.go"):
			return nil
		case strings.HasSuffix(path, ".go"):
			re = goUse
		case strings.HasSuffix(path, ".html") && strings.Contains(filepath.ToSlash(path), "/templates/"):
			re = templateUse
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = append(used[m[1]], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys in use: is the search broken?", len(used))
	}
	return used
}

// TestCatalogues is the catalogue check: every key the program uses is in
// every language's catalogue, every catalogue key is used, and each
// translation fills only the fields its English message has.
func TestCatalogues(t *testing.T) {
	for _, p := range keyProblems(catalog, usedKeys(t)) {
		t.Error(p)
	}
	field := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	fields := func(m string) []string {
		var out []string
		for _, f := range field.FindAllStringSubmatch(m, -1) {
			out = append(out, f[1])
		}
		sort.Strings(out)
		return slices.Compact(out)
	}
	for _, key := range catalog.keys[models.English] {
		en := catalog.msgs[models.English][key]
		want := fields(en.Other + en.One)
		for _, l := range models.Langs[1:] {
			m := catalog.msgs[l][key]
			if m == nil {
				continue
			}
			if m.Other == "" {
				t.Errorf("%s.yaml: %q has no other form (every language needs it)", l, key)
			}
			for _, f := range fields(m.Other + m.One + m.Few + m.Many + m.Two + m.Zero) {
				if !slices.Contains(want, f) {
					t.Errorf("%s.yaml: %q fills {{.%s}}, which its English message does not have (%v)", l, key, f, want)
				}
			}
			if strings.HasSuffix(key, "_html") != strings.Contains(m.Other, "<") && strings.Contains(m.Other, "<") {
				t.Errorf("%s.yaml: %q has markup but its key does not end in _html", l, key)
			}
		}
		if en.Other == "" {
			t.Errorf("en.yaml: %q has no other form", key)
		}
	}
}

// keyProblems lists the keys used but missing from a language's
// catalogue files, and those a file has that nothing uses.
func keyProblems(c *Catalog, used map[string][]string) []string {
	var out []string
	for _, l := range models.Langs {
		for key, where := range used {
			if c.msgs[l][key] == nil {
				out = append(out, fmt.Sprintf("%s: no message %q in any %s catalogue file (used in %s)", l, key, l, strings.Join(where, ", ")))
			}
		}
		for _, key := range c.keys[l] {
			if used[key] == nil && !strings.HasPrefix(c.file[l][key], "validation.") { // TestProblemCatalogue checks those
				out = append(out, fmt.Sprintf("%s: %q is used nowhere: remove it, or use the key as a literal", c.file[l][key], key))
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestCatalogueCheckFails proves the check above and the loader fail on
// what they must: a key one language's part lacks, a part missing in a
// language, a key in two parts.
func TestCatalogueCheckFails(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	base := fstest.MapFS{
		"catalog/en.yaml":        file("a: A\n"),
		"catalog/ko.yaml":        file("a: 가\n"),
		"catalog/editor.en.yaml": file("e:\n  title: E\n  save: F\n"),
		"catalog/editor.ko.yaml": file("e:\n  title: 이\n"),
	}
	c, err := Load(base)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string][]string{"a": {"x.go"}, "e.title": {"y.html"}, "e.save": {"y.html"}}
	want := []string{`ko: no message "e.save" in any ko catalogue file (used in y.html)`}
	if diff := cmp.Diff(want, keyProblems(c, used)); diff != "" {
		t.Errorf("a key missing from editor.ko.yaml (-want +got):\n%s", diff)
	}
	delete(used, "e.save")
	want = []string{`editor.en.yaml: "e.save" is used nowhere: remove it, or use the key as a literal`}
	if diff := cmp.Diff(want, keyProblems(c, used)); diff != "" {
		t.Errorf("an unused key (-want +got):\n%s", diff)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"part missing in Korean": {"catalog/en.yaml": base["catalog/en.yaml"], "catalog/ko.yaml": base["catalog/ko.yaml"], "catalog/editor.en.yaml": base["catalog/editor.en.yaml"]},
		"key in two parts":       {"catalog/en.yaml": file("a: A\ne:\n  title: X\n"), "catalog/ko.yaml": base["catalog/ko.yaml"], "catalog/editor.en.yaml": base["catalog/editor.en.yaml"], "catalog/editor.ko.yaml": base["catalog/editor.ko.yaml"]},
		"unknown language":       {"catalog/en.yaml": base["catalog/en.yaml"], "catalog/ko.yaml": base["catalog/ko.yaml"], "catalog/editor.fr.yaml": file("e: E\n")},
		"no main catalogue":      {"catalog/editor.en.yaml": base["catalog/editor.en.yaml"], "catalog/editor.ko.yaml": base["catalog/editor.ko.yaml"]},
	} {
		if _, err := Load(fsys); err == nil {
			t.Errorf("%s: loaded", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

// TestCatalogueMarkup parses every _html message as HTML the way a page
// would include it: markup only from the catalogue, balanced, and links
// that stay on the site (and in the message's language).
func TestCatalogueMarkup(t *testing.T) {
	tag := regexp.MustCompile(`</?([a-z]+)[^>]*>`)
	href := regexp.MustCompile(`href="([^"]*)"`)
	for _, l := range models.Langs {
		for _, key := range catalog.keys[l] {
			m := catalog.msgs[l][key].Other
			if !strings.HasSuffix(key, "_html") {
				continue
			}
			depth := map[string]int{}
			for _, tg := range tag.FindAllStringSubmatch(m, -1) {
				if !slices.Contains([]string{"a", "strong", "em", "code", "span", "bdi"}, tg[1]) {
					t.Errorf("%s.yaml %q: tag <%s> is not allowed in messages", l, key, tg[1])
				}
				if strings.HasPrefix(tg[0], "</") {
					depth[tg[1]]--
				} else {
					depth[tg[1]]++
				}
			}
			for name, d := range depth {
				if d != 0 {
					t.Errorf("%s.yaml %q: <%s> is not closed", l, key, name)
				}
			}
			for _, h := range href.FindAllStringSubmatch(m, -1) {
				if !strings.HasPrefix(h[1], "/") || strings.HasPrefix(h[1], "//") {
					t.Errorf("%s.yaml %q: link %q leaves the site", l, key, h[1])
				}
			}
		}
	}
}

func TestLocalize(t *testing.T) {
	tests := []struct {
		l    models.Lang
		key  string
		args []any
		want string
	}{
		{models.English, "nav.figures", nil, "Figures"},
		{models.Korean, "nav.figures", nil, "수치"},
		// Plural forms by CLDR rule: English one/other, Korean other only.
		{models.English, "signin.too_many", []any{"Count", 1}, "Too many failed sign-in attempts: try again in 1 minute."},
		{models.English, "signin.too_many", []any{"Count", 15}, "Too many failed sign-in attempts: try again in 15 minutes."},
		{models.Korean, "signin.too_many", []any{"Count", 1}, "로그인 실패가 너무 많습니다. 1분 뒤에 다시 시도하세요."},
		{models.Korean, "signin.too_many", []any{"Count", 15}, "로그인 실패가 너무 많습니다. 15분 뒤에 다시 시도하세요."},
		// A key in no catalogue comes back as itself (the check above
		// keeps that from happening).
		{models.Korean, "no.such_key", nil, "no.such_key"},
		// An unknown language reads English.
		{models.Lang("fr"), "nav.figures", nil, "Figures"},
	}
	for _, tt := range tests {
		if got := T(tt.l, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %q, %v) = %q, want %q", tt.l, tt.key, tt.args, got, tt.want)
		}
	}
	// Arguments of a message with markup are escaped as a template would.
	got := HTML(models.English, "signin.signed_in_as_html", "Email", `a+b<script>"'&@x`)
	want := template.HTML(`You are signed in as <strong>a&#43;b&lt;script&gt;&#34;&#39;&amp;@x</strong>.`)
	if got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
}
