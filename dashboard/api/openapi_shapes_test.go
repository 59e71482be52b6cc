package api

// Every schema openapi.json declares is held against the Go type that
// writes or reads it: the real JSON encoder's output has exactly the
// documented properties, of the documented JSON types, the required ones
// always present and the nullable ones null when they may be; and the
// write schemas name exactly the fields internal/format's decoder accepts.

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/checks"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// shapeExamples are values of the type behind each response schema: a
// populated one and those with the nulls and omitted fields it can have.
func shapeExamples() map[string][]any {
	var figures []any
	var details []any
	asOf := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, v := range exporttest.Views() {
		fj := format.NewFigureJSON(&v, nil)
		figures = append(figures, fj)
		details = append(details, figureDetail{FigureJSON: fj, Revisions: []models.Revision{revisionExample()}})
	}
	figures = append(figures, format.FigureJSON{})
	details = append(details, figureDetail{Revisions: []models.Revision{}})
	var sources, sourceItems, sourceDetails []any
	for _, s := range append(exporttest.Sources(), models.Source{}) {
		item := newSourceItem(&s)
		sources = append(sources, item.SourceJSON)
		sourceItems = append(sourceItems, item)
		sourceDetails = append(sourceDetails, sourceDetail{sourceItem: item, Revisions: []models.Revision{}})
	}
	metric := exporttest.Metrics()[0]
	metric.CreatedAt, metric.UpdatedAt = time.Now(), time.Now()
	fj := figures[0].(format.FigureJSON)
	result := checks.Result{Kind: "k", Status: "ok", Title: "t", Explanation: "e", Notes: []string{"n"}, Figures: []string{"f"}}
	tally := checks.Tally{Name: "mismatch", Label: "mismatch", Count: 2}
	summary := checkSummary{All: 3, Outcomes: []checks.Tally{tally}, Kinds: []checks.Tally{tally}}
	return map[string][]any{
		"Error": {
			httpx.ErrorBody{Status: 400, Code: "invalid", Message: "m", Fields: []models.FieldError{{Field: "f", Message: "m"}}},
			httpx.ErrorBody{Status: 404, Code: "not_found", Message: "m"},
		},
		"FieldError":   {models.FieldError{Field: "f", Message: "m"}},
		"SourceRef":    sources,
		"Source":       sourceItems,
		"SourceDetail": sourceDetails,
		"Revision":     {revisionExample(), models.Revision{}},
		"MetricRef":    {format.MetricJSON{Slug: "s", Label: "l", Unit: "u"}},
		"Metric":       {metric},
		"Figure":       figures,
		"FigureDetail": details,
		"FigureList": {
			figurePage{list: list[format.FigureJSON]{Items: []format.FigureJSON{fj}, Total: 1, Limit: 10, Offset: 0}, Next: "/n", Prev: "/p"},
			figurePage{list: list[format.FigureJSON]{Items: []format.FigureJSON{}}},
		},
		"SourceList": {
			list[sourceItem]{Items: []sourceItem{sourceItems[0].(sourceItem)}, Total: 1, Limit: 10},
			list[sourceItem]{Items: []sourceItem{}},
		},
		"MetricList": {
			list[models.Metric]{Items: []models.Metric{metric}, Total: 1, Limit: 10},
			list[models.Metric]{Items: []models.Metric{}},
		},
		"CheckResult":  {result, checks.Result{Figures: []string{}}},
		"CheckTally":   {tally},
		"CheckSummary": {summary, checkSummary{Outcomes: []checks.Tally{}, Kinds: []checks.Tally{}}},
		"CheckList": {
			checkList{list: list[checks.Result]{Items: []checks.Result{result}, Total: 1, Limit: 10}, Summary: summary, Next: "/n", Prev: "/p", Computed: true},
			checkList{list: list[checks.Result]{Items: []checks.Result{result}, Total: 1, Limit: 10}, Summary: summary, Computing: true, Computed: true,
				AsOf: &asOf, Notice: "The checks are being computed again."},
			checkList{list: list[checks.Result]{Items: []checks.Result{}}, Summary: checkSummary{Outcomes: []checks.Tally{}, Kinds: []checks.Tally{}}},
		},
	}
}

func revisionExample() models.Revision {
	return models.Revision{ID: 1, EntityType: models.EntityFigure, EntityID: 2, EntityKey: "k", Version: 1,
		Action: models.ActionCreate, Snapshot: "{}", Editor: "e", Reason: "r", CreatedAt: time.Now()}
}

// openSchemas are documented as open: their properties are not listed.
var openSchemas = map[string]bool{"ChartOptions": true}

// writeSchemas maps each request schema to the fields its decoder accepts.
func writeSchemas() map[string][]string {
	return map[string][]string{
		"FigureWrite":    append(format.Fields.Figure, jsonNames(writeExtra{})...),
		"SourceWrite":    append(format.Fields.Source, jsonNames(writeExtra{})...),
		"RetractRequest": jsonNames(retractRequest{}),
		"RestoreRequest": jsonNames(retractRequest{}),
	}
}

