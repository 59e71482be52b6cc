package i18n

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/models"
)

// TestProblemCatalogue is the check of the validation part: every format
// the code writes a field problem from (codeFormats) is a key of
// validation.en.yaml, whose value is that same English, and has a
// translation in every other language that uses each of its arguments,
// with the same verb, and no other; and every key is still written by
// the code.
func TestProblemCatalogue(t *testing.T) {
	for _, p := range problemCatalogueProblems(catalog, codeFormats(t)) {
		t.Error(p)
	}
}

func problemCatalogueProblems(c *Catalog, code map[string]*writtenFormat) []string {
	var out []string
	for f, w := range code {
		if parseFormat(f).literal == 0 {
			continue // "%v": the argument is the problem, translated on its own
		}
		for _, l := range models.Langs {
			m := c.msgs[l][f]
			if m == nil || c.file[l][f] != "validation."+string(l)+".yaml" {
				out = append(out, fmt.Sprintf("validation.%s.yaml: no entry for %q (written in %s)", l, f, strings.Join(w.Where, ", ")))
				continue
			}
			if l == models.English {
				if m.Other != f {
					out = append(out, fmt.Sprintf("validation.en.yaml: %q must have itself as its English, has %q", f, m.Other))
				}
				continue
			}
			if p := argProblem(f, m.Other); p != "" {
				out = append(out, fmt.Sprintf("validation.%s.yaml: %q: %s", l, f, p))
			}
		}
	}
	for _, l := range models.Langs {
		for _, key := range c.keys[l] {
			if c.file[l][key] == "validation."+string(l)+".yaml" && code[key] == nil {
				out = append(out, fmt.Sprintf("validation.%s.yaml: %q is written nowhere in the code: remove it", l, key))
			}
		}
	}
	sort.Strings(out)
	return out
}

// argProblem says how translation tr fails to keep the arguments of the
// English format en: each used, with the same verb, and none added.
func argProblem(en, tr string) string {
	_, enVerbs := formatArgs(en)
	idx, verbs := formatArgs(tr)
	used := make([]bool, len(enVerbs))
	for i, n := range idx {
		if n < 1 || n > len(enVerbs) {
			return fmt.Sprintf("argument %d does not exist (the English has %d)", n, len(enVerbs))
		}
		if verbs[i] != enVerbs[n-1] {
			return fmt.Sprintf("argument %d is %%%c in English, %%%c here", n, enVerbs[n-1], verbs[i])
		}
		used[n-1] = true
	}
	if i := slices.Index(used, false); i >= 0 {
		return fmt.Sprintf("argument %d (%%%c) is missing", i+1, enVerbs[i])
	}
	return ""
}

