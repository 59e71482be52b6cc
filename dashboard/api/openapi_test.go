package api

// A checker of JSON values against the OpenAPI document's schemas, for
// the shape tests (openapi_shapes_test.go) and the HTTP tests
// (responses_test.go).

import (
	"encoding/json"
	"fmt"
	"slices"
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

// loadOpenAPI parses the embedded document.
func loadOpenAPI(t testing.TB) openAPIDocument {
	t.Helper()
	var doc openAPIDocument
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	return doc
}

// NewSchemaChecker checks values against the embedded document; the
// HTTP tests (package api_test) hold real responses against it.
func NewSchemaChecker(t testing.TB) SchemaChecker { return SchemaChecker{loadOpenAPI(t)} }

// SchemaChecker checks a JSON value against the document's schemas: the
// types (with null), enums, required properties and, recursively,
// properties, items, allOf and oneOf. Enough to catch a renamed, missing
// or retyped field.
type SchemaChecker struct {
	doc openAPIDocument
}

func (sc SchemaChecker) resolve(s map[string]any) map[string]any {
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

// Check returns the ways v, at path, breaks schema.
func (sc SchemaChecker) Check(path string, schema map[string]any, v any) []string {
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
		errs = append(errs, sc.Check(path, sub, v)...)
	}
	if one := asList(s["oneOf"]); len(one) > 0 {
		matched := 0
		for _, sub := range one {
			if len(sc.Check(path, sub, v)) == 0 {
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
			errs = append(errs, sc.Check(path+"."+k, ps, pv)...)
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, e := range x {
				errs = append(errs, sc.Check(path+"["+strconv.Itoa(i)+"]", items, e)...)
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

// ResponseSchema finds the schema the document declares for a status of
// an operation.
func (sc SchemaChecker) ResponseSchema(t *testing.T, method, template string, status int) map[string]any {
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
