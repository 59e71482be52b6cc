package i18n

import (
	"fmt"
	"regexp"
	"testing"
	"testing/fstest"

	"forcedreturns/models"
)

// TestPlainMessagesAsGoI18n: every message of the catalogue, in every
// language, as T and as HTML writes it, is what go-i18n writes: the
// messages made only of text and {{.Name}} fields (plainMessage, written
// without go-i18n) and the others alike, with every field given a string
// that needs escaping, or an integer (grouped by the language), or left
// out, with a plural count of 1 and 2, and a value text/template would
// print otherwise (which falls back to go-i18n). Most messages must be
// plain, or the fast way is lost without a test noticing.
func TestPlainMessagesAsGoI18n(t *testing.T) {
	field := regexp.MustCompile(`\{\{\.([A-Za-z0-9_]+)\}\}`)
	plain, all := 0, 0
	for _, l := range models.Langs {
		for _, key := range catalog.keys[l] {
			m := catalog.msgs[l][key]
			var names []string
			for _, form := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
				for _, f := range field.FindAllStringSubmatch(form, -1) {
					names = append(names, f[1])
				}
			}
			all++
			if _, ok := catalog.plain[l][key]; ok {
				plain++
			}
			calls := [][]any{nil}
			for _, v := range []any{`a "b" & <c> 'd'+`, 1234567, int64(1), 2, 1.5, fmt.Errorf("e")} {
				var args []any
				for _, n := range names {
					args = append(args, n, v)
				}
				calls = append(calls, args, append([]any{"Count", 1}, args...), append(args, "Count", int64(2)))
				if len(names) > 1 {
					calls = append(calls, args[2:], append(args, names[0])) // a field left out; an odd argument
				}
			}
			for _, args := range calls {
				for _, escape := range []func(string) string{nil, escapeText.Replace} {
					want := catalog.goI18n(l, key, args, escape)
					if got := catalog.localize(l, key, args, escape); got != want {
						t.Errorf("%s %s %q (escaped %v): %q, go-i18n writes %q", l, key, args, escape != nil, got, want)
					}
				}
			}
		}
	}
	if plain*10 < all*9 {
		t.Errorf("%d of %d messages are plain, want nine in ten at least", plain, all)
	}
	// A key missing from a translation falls back to English, plain or
	// not; one plain in English only is written by go-i18n in Korean.
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	c, err := Load(fstest.MapFS{
		"catalog/en.yaml": file("a: 'A {{.X}}'\nb:\n  one: '{{.Count}} b'\n  other: '{{.Count}} bs'\nc: 'C {{.X}}'\n"),
		"catalog/ko.yaml": file("c: '{{ .X }} 씨'\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"a", "b", "c", "d"} {
		for _, args := range [][]any{{"X", "<x>"}, {"Count", 1, "X", 1000}} {
			want := c.goI18n(models.Korean, key, args, nil)
			if got := c.localize(models.Korean, key, args, nil); got != want {
				t.Errorf("ko %s %q: %q, go-i18n writes %q", key, args, got, want)
			}
		}
	}
}
