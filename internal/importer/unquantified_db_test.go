package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/importer"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// The seed's figures without a number ("a number of", "dozens", "hundreds
// of thousands, if not millions") leave their value cells empty in the CSV
// export and null in the JSON, never 0, and a CSV export imported into a
// tracker that holds only the metrics exports the same bytes again, on
// SQLite and PostgreSQL (JSON and data packages: TestRoundTripIntoEmptyDatabase).
func TestUnquantifiedRoundTrip(t *testing.T) {
	ctx := context.Background()
	seed, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, f := range seed.Figures {
		if !f.Qualifier.HasNumber() {
			words = append(words, f.Key)
		}
	}
	if len(words) != 3 {
		t.Fatalf("the seed has %d figures without a number, want 3: %v", len(words), words)
	}
	storetest.Each(t, func(t *testing.T, seeded *store.Store) {
		storetest.Apply(t, seeded, seed)
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

		first := exportAll(t, seeded, "csv", at)
		rows, err := csv.NewReader(bytes.NewReader(first)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return slices.Index(rows[0], name) }
		seen := 0
		for _, r := range rows[1:] {
			if !slices.Contains(words, r[col("figure_id")]) {
				continue
			}
			seen++
			for _, c := range []string{"value", "value_low", "value_high", "per_month", "group", "counted_in"} {
				if r[col(c)] != "" {
					t.Errorf("%s: %s is %q, want empty", r[col("figure_id")], c, r[col(c)])
				}
			}
			if r[col("qualifier")] != "unquantified" || r[col("countable")] != "false" || r[col("value_text")] == "" {
				t.Errorf("%s: qualifier %q, countable %q, value_text %q", r[col("figure_id")], r[col("qualifier")], r[col("countable")], r[col("value_text")])
			}
		}
		if seen != len(words) {
			t.Errorf("the CSV export holds %d of the %d figures without a number", seen, len(words))
		}

		var doc struct {
			Figures []map[string]any `json:"figures"`
		}
		if err := json.Unmarshal(exportAll(t, seeded, "json", at), &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range doc.Figures {
			if !slices.Contains(words, f["id"].(string)) {
				continue
			}
			for _, k := range []string{"value", "value_low", "value_high", "per_month"} {
				if v, ok := f[k]; !ok || v != nil {
					t.Errorf("JSON %s: %s = %v, want null", f["id"], k, v)
				}
			}
		}

		// Into a tracker that holds the metrics only (a CSV carries none).
		empty := storetest.OpenConfig(t, storetest.NewDatabase(t, seeded.Dialect()), true)
		storetest.Apply(t, empty, models.Batch{Metrics: seed.Metrics})
		batch, err := importer.Parse("export.csv", bytes.NewReader(first), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := empty.ApplyBatch(ctx, batch, storetest.Change(), false); err != nil {
			t.Fatalf("import into an empty database: %v", err)
		}
		second := exportAll(t, empty, "csv", at.Add(time.Hour))
		if diff := cmp.Diff(string(dropLastModified(t, first)), string(dropLastModified(t, second))); diff != "" {
			t.Errorf("the re-imported CSV exports differently (-first +second):\n%s", diff)
		}
		for _, key := range words {
			v, err := empty.GetFigure(ctx, key, models.AudienceEditors)
			if err != nil || v.Figure.Qualifier != models.QualUnquantified || v.Figure.Value != 0 || v.Figure.ValueText == "" {
				t.Errorf("re-imported %s: %+v, %v", key, v.Figure, err)
			}
		}
	})
}
