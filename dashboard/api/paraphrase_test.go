package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// The write API creates a figure known only through someone else's
// summary, returns it with no quote link, and refuses one that claims both
// a quote and a paraphrase with a 400 naming the field.
func TestAPIParaphrase(t *testing.T) {
	es := newEditorServer(t)
	tok := newToken(t, es.st, es.editor)
	if r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, apiSourceBody("bw-2020")); r.StatusCode != http.StatusCreated {
		t.Fatalf("create source: %d %s", r.StatusCode, body(t, r))
	}
	both := apiFigureBody("bw-2020-03", "bw-2020")
	both["paraphrase"], both["paraphrased_by"] = "About a dozen were held near Dandong.", "Example Wire"
	r := sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, both)
	if e := decode[errorBody](t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(mustJSON(e), "paraphrase") || !strings.Contains(mustJSON(e), "not both") {
		t.Errorf("quote and paraphrase: %d %+v, want 400 naming paraphrase", r.StatusCode, e)
	}

	para := apiFigureBody("bw-2020-03", "bw-2020")
	delete(para, "quote")
	para["paraphrase"], para["paraphrased_by"] = "About a dozen were held near Dandong.", "Example Wire"
	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, para)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create paraphrase: %d %s", r.StatusCode, body(t, r))
	}
	got := decode[map[string]any](t, get(t, es, "/api/v1/figures/bw-2020-03"))
	if got["quote"] != "" || got["quote_link"] != "" || got["quote_start"] != nil ||
		got["paraphrase"] != "About a dozen were held near Dandong." || got["paraphrased_by"] != "Example Wire" {
		t.Errorf("read back: quote %q, link %q, paraphrase %q by %q", got["quote"], got["quote_link"], got["paraphrase"], got["paraphrased_by"])
	}
}
