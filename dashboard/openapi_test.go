package dashboard

// The OpenAPI document must describe the API as it is: every route, and
// responses of the shapes it declares.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// openAPIDocument is the part of the document the tests read.
type openAPIDocument struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas   map[string]any `json:"schemas"`
		Responses map[string]any `json:"responses"`
	} `json:"components"`
}

func loadOpenAPI(t *testing.T, s *Server) openAPIDocument {
	t.Helper()
	r := get(t, s, "/api/v1/openapi.json")
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	doc := decode[openAPIDocument](t, r)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	return doc
}

var (
	ginParam     = regexp.MustCompile(`:[a-zA-Z_]+`)
	openAPIParam = regexp.MustCompile(`\{[a-zA-Z_]+\}`)
)

func TestOpenAPIMatchesRoutes(t *testing.T) {
	s, _ := newTestServer(t)
	doc := loadOpenAPI(t, s)
	var routes, documented []string
	for _, r := range s.engine.Routes() {
		if p, ok := strings.CutPrefix(r.Path, "/api/v1"); ok {
			routes = append(routes, r.Method+" "+ginParam.ReplaceAllString(p, "{}"))
		}
	}
	for path, item := range doc.Paths {
		for method := range item {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+openAPIParam.ReplaceAllString(path, "{}"))
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("the OpenAPI document has %s, which is not a route", d)
		}
	}
	if len(routes) < 14 {
		t.Errorf("only %d API routes: %v", len(routes), routes)
	}
	// Writes say how to authenticate; reads need nothing.
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				Security []map[string]any `json:"security"`
			}
			if method == "parameters" || json.Unmarshal(raw, &op) != nil {
				continue
			}
			if write := method != "get"; write != (len(op.Security) > 0) {
				t.Errorf("%s %s: security %v", method, path, op.Security)
			}
		}
	}
}

// schemaChecker checks a JSON value against the document's schemas: the
// types (with null), enums, required properties and, recursively,
// properties, items, allOf and oneOf. Enough to catch a renamed, missing
// or retyped field.
type schemaChecker struct {
	doc openAPIDocument
}

func (sc schemaChecker) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		name := ref[strings.LastIndex(ref, "/")+1:]
		switch {
		case strings.HasPrefix(ref, "#/components/schemas/"):
			s = sc.doc.Components.Schemas[name].(map[string]any)
		case strings.HasPrefix(ref, "#/components/responses/"):
			s = sc.doc.Components.Responses[name].(map[string]any)
		default:
			panic("unresolvable $ref " + ref)
		}
	}
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func (sc schemaChecker) check(path string, schema map[string]any, v any) []string {
	s := sc.resolve(schema)
	var errs []string
	if t, ok := s["type"]; ok {
		var types []string
		switch x := t.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, y := range x {
				types = append(types, y.(string))
			}
		}
		got := jsonType(v)
		if !slices.Contains(types, got) && !(got == "integer" && slices.Contains(types, "number")) {
			return []string{fmt.Sprintf("%s: %s, want %v", path, got, types)}
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
	}
	for _, sub := range asList(s["allOf"]) {
		errs = append(errs, sc.check(path, sub, v)...)
	}
	if one := asList(s["oneOf"]); len(one) > 0 {
		matched := 0
		for _, sub := range one {
			if len(sc.check(path, sub, v)) == 0 {
				matched++
			}
		}
		if matched == 0 {
			errs = append(errs, path+": matches none of oneOf")
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range asStrings(s["required"]) {
			if _, ok := x[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required property %q is missing", path, r))
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, pv := range x {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					errs = append(errs, fmt.Sprintf("%s: property %q is not declared", path, k))
				}
				continue
			}
			errs = append(errs, sc.check(path+"."+k, ps, pv)...)
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, e := range x {
				errs = append(errs, sc.check(path+"["+strconv.Itoa(i)+"]", items, e)...)
			}
		}
	}
	return errs
}

func asList(v any) []map[string]any {
	var out []map[string]any
	for _, x := range asAny(v) {
		out = append(out, x.(map[string]any))
	}
	return out
}

func asAny(v any) []any { l, _ := v.([]any); return l }

func asStrings(v any) []string {
	var out []string
	for _, x := range asAny(v) {
		out = append(out, x.(string))
	}
	return out
}

// responseSchema finds the schema the document declares for a status of
// an operation.
func (sc schemaChecker) responseSchema(t *testing.T, method, template string, status int) map[string]any {
	t.Helper()
	raw, ok := sc.doc.Paths[template][strings.ToLower(method)]
	if !ok {
		t.Fatalf("no %s %s in the document", method, template)
	}
	var op struct {
		Responses map[string]map[string]any `json:"responses"`
	}
	if err := json.Unmarshal(raw, &op); err != nil {
		t.Fatal(err)
	}
	resp, ok := op.Responses[strconv.Itoa(status)]
	if !ok {
		t.Fatalf("%s %s declares no %d response", method, template, status)
	}
	resp = sc.resolve(resp)
	content, _ := resp["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	schema, ok := media["schema"].(map[string]any)
	if !ok {
		t.Fatalf("%s %s %d has no application/json schema", method, template, status)
	}
	return schema
}

func TestOpenAPIResponsesMatchSchemas(t *testing.T) {
	es := newEditorServer(t)
	sc := schemaChecker{loadOpenAPI(t, es.Server)}
	tok := newToken(t, es.st, es.editor)
	figure := apiFigureBody("schema-fig", seedSource)
	figure["quote"] = "A sentence of the report."
	tests := []struct {
		method, path, template string
		body                   any
		token                  string
		status                 int
	}{
		{"GET", "/api/v1/figures?limit=3", "/figures", nil, "", 200},
		{"GET", "/api/v1/figures?from=2017-13", "/figures", nil, "", 400},
		{"GET", "/api/v1/figures/" + seedFigure, "/figures/{id}", nil, "", 200},
		{"GET", "/api/v1/figures/hrw-2017-forcibly-returned-since-2016-06", "/figures/{id}", nil, "", 200},
		{"GET", "/api/v1/figures/nope", "/figures/{id}", nil, "", 404},
		{"GET", "/api/v1/sources", "/sources", nil, "", 200},
		{"GET", "/api/v1/sources/" + seedSource, "/sources/{id}", nil, "", 200},
		{"GET", "/api/v1/metrics", "/metrics", nil, "", 200},
		{"GET", "/api/v1/checks", "/checks", nil, "", 200},
		{"GET", "/api/v1/charts/outcomes", "/charts/{name}", nil, "", 200},
		{"POST", "/api/v1/sources", "/sources", apiSourceBody("schema-src"), tok, 201},
		{"POST", "/api/v1/figures", "/figures", figure, tok, 201},
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
			for _, e := range sc.check("$", sc.responseSchema(t, tc.method, tc.template, tc.status), v) {
				t.Error(e)
			}
		})
	}
	// The checker itself catches a missing and a retyped field.
	bad := map[string]any{"status": "400", "message": "x"}
	if errs := sc.check("$", map[string]any{"$ref": "#/components/schemas/Error"}, bad); len(errs) != 2 {
		t.Errorf("the checker found %v in a bad error body, want 2 problems", errs)
	}
}
