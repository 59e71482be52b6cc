package store_test

import (
	"strings"
	"testing"

	"forcedreturns/internal/provenance"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// The Basics figures all quote this sentence (storetest.Figure); the text
// spells it with a line break and a curly apostrophe elsewhere, as a
// copied article would.
const articleText = "China’s dragnet.\n\nChinese authorities have apprehended at least 41 North\nKoreans in July and August, 2017.\nMore text follows."

// offsets finds every figure's quote in text as an editor's tool would.
func offsets(t *testing.T, text string, s *store.Store, keys ...string) map[string][2]int {
	t.Helper()
	pt := provenance.NewText(text)
	out := map[string][2]int{}
	for _, k := range keys {
		v, err := s.GetFigure(ctx, k, models.AudienceEditors)
		must(t, err)
		m, err := pt.Find(v.Figure.Quote)
		must(t, err)
		out[k] = [2]int{m.Start, m.End}
	}
	return out
}

func sha(text string) string { return provenance.NewText(text).SHA256() }

func versions(t *testing.T, s *store.Store, keys ...string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, k := range keys {
		v, err := s.GetFigure(ctx, k, models.AudienceEditors)
		must(t, err)
		out[k] = v.Figure.Version
	}
	src, err := s.GetSource(ctx, "src")
	must(t, err)
	out["src"] = src.Version
	return out
}

func TestAttachSourceText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		c := models.Change{Editor: "ana@example.org", Reason: "verified against article.txt"}
		quotes := offsets(t, articleText, s, "total", "custody")
		must(t, s.AttachSourceText(ctx, "src", articleText, sha(articleText), quotes, c))

		src, err := s.GetSource(ctx, "src")
		must(t, err)
		if src.TextSHA256 != sha(articleText) || src.Version != 2 {
			t.Errorf("source after attaching: sha %q version %d", src.TextSHA256, src.Version)
		}
		revs, err := s.Revisions(ctx, models.EntitySource, "src", models.AudienceEditors)
		must(t, err)
		if last := revs[len(revs)-1]; last.Version != 2 || last.Editor != c.Editor || last.Reason != c.Reason || !strings.Contains(last.Snapshot, sha(articleText)) {
			t.Errorf("source revision %+v", last)
		}
		for _, k := range []string{"total", "custody"} {
			v, err := s.GetFigure(ctx, k, models.AudienceEditors)
			must(t, err)
			f := v.Figure
			if f.Version != 2 || f.QuoteStart == nil || *f.QuoteStart != quotes[k][0] || *f.QuoteEnd != quotes[k][1] {
				t.Errorf("figure %s after attaching: version %d, offsets %v–%v, want %v", k, f.Version, f.QuoteStart, f.QuoteEnd, quotes[k])
			}
			if got := articleText[*f.QuoteStart:*f.QuoteEnd]; !strings.HasPrefix(got, "Chinese") || !strings.HasSuffix(got, "2017.") {
				t.Errorf("figure %s offsets select %q", k, got)
			}
			revs, err := s.Revisions(ctx, models.EntityFigure, k, models.AudienceEditors)
			must(t, err)
			if last := revs[len(revs)-1]; last.Version != 2 || last.Action != models.ActionUpdate || last.Reason != c.Reason {
				t.Errorf("figure %s revision %+v", k, last)
			}
		}
		if v := versions(t, s, "returned"); v["returned"] != 1 {
			t.Errorf("figure returned, not in quotes, is at version %d", v["returned"])
		}
		text, sum, err := s.GetSourceText(ctx, "src")
		must(t, err)
		if text != articleText || sum != sha(articleText) {
			t.Errorf("GetSourceText = %q, %s", text, sum)
		}

		// The same verification again writes nothing.
		before := versions(t, s, "total", "custody", "returned")
		must(t, s.AttachSourceText(ctx, "src", articleText, sha(articleText), quotes, c))
		if after := versions(t, s, "total", "custody", "returned"); !equalMaps(before, after) {
			t.Errorf("repeating the verification changed versions %v to %v", before, after)
		}

		// A new text: offsets into the old one that were not verified
		// again are cleared, not left pointing at the wrong bytes.
		newText := "Preface.\n" + articleText
		newQuotes := offsets(t, newText, s, "total")
		must(t, s.AttachSourceText(ctx, "src", newText, sha(newText), newQuotes, models.Change{Editor: "bo@example.org"}))
		if got := versions(t, s, "total", "custody", "returned"); got["src"] != 3 || got["total"] != 3 || got["custody"] != 3 || got["returned"] != 1 {
			t.Errorf("after a new text, versions %v", got)
		}
		custody, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		if custody.Figure.QuoteStart != nil || custody.Figure.QuoteEnd != nil {
			t.Errorf("custody keeps offsets %v–%v into the old text", *custody.Figure.QuoteStart, *custody.Figure.QuoteEnd)
		}
		revs, err = s.Revisions(ctx, models.EntitySource, "src", models.AudienceEditors)
		must(t, err)
		if last := revs[len(revs)-1]; last.Editor != "bo@example.org" || last.Reason != "attached the source text (sha256 "+sha(newText)+")" {
			t.Errorf("default reason: %+v", last)
		}
		text, sum, err = s.GetSourceText(ctx, "src")
		must(t, err)
		if text != newText || sum != sha(newText) {
			t.Errorf("GetSourceText after replacing = %q, %s", text, sum)
		}
	})
}