func jsonNames(v any) []string {
	var out []string
	t := reflect.TypeOf(v)
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

func TestOpenAPISchemasMatchTheEncoder(t *testing.T) {
	sc := NewSchemaChecker(t)
	examples := shapeExamples()
	writes := writeSchemas()
	for name := range sc.doc.Components.Schemas {
		_, isOutput := examples[name]
		_, isInput := writes[name]
		if !isOutput && !isInput && !openSchemas[name] {
			t.Errorf("schema %s is held against no Go type: add it to shapeExamples or writeSchemas", name)
		}
	}
	for name, values := range examples {
		t.Run(name, func(t *testing.T) {
			schema, ok := sc.doc.Components.Schemas[name].(map[string]any)
			if !ok {
				t.Fatalf("openapi.json has no schema %s", name)
			}
			var encoded []any
			for _, v := range values {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				var x any
				if err := json.Unmarshal(b, &x); err != nil {
					t.Fatal(err)
				}
				encoded = append(encoded, x)
			}
			for _, e := range sc.compareShape(name, schema, encoded, examples) {
				t.Error(e)
			}
		})
	}
	for name, accepted := range writes {
		t.Run(name, func(t *testing.T) {
			schema := sc.resolve(sc.doc.Components.Schemas[name].(map[string]any))
			props, _ := schema["properties"].(map[string]any)
			if diff := setDiff(slices.Collect(maps.Keys(props)), accepted); diff != "" {
				t.Errorf("%s: documented properties vs fields the decoder accepts: %s", name, diff)
			}
			if schema["additionalProperties"] != false {
				t.Errorf("%s: the decoder refuses unknown fields; the schema must say additionalProperties: false", name)
			}
			if period, ok := props["period"].(map[string]any); ok {
				pp, _ := period["properties"].(map[string]any)
				if diff := setDiff(slices.Collect(maps.Keys(pp)), format.Fields.Period); diff != "" {
					t.Errorf("%s.period: %s", name, diff)
				}
			}
		})
	}
}

// compareShape checks encoded values of one type against an object schema
// and, through $ref and items, the schemas nested in it.
// A $ref to a schema with examples of its own is checked on those.
func (sc SchemaChecker) compareShape(path string, schema map[string]any, values []any, tested map[string][]any) []string {
	if ref, ok := schema["$ref"].(string); ok && tested[strings.TrimPrefix(ref, "#/components/schemas/")] != nil {
		return nil
	}
	s := sc.resolve(schema)
	var errs []string
	types := schemaTypes(s)
	sawNull := false
	var objects, arrays []any
	for _, v := range values {
		got := jsonType(v)
		switch {
		case got == "null":
			sawNull = true
		case got == "object":
			objects = append(objects, v)
		case got == "array":
			arrays = append(arrays, v)
		}
		if len(types) > 0 && !slices.Contains(types, got) && !(got == "integer" && slices.Contains(types, "number")) {
			errs = append(errs, fmt.Sprintf("%s: the encoder writes %s, the schema says %v", path, got, types))
		}
	}
	if slices.Contains(types, "null") && !sawNull {
		errs = append(errs, fmt.Sprintf("%s: documented as nullable, but no value encodes to null", path))
	}
	if len(objects) > 0 {
		if _, open := s["properties"]; !open {
			return errs
		}
		props, _ := s["properties"].(map[string]any)
		var union []string
		always := map[string]int{}
		for _, o := range objects {
			for k := range o.(map[string]any) {
				always[k]++
				if !slices.Contains(union, k) {
					union = append(union, k)
				}
			}
		}
		if diff := setDiff(slices.Collect(maps.Keys(props)), union); diff != "" {
			errs = append(errs, fmt.Sprintf("%s: documented vs encoded properties: %s", path, diff))
		}
		var present []string
		for k, n := range always {
			if n == len(objects) {
				present = append(present, k)
			}
		}
		if diff := setDiff(asStrings(s["required"]), present); diff != "" {
			errs = append(errs, fmt.Sprintf("%s: required vs always encoded: %s", path, diff))
		}
		for _, k := range union {
			ps, ok := props[k].(map[string]any)
			if !ok {
				continue
			}
			var vs []any
			for _, o := range objects {
				if v, ok := o.(map[string]any)[k]; ok {
					vs = append(vs, v)
				}
			}
			errs = append(errs, sc.compareShape(path+"."+k, ps, vs, tested)...)
		}
	}
	if items, ok := s["items"].(map[string]any); ok && len(arrays) > 0 {
		var vs []any
		for _, a := range arrays {
			vs = append(vs, a.([]any)...)
		}
		if len(vs) > 0 {
			errs = append(errs, sc.compareShape(path+"[]", items, vs, tested)...)
		}
	}
	return errs
}

func schemaTypes(s map[string]any) []string {
	switch x := s["type"].(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, y := range x {
			out = append(out, y.(string))
		}
		return out
	}
	return nil
}

// setDiff describes how two sets of names differ, or "".
func setDiff(documented, actual []string) string {
	var onlyDoc, onlyActual []string
	for _, d := range documented {
		if !slices.Contains(actual, d) {
			onlyDoc = append(onlyDoc, d)
		}
	}
	for _, a := range actual {
		if !slices.Contains(documented, a) {
			onlyActual = append(onlyActual, a)
		}
	}
	if len(onlyDoc) == 0 && len(onlyActual) == 0 {
		return ""
	}
	sort.Strings(onlyDoc)
	sort.Strings(onlyActual)
	return fmt.Sprintf("only documented %v, only in the code %v", onlyDoc, onlyActual)
}
