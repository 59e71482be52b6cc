package store_test

import (
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// SaveIntakeReview writes the accepted drafts and the rejections in one
// transaction, or nothing.
func TestSaveIntakeReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		c := models.Change{Editor: "Ana", Reason: "intake: proposed from the text of source src, accepted by Ana"}
		must(t, s.AttachSourceText(ctx, "src", articleText, sha(articleText), nil, c))
		draft := func(key string) models.Figure {
			f := storetest.Figure(key, "apprehended", "src")
			f.Status = models.StatusDraft
			start := strings.Index(articleText, "Chinese")
			end := strings.Index(articleText, "2017.") + len("2017.")
			f.QuoteStart, f.QuoteEnd = &start, &end
			return f
		}
		fp := func(c byte) string { return strings.Repeat(string(c), 64) }
		noWrites := func(t *testing.T) {
			t.Helper()
			figs, err := s.SourceFigures(ctx, "src")
			must(t, err)
			rej, err := s.IntakeRejections(ctx, "src", sha(articleText))
			must(t, err)
			if len(figs) != 0 || len(rej) != 0 {
				t.Fatalf("a refused review wrote %d figures, %d rejections", len(figs), len(rej))
			}
		}

		published := draft("b")
		published.Status = models.StatusPublished
		badOffsets := draft("c")
		one := 1
		badOffsets.QuoteStart = &one
		badValue := draft("d")
		badValue.Value = -1
		for _, tt := range []struct {
			name    string
			sha     string
			figs    []models.Figure
			rejects []string
			code    string
			field   string
		}{
			{"published", sha(articleText), []models.Figure{draft("a"), published}, []string{fp('a')}, models.EInvalid, "figures[1].status"},
			{"offsets", sha(articleText), []models.Figure{badOffsets}, nil, models.EInvalid, "figures[0].quote"},
			{"value", sha(articleText), []models.Figure{draft("a"), badValue}, nil, models.EInvalid, "figures[1].value"},
			{"fingerprint", sha(articleText), nil, []string{"nope"}, models.EInvalid, ""},
			{"another text", fp('0'), []models.Figure{draft("a")}, nil, models.EConflict, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.SaveIntakeReview(ctx, "src", tt.sha, tt.figs, tt.rejects, c)
				wantCode(t, err, tt.code, tt.field)
				noWrites(t)
			})
		}

		res, err := s.SaveIntakeReview(ctx, "src", sha(articleText), []models.Figure{draft("a")}, []string{fp('a'), fp('b'), fp('a')}, c)
		must(t, err)
		if res.Created != 1 {
			t.Errorf("created %d figures, want 1", res.Created)
		}
		v, err := s.GetFigure(ctx, "a", models.AudienceEditors)
		must(t, err)
		revs, err := s.Revisions(ctx, models.EntityFigure, "a", models.AudienceEditors)
		must(t, err)
		if v.Figure.Status != models.StatusDraft || len(revs) != 1 || revs[0].Reason != c.Reason || revs[0].Editor != "Ana" {
			t.Errorf("figure a: status %s, revisions %+v", v.Figure.Status, revs)
		}
		rej, err := s.IntakeRejections(ctx, "src", sha(articleText))
		must(t, err)
		if len(rej) != 2 || !rej[fp('a')] || !rej[fp('b')] {
			t.Errorf("rejections %v, want a… and b…", rej)
		}
		// Rejecting again is no error; another text has none.
		_, err = s.SaveIntakeReview(ctx, "src", sha(articleText), nil, []string{fp('b')}, c)
		must(t, err)
		if rej, err := s.IntakeRejections(ctx, "src", fp('0')); err != nil || len(rej) != 0 {
			t.Errorf("another text's rejections: %v %v", rej, err)
		}
	})
}
