package dashboard

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/format"
	"forcedreturns/internal/importer"
	"forcedreturns/internal/store/storetest"
)

// The JSON download carries the definitions of the metrics its rows use
// (and no others), so that it imports into an empty database.
func TestJSONDownloadCarriesMetrics(t *testing.T) {
	s, _ := newTestServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	r, err := http.Get(srv.URL + "/figures.json?metric=in_custody")
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", r.StatusCode, err)
	}
	var doc struct {
		Metrics []format.MetricDefJSON `json:"metrics"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	want := []format.MetricDefJSON{{Slug: "in_custody", Label: "Still in custody", Unit: "people",
		Definition: "People held by the acting state at a given date after being apprehended, not yet returned or released (a stock)."}}
	if diff := cmp.Diff(want, doc.Metrics); diff != "" {
		t.Errorf("metrics (-want +got):\n%s", diff)
	}

	b, err := importer.Parse("figures.json", strings.NewReader(string(data)), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	empty := storetest.Open(t)
	res, err := empty.ApplyBatch(context.Background(), b, storetest.Change(), false)
	if err != nil {
		t.Fatalf("the download does not import into an empty database: %v", err)
	}
	if res.Created != 3 { // the metric, the source, the figure
		t.Errorf("created %d, want 3", res.Created)
	}
}
