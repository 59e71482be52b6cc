package dashboard

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// TestFigureChecksAreTheWholeRunsOwn: a figure page reads only the
// figure's people and the figures naming it, yet shows exactly the
// results of the checks over every figure that involve it, for every
// figure of the seed, the multi-report set and generated figures (with
// subgroups in other populations), for the public and for editors, on
// SQLite and PostgreSQL.
func TestFigureChecksAreTheWholeRunsOwn(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		if _, err := seeds.Load(ctx, st); err != nil {
			t.Fatal(err)
		}
		loadMultiReport(t, st)
		if err := st.GenerateFigures(ctx, 400, 5); err != nil {
			t.Fatal(err)
		}
		s := newServerOn(t, st)
		srcs, err := st.ListSources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		enc := func(rs []checks.Result) []string {
			var out []string
			for _, r := range rs {
				b, _ := json.Marshal(r)
				out = append(out, string(b))
			}
			slices.Sort(out)
			return out
		}
		for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
			var views []models.FigureView
			if err := st.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error {
				views = append(views, *v)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			all := checks.RunViews(views, checks.CarriedOf(srcs))
			involved := 0
			for i, v := range views {
				// Every figure of the seed and the multi-report set, and a
				// third of the generated ones (all 400 are in the whole run
				// the pages are compared with): each page costs queries.
				if strings.HasPrefix(v.Figure.Key, "syn-") && i%3 != 0 {
					continue
				}
				var want []checks.Result
				for _, r := range all {
					if r.Involves(v.Figure.Key) {
						want = append(want, r)
					}
				}
				involved += len(want)
				got, _, _, err := s.figureChecks(ctx, v.Figure, aud)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(enc(want), enc(got)); diff != "" {
					t.Fatalf("%v, figure %s: page checks (-whole run +page):\n%s", aud, v.Figure.Key, diff)
				}
			}
			if involved < 100 {
				t.Errorf("%v: only %d results involve the %d figures: the test proves little", aud, involved, len(views))
			}
		}
	})
}