func equalMaps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A verification that does not hold writes nothing and says why, figure
// by figure.
func TestAttachSourceTextProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Sources = append(b.Sources, storetest.Source("other"))
		b.Figures = append(b.Figures, storetest.Figure("elsewhere", "apprehended", "other"))
		storetest.Apply(t, s, b)
		c := storetest.Change()
		good := offsets(t, articleText, s, "total")
		before := versions(t, s, "total", "custody", "elsewhere")

		bad := map[string][2]int{
			"total":     good["total"],
			"custody":   {0, 18},       // "China’s dragnet."
			"returned":  {-1, 5},       // not a passage
			"nope":      {0, 5},        // no such figure
			"elsewhere": good["total"], // cites another source
			"derived":   {0, len(articleText) + 1},
		}
		err := s.AttachSourceText(ctx, "src", articleText, sha(articleText), bad, c)
		wantCode(t, err, models.EInvalid,
			`quotes.custody: the text at bytes 0–18 reads "China’s dragnet.", not the figure's quote`,
			"quotes.returned: offsets -1–5 are not a passage of the text",
			`quotes.nope: no figure "nope"`,
			`quotes.elsewhere: the figure cites source "other", not "src"`,
			`quotes.derived: no figure "derived"`)
		if n := len(models.FieldErrors(err)); n != 5 {
			t.Errorf("%d problems, want 5: %v", n, err)
		}

		for _, tt := range []struct {
			name, source, text, sum, want string
			code                          string
		}{
			{"wrong sha", "src", articleText, sha("other text"), "is not the text's", models.EInvalid},
			{"sha not hex", "src", articleText, "abc", "64 lower-case hex digits", models.EInvalid},
			{"invalid UTF-8", "src", "caf\xe9 " + articleText, sha("caf\xe9 " + articleText), "UTF-8", models.EInvalid},
			{"NUL", "src", "a\x00b", sha("a\x00b"), "NUL", models.EInvalid},
			{"empty", "src", " \n", sha(" \n"), "empty", models.EInvalid},
			{"too long", "src", strings.Repeat("a", provenance.MaxTextSize+1), "", "at most", models.EInvalid},
			{"unknown source", "nosuch", articleText, sha(articleText), `no source "nosuch"`, models.ENotFound},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, s.AttachSourceText(ctx, tt.source, tt.text, tt.sum, good, c), tt.code, tt.want)
			})
		}

		if after := versions(t, s, "total", "custody", "elsewhere"); !equalMaps(before, after) {
			t.Errorf("a refused verification changed versions %v to %v", before, after)
		}
		_, _, err = s.GetSourceText(ctx, "src")
		wantCode(t, err, models.ENotFound, `no text is attached to source "src"`)
		_, _, err = s.GetSourceText(ctx, "nosuch")
		wantCode(t, err, models.ENotFound, `no source "nosuch"`)
	})
}
