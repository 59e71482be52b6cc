package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// words is a published figure that gives no number, only the source's words.
func words(key, text string) models.Figure {
	f := storetest.Figure(key, "apprehended", "src")
	f.Qualifier, f.Value, f.ValueText = models.QualUnquantified, 0, text
	f.Population = "local guides"
	return f
}

// A figure without a number is stored and read back as it was written, on
// both databases; it sorts after every figure with a number whichever way
// values are sorted; and no formula may rest on it.
func TestUnquantifiedFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Figures = append(b.Figures, words("guides", "a number of"))
		storetest.Apply(t, s, b)
		got, err := s.GetFigure(ctx, "guides", models.AudienceEditors)
		must(t, err)
		if got.Figure.Qualifier != models.QualUnquantified || got.Figure.ValueText != "a number of" ||
			got.Figure.Value != 0 || got.Figure.ValueLow != 0 || got.Figure.ValueHigh != 0 {
			t.Errorf("stored: %+v", got.Figure)
		}

		for _, sort := range []string{"value", "-value"} {
			views, _, err := s.ListFigures(ctx, models.FigureFilter{Sort: sort})
			must(t, err)
			var keys []string
			for _, v := range views {
				keys = append(keys, v.Figure.Key)
			}
			want := map[string][]string{"value": {"custody", "returned", "total", "guides"}, "-value": {"total", "returned", "custody", "guides"}}[sort]
			if diff := cmp.Diff(want, keys); diff != "" {
				t.Errorf("sort %s (-want +got):\n%s", sort, diff)
			}
		}

		// A new derived figure cannot rest on it.
		d := storetest.Figure("derived-from-words", "forcibly_returned", "src")
		d.Derived, d.Formula, d.Value = true, "{total} - {guides}", 92
		wantCode(t, s.CreateFigure(ctx, &d, storetest.Change()), models.EInvalid,
			"formula: {guides} gives no number (“a number of” (no number given)): a formula can only use figures with one value")
		// Nor can a figure a formula rests on lose its number.
		cur, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		f := cur.Figure
		f.Qualifier, f.Value, f.ValueText = models.QualUnquantified, 0, "only some"
		wantCode(t, s.UpdateFigure(ctx, &f, storetest.Change()), models.EInvalid,
			`qualifier: figure "returned" is derived from this one ({total} - {custody}), which needs one value, not words without a number`)
	})
}
