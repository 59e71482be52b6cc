package format

import (
	"encoding/json"
	"errors"
	"reflect"

	"gopkg.in/yaml.v3"

	"forcedreturns/models"
)

// JSONFile converts an import file in JSON into a batch: a JSON object
// with metrics, sources and figures lists (see the importer's package
// documentation), or a JSON export. data must be valid JSON without
// repeated keys (the importer checks both first, to report them with their
// position). Every problem goes to p, each located by its path
// ("figures[3].value"); each, if not nil, is called after every figure.
func JSONFile(p Problems, data []byte, each func()) models.Batch {
	// Every field decodes whatever it gets and keeps its kind, so decoding
	// cannot fail past the syntax check; entries are decoded with
	// DisallowUnknownFields (see decodeJSONObject). The top level is
	// decoded with json.Unmarshal, which hands each list to its decoder
	// without copying the file as a Decoder would.
	top := object[fileTop]{kind: jsonKind(data)}
	if top.kind == kObject {
		top.unknown = unknownJSONKeys(data, &top.v)
		_ = json.Unmarshal(data, &top.v)
	}
	return buildDocument(p, &top, each)
}

// YAMLFile is JSONFile for the document node of a YAML file (nil for an
// empty document).
func YAMLFile(p Problems, doc *yaml.Node, each func()) models.Batch {
	var top object[fileTop]
	if doc != nil {
		_ = top.UnmarshalYAML(doc)
	}
	return buildDocument(p, &top, each)
}

// JSONFigure converts one figure object, the body of a write API request,
// by the rules of JSONFile: the same field names, conversions and
// messages, located from the object ("value", "period.start"). extra, if
// not nil, points to a struct whose json fields the object may hold as
// well (a request's reason): they are decoded into it, and a value of the
// wrong type is reported. data must be valid JSON without repeated keys.
func JSONFigure(p Problems, data []byte, extra any) models.Figure {
	var o object[fileFigure]
	if !decodeTop(p, data, &o, extra) {
		return models.Figure{}
	}
	f, _, _ := fileFigureOf(p, "", &o.v, map[string]fileSourceSeen{})
	return f
}

// JSONSource is JSONFigure for a source object.
func JSONSource(p Problems, data []byte, extra any) models.Source {
	var o object[fileSource]
	if !decodeTop(p, data, &o, extra) {
		return models.Source{}
	}
	e := newEntry(p, func(field string) string { return field })
	return sourceOf(e, e.str("id", o.v.ID), &o.v)
}

// decodeTop decodes the object data into o, and its extra fields into
// extra, reporting unknown keys and a value that is not an object.
func decodeTop[T any](p Problems, data []byte, o *object[T], extra any) bool {
	o.kind = jsonKind(data)
	var also []string
	if extra != nil {
		also = keysOf(extra, "json")
	}
	if o.kind == kObject {
		o.unknown = unknownJSONKeys(data, &o.v, also...)
		_ = json.Unmarshal(data, &o.v) // every field decodes itself and never fails
	}
	if !checkObject(p, "", o, also...) {
		return false
	}
	if extra != nil {
		if err := json.Unmarshal(data, extra); err != nil {
			reportTypeError(p, err)
		}
	}
	return true
}

// reportTypeError reports the error of decoding a request's extra fields.
func reportTypeError(p Problems, err error) {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field == "" {
		add(p, "request", "could not be read: %v", err)
		return
	}
	t := te.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	want := "a " + t.Kind().String()
	switch t.Kind() {
	case reflect.String:
		want = "a string"
	case reflect.Int, reflect.Int64, reflect.Int32:
		want = "a whole number"
	case reflect.Bool:
		want = "true or false"
	}
	add(p, te.Field, "expected %s, got %s", want, te.Value)
}

// Fields names, for each object of an import file or a write request,
// the fields it accepts, in order; documentation of the formats (the
// OpenAPI document) is held against it.
var Fields = struct {
	Figure, Period, Source []string
}{keysOf(&fileFigure{}, "json"), keysOf(&filePeriod{}, "json"), keysOf(&fileSource{}, "json")}