// TestProblemCatalogueFails proves the check fails on what it must: a
// format of the code with no entry, an entry nothing writes, an argument
// dropped, added or given another verb.
func TestProblemCatalogueFails(t *testing.T) {
	for _, tt := range []struct{ en, tr, want string }{
		{"must be at most %d characters, got %d", "최대 %d자까지인데 %d자입니다", ""},
		{"must be at most %d characters, got %d", "%[2]d자인데 최대 %[1]d자입니다", ""},
		{"must be at most %d characters, got %d", "최대 %d자까지입니다", "argument 2 (%d) is missing"},
		{"must be at most %d characters, got %d", "최대 %d자까지인데 %d자, %d입니다", "argument 3 does not exist (the English has 2)"},
		{"expected one of %s, got %q", "%s 중 하나여야 하는데 %s입니다", "argument 2 is %q in English, %s here"},
		{"%q: day %d does not exist in %04d-%02d", "%[1]q: %04[3]d-%02[4]d에는 %[2]d일이 없습니다", ""},
	} {
		if got := argProblem(tt.en, tt.tr); got != tt.want {
			t.Errorf("argProblem(%q, %q) = %q, want %q", tt.en, tt.tr, got, tt.want)
		}
	}
	code := map[string]*writtenFormat{}
	for _, key := range catalog.keys[models.English] {
		if catalog.file[models.English][key] == "validation.en.yaml" {
			code[key] = &writtenFormat{Format: key, Where: []string{"x.go:1"}}
		}
	}
	if p := problemCatalogueProblems(catalog, code); len(p) != 0 {
		t.Fatalf("the catalogue against itself: %v", p)
	}
	code["must be a new problem, got %q"] = &writtenFormat{Format: "must be a new problem, got %q", Where: []string{"y.go:2"}}
	delete(code, "too large")
	want := []string{
		`validation.en.yaml: "too large" is written nowhere in the code: remove it`,
		`validation.en.yaml: no entry for "must be a new problem, got %q" (written in y.go:2)`,
		`validation.ko.yaml: "too large" is written nowhere in the code: remove it`,
		`validation.ko.yaml: no entry for "must be a new problem, got %q" (written in y.go:2)`,
	}
	if got := problemCatalogueProblems(catalog, code); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestProblem translates problems as the code writes them: English as it
// is, Korean from the catalogue with the arguments kept (in Korean order),
// a parser's error inside a problem translated too, and a message no
// format wrote left English and marked so.
func TestProblem(t *testing.T) {
	_, numErr := models.ParseWholeNumber("dozens")
	_, curErr := models.ParseCursor("zzz")
	tests := []struct {
		l    models.Lang
		msg  string
		want models.Shown
	}{
		{models.English, "must be at most 500 characters, got 612", models.Shown{Text: "must be at most 500 characters, got 612"}},
		{models.Korean, "must be at most 500 characters, got 612", models.Shown{Text: "최대 500자까지인데 612자입니다"}},
		{models.Korean, "required", models.Shown{Text: "필수 항목입니다"}},
		{models.Korean, `must be day, month or year, got "week"`, models.Shown{Text: `day, month 또는 year여야 하는데 "week"입니다`}},
		// Arguments in another order.
		{models.Korean, `"2023-02-30": day 30 does not exist in 2023-02`, models.Shown{Text: `"2023-02-30": 2023-02에는 30일이 없습니다`}},
		// A parser's error given as the argument of a problem.
		{models.Korean, fmt.Sprintf("%v (when the source gives only words such as “dozens”, leave value empty, put the words in value_text and set qualifier unquantified)", numErr),
			models.Shown{Text: `41이나 1,204 같은 정수여야 하는데 "dozens"입니다(숫자만) (출처가 “수십 명”처럼 말로만 밝히면 value를 비우고, 그 말을 value_text에 적고, qualifier를 unquantified로 하세요)`}},
		// A cursor's reason, nested in the cursor's problem.
		{models.Korean, models.FieldErrors(curErr)[0].Message, models.Shown{Text: `이 목록의 다음 또는 이전 링크의 커서여야 하는데 "zzz"입니다: 커서가 아님`}},
		// No format wrote it: English, marked.
		{models.Korean, "something no code says", models.Shown{Text: "something no code says", Lang: "en"}},
	}
	for _, tt := range tests {
		if got := Problem(tt.l, tt.msg); got != tt.want {
			t.Errorf("Problem(%s, %q) = %+v, want %+v", tt.l, tt.msg, got, tt.want)
		}
	}
	// The API's list: fields kept, messages translated, English untouched.
	fields := []models.FieldError{{Field: "reason", Message: "required: say why you make this change; the history shows it to readers"}}
	if got := Problems(models.English, fields); !slices.Equal(got, fields) {
		t.Errorf("English: %v", got)
	}
	if got := Problems(models.Korean, fields); len(got) != 1 || got[0].Field != "reason" || !strings.HasPrefix(got[0].Message, "필수 항목입니다. 변경 이유") {
		t.Errorf("Korean: %v", got)
	}
	if fields[0].Message != "required: say why you make this change; the history shows it to readers" {
		t.Error("Problems changed its argument")
	}
}

// formatArgs lists the arguments a format uses, as 1-based indexes in the
// order they appear (explicit %[n]v, else the next one), and the verb of
// each.
func formatArgs(f string) (idx []int, verbs []byte) {
	next := 1
	for _, m := range verb.FindAllStringSubmatchIndex(f, -1) {
		if f[m[6]] == '%' {
			continue
		}
		n := next
		if i := verbIndex(f, m); i != "" {
			n, _ = strconv.Atoi(i)
		}
		idx = append(idx, n)
		verbs = append(verbs, f[m[6]])
		next = n + 1
	}
	return idx, verbs
}
