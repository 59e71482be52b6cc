package store_test

import (
	"fmt"
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestBatchSnapshotsAsOneByOne: the revisions of figures created
// together (a batch's multi-row inserts, a stream's COPY on PostgreSQL),
// whose snapshots are made on a goroutine of their own while the figures
// are written, hold byte for byte the snapshot of the same figure created
// alone, each with its own figure's.
func TestBatchSnapshotsAsOneByOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		figures := func(prefix string) []models.Figure {
			figs := bulkFigures(prefix, 40)
			for i := range figs {
				figs[i].Location = fmt.Sprintf("<near> the border & river %d", i) // escaped as json.Marshal does
				figs[i].Notes = strings.Repeat("n", i)
			}
			figs[7].Status = models.StatusDraft
			return figs
		}
		_, err := s.ApplyBatch(ctx, models.Batch{Figures: figures("a")}, storetest.Change(), false)
		must(t, err)
		_, err = s.ApplyStream(ctx, models.Batch{}, storetest.Change(), false, func(w *store.StreamWriter) error {
			_, err := w.Apply(models.Batch{Figures: figures("c")}, true)
			return err
		})
		must(t, err)
		for _, f := range figures("b") {
			must(t, s.CreateFigure(ctx, &f, storetest.Change()))
		}
		rows, err := s.TableRowsForTest(ctx, "revisions")
		must(t, err)
		snaps := map[string]string{}
		for _, r := range rows {
			key := r["entity_key"].(string)
			snaps[key] = stamps.ReplaceAllString(r["snapshot"].(string), "TIME")
		}
		for i := range 40 {
			one := snaps[fmt.Sprintf("b%05d", i)]
			if one == "" {
				t.Fatalf("no revision of b%05d", i)
			}
			for _, prefix := range []string{"a", "c"} {
				key := fmt.Sprintf("%s%05d", prefix, i)
				got := strings.Replace(snaps[key], `"id":"`+key+`"`, fmt.Sprintf(`"id":"b%05d"`, i), 1)
				if got != one {
					t.Errorf("%s's snapshot differs from the same figure's created alone:\n%s\nalone:\n%s", key, got, one)
				}
			}
		}
	})
}
