package api_test

// Real responses of every API route, over HTTP through the dashboard,
// have the shapes the OpenAPI document declares.

import (
	"net/http"
	"testing"

	"forcedreturns/dashboard/api"
	"forcedreturns/models"
)

func TestOpenAPIResponsesMatchSchemas(t *testing.T) {
	es := newEditorServer(t)
	sc := api.NewSchemaChecker(t)
	tok := newToken(t, es.st, es.editor)
	figure := apiFigureBody("schema-fig", seedSource)
	figure["quote"] = "A sentence of the report."
	words := apiFigureBody("schema-words", seedSource)
	delete(words, "value")
	words["qualifier"], words["value_text"], words["quote"] = "unquantified", "a number of", "A number of people, the report says."
	tests := []struct {
		method, path, template string
		body                   any
		token                  string
		status                 int
	}{
		{"GET", "/api/v1/figures?limit=3", "/figures", nil, "", 200},
		{"GET", "/api/v1/figures?from=2017-13", "/figures", nil, "", 400},
		{"GET", "/api/v1/figures?metric=aprehended", "/figures", nil, "", 400},
		{"GET", "/api/v1/checks?source=nope", "/checks", nil, "", 400},
		{"GET", "/api/v1/figures/" + seedFigure, "/figures/{id}", nil, "", 200},
		{"GET", "/api/v1/figures/hrw-2017-forcibly-returned-since-2016-06", "/figures/{id}", nil, "", 200},
		{"GET", "/api/v1/figures/nope", "/figures/{id}", nil, "", 404},
		{"GET", "/api/v1/figures/hrw-2017-guides-arrested", "/figures/{id}", nil, "", 200},
		{"GET", "/api/v1/sources", "/sources", nil, "", 200},
		{"GET", "/api/v1/sources/" + seedSource, "/sources/{id}", nil, "", 200},
		{"GET", "/api/v1/metrics", "/metrics", nil, "", 200},
		{"GET", "/api/v1/checks", "/checks", nil, "", 200},
		{"GET", "/api/v1/checks?outcome=ok&limit=2&offset=1", "/checks", nil, "", 200},
		{"GET", "/api/v1/checks?kind=nope", "/checks", nil, "", 400},
		{"GET", "/api/v1/figures?limit=2&cursor=" + models.Cursor{Values: []string{"2017-01-01", "2017-01-31", "apprehended", "a"}, Page: 2}.Encode(), "/figures", nil, "", 200},
		{"GET", "/api/v1/figures?cursor=bad", "/figures", nil, "", 400},
		{"GET", "/api/v1/charts/outcomes", "/charts/{name}", nil, "", 200},
		{"POST", "/api/v1/sources", "/sources", apiSourceBody("schema-src"), tok, 201},
		{"POST", "/api/v1/figures", "/figures", figure, tok, 201},
		{"POST", "/api/v1/figures", "/figures", words, tok, 201},
		{"POST", "/api/v1/figures", "/figures", figure, "", 401},
		{"POST", "/api/v1/figures", "/figures", map[string]any{"bogus": 1}, tok, 400},
		{"POST", "/api/v1/figures/schema-fig/retract", "/figures/{id}/retract", map[string]any{"version": 1, "reason": "r"}, tok, 200},
		{"POST", "/api/v1/figures/schema-fig/restore", "/figures/{id}/restore", map[string]any{"version": 1, "reason": "r"}, tok, 409},
		{"PUT", "/api/v1/sources/schema-src", "/sources/{id}", map[string]any{"version": 1}, tok, 400},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var r *http.Response
			if tc.body == nil {
				r = get(t, es, tc.path)
			} else {
				r = sendJSON(t, es, tc.method, tc.path, tc.token, tc.body)
			}
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tc.status, body(t, r))
			}
			v := decode[any](t, r)
			for _, e := range sc.Check("$", sc.ResponseSchema(t, tc.method, tc.template, tc.status), v) {
				t.Error(e)
			}
		})
	}
	// The checker itself catches a missing and a retyped field.
	bad := map[string]any{"status": "400", "message": "x"}
	if errs := sc.Check("$", map[string]any{"$ref": "#/components/schemas/Error"}, bad); len(errs) != 2 {
		t.Errorf("the checker found %v in a bad error body, want 2 problems", errs)
	}
}
