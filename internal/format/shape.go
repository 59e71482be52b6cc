package format

import (
	"bytes"
	"encoding/json"
	"slices"

	"gopkg.in/yaml.v3"

	"forcedreturns/models"
)

// The shapes of a YAML or JSON import file. Every leaf is a scalar, which
// decodes whatever it is given and remembers its kind: a wrong kind is then
// reported with the entry's location, together with every other problem of
// the file, instead of aborting the decoder at the first one.

type fileMetric struct {
	Slug       scalar `yaml:"slug" json:"slug"`
	Label      scalar `yaml:"label" json:"label"`
	Definition scalar `yaml:"definition" json:"definition"`
	Unit       scalar `yaml:"unit" json:"unit"`
	// Korean texts, optional (metricOmitted).
	LabelKo      scalar `yaml:"label_ko" json:"label_ko"`
	DefinitionKo scalar `yaml:"definition_ko" json:"definition_ko"`
}

type fileSource struct {
	ID                scalar `yaml:"id" json:"id"`
	Title             scalar `yaml:"title" json:"title"`
	TitleEn           scalar `yaml:"title_en" json:"title_en"`
	TitleKo           scalar `yaml:"title_ko" json:"title_ko"`
	Kind              scalar `yaml:"kind" json:"kind"`
	Publisher         scalar `yaml:"publisher" json:"publisher"`
	Authors           scalar `yaml:"authors" json:"authors"`
	AuthorAffiliation scalar `yaml:"author_affiliation" json:"author_affiliation"`
	PublishedOn       scalar `yaml:"published_on" json:"published_on"`
	URL               scalar `yaml:"url" json:"url"`
	ArchiveURL        scalar `yaml:"archive_url" json:"archive_url"`
	Language          scalar `yaml:"language" json:"language"`
	AccessedOn        scalar `yaml:"accessed_on" json:"accessed_on"`
	TextSHA256        scalar `yaml:"text_sha256" json:"text_sha256"`
	Notes             scalar `yaml:"notes" json:"notes"`
	Original          scalar `yaml:"original" json:"original"`
	Version           scalar `yaml:"version" json:"version"`
}

type filePeriod struct {
	Start        scalar `yaml:"start" json:"start"`
	End          scalar `yaml:"end" json:"end"`
	Precision    scalar `yaml:"precision" json:"precision"`
	EndPrecision scalar `yaml:"end_precision" json:"end_precision"`
}

// fileFigure is a figure of the import schema, which also accepts a figure
// of the JSON export: metric and source may be objects, the period may be
// flat (period_start, period_end, period_precision, period_end_precision), and the export's
// read-only fields are accepted and ignored.
type fileFigure struct {
	ID               scalar             `yaml:"id" json:"id"`
	Metric           ref[fileMetric]    `yaml:"metric" json:"metric"`
	Qualifier        scalar             `yaml:"qualifier" json:"qualifier"`
	Value            scalar             `yaml:"value" json:"value"`
	ValueLow         scalar             `yaml:"value_low" json:"value_low"`
	ValueHigh        scalar             `yaml:"value_high" json:"value_high"`
	ValueText        scalar             `yaml:"value_text" json:"value_text"`
	Unit             scalar             `yaml:"unit" json:"unit"`
	Period           object[filePeriod] `yaml:"period" json:"period"`
	PeriodStart      scalar             `yaml:"period_start" json:"period_start"`
	PeriodEnd        scalar             `yaml:"period_end" json:"period_end"`
	PeriodPrecision  scalar             `yaml:"period_precision" json:"period_precision"`
	PeriodEndPrec    scalar             `yaml:"period_end_precision" json:"period_end_precision"`
	QuantityKind     scalar             `yaml:"quantity_kind" json:"quantity_kind"`
	Population       scalar             `yaml:"population" json:"population"`
	ActingState      scalar             `yaml:"acting_state" json:"acting_state"`
	ReceivingState   scalar             `yaml:"receiving_state" json:"receiving_state"`
	Location         scalar             `yaml:"location" json:"location"`
	SubgroupOf       scalar             `yaml:"subgroup_of" json:"subgroup_of"`
	ShareOf          scalar             `yaml:"share_of" json:"share_of"`
	Derived          scalar             `yaml:"derived" json:"derived"`
	Formula          scalar             `yaml:"formula" json:"formula"`
	Source           ref[fileSource]    `yaml:"source" json:"source"`
	Quote            scalar             `yaml:"quote" json:"quote"`
	QuoteStart       scalar             `yaml:"quote_start" json:"quote_start"`
	QuoteEnd         scalar             `yaml:"quote_end" json:"quote_end"`
	Paraphrase       scalar             `yaml:"paraphrase" json:"paraphrase"`
	ParaphrasedBy    scalar             `yaml:"paraphrased_by" json:"paraphrased_by"`
	ReportedBy       scalar             `yaml:"reported_by" json:"reported_by"`
	Status           scalar             `yaml:"status" json:"status"`
	RetractReason    scalar             `yaml:"retract_reason" json:"retract_reason"`
	Notes            scalar             `yaml:"notes" json:"notes"`
	Version          scalar             `yaml:"version" json:"version"`
	ValueLabel       scalar             `yaml:"value_label" json:"value_label"`               // read-only
	QuoteLink        scalar             `yaml:"quote_link" json:"quote_link"`                 // read-only
	ArchiveQuoteLink scalar             `yaml:"archive_quote_link" json:"archive_quote_link"` // read-only
	LastModified     scalar             `yaml:"last_modified" json:"last_modified"`           // read-only
	PeriodMonths     scalar             `yaml:"period_months" json:"period_months"`           // read-only
	PerMonth         scalar             `yaml:"per_month" json:"per_month"`                   // read-only
	Countable        scalar             `yaml:"countable" json:"countable"`                   // read-only
	Group            scalar             `yaml:"group" json:"group"`                           // read-only
	CountedIn        scalar             `yaml:"counted_in" json:"counted_in"`                 // read-only
}

// fileTop is the whole file.
type fileTop struct {
	Metrics list[fileMetric] `yaml:"metrics" json:"metrics"`
	Sources list[fileSource] `yaml:"sources" json:"sources"`
	Figures list[fileFigure] `yaml:"figures" json:"figures"`
	// A JSON export's header, accepted and ignored.
	ExportedAt scalar `yaml:"exported_at" json:"exported_at"`
	Filter     scalar `yaml:"filter" json:"filter"`
	Generator  scalar `yaml:"generator" json:"generator"`
}

// kind is what a scalar was written as.
type kind uint8

const (
	kAbsent kind = iota // the key was not given
	kNull
	kString
	kNumber
	kBool
	kObject
	kList
)

func (k kind) String() string {
	switch k {
	case kNull:
		return "null"
	case kString:
		return "a string"
	case kNumber:
		return "a number"
	case kBool:
		return "a boolean"
	case kObject:
		return "an object"
	case kList:
		return "a list"
	}
	return "nothing"
}

// scalar is one value as written.
type scalar struct {
	kind kind
	text string // the string, or the literal of a number or boolean
	yaml bool   // from YAML, where an unquoted 2017 or yes is text to its writer
}

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (s *scalar) UnmarshalJSON(b []byte) error {
	*s = scalar{kind: jsonKind(b)}
	switch s.kind {
	case kString:
		_ = json.Unmarshal(b, &s.text) // valid: the decoder checked the syntax
	case kNumber, kBool:
		s.text = string(b)
	}
	return nil
}

func jsonKind(b []byte) kind {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return kAbsent
	}
	switch b[0] {
	case 'n':
		return kNull
	case '"':
		return kString
	case 't', 'f':
		return kBool
	case '{':
		return kObject
	case '[':
		return kList
	}
	return kNumber
}

// UnmarshalYAML implements yaml.Unmarshaler; it never fails.
func (s *scalar) UnmarshalYAML(n *yaml.Node) error {
	*s = scalar{kind: yamlKind(n), text: resolve(n).Value, yaml: true}
	if s.kind == kObject || s.kind == kList || s.kind == kNull {
		s.text = ""
	}
	return nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func yamlKind(n *yaml.Node) kind {
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		return kObject
	case yaml.SequenceNode:
		return kList
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return kNull
		case "!!int", "!!float":
			return kNumber
		case "!!bool":
			return kBool
		}
		return kString // !!str, !!timestamp (2017-09-18), !!binary
	}
	return kNull
}

// given reports whether the value says anything: null is as if absent.
func (s scalar) given() bool { return s.kind != kAbsent && s.kind != kNull }

// literal writes the value for a message.
func (s scalar) literal() string {
	switch s.kind {
	case kString:
		return quoted(s.text)
	case kNumber, kBool:
		return models.Clip(s.text, 60)
	}
	return s.kind.String()
}

// object is a nested object of a known shape. Its unknown and repeated keys
// are kept to be reported with the entry's location; a value of another
// kind is kept as wrong.
type object[T any] struct {
	kind    kind
	v       T
	unknown []string
	repeats []string
}

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (o *object[T]) UnmarshalJSON(b []byte) error {
	*o = object[T]{kind: jsonKind(b)}
	if o.kind == kObject {
		o.unknown = decodeJSONObject(b, &o.v)
	}
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler; it never fails.
func (o *object[T]) UnmarshalYAML(n *yaml.Node) error {
	*o = object[T]{kind: yamlKind(n)}
	if o.kind == kObject {
		o.unknown, o.repeats = decodeYAMLMapping(resolve(n), &o.v)
	}
	return nil
}

// list is a list of objects of a known shape.
type list[T any] struct {
	kind  kind
	items []object[T]
}

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (l *list[T]) UnmarshalJSON(b []byte) error {
	*l = list[T]{kind: jsonKind(b)}
	if l.kind == kList {
		_ = json.Unmarshal(b, &l.items) // each item decodes itself and never fails
	}
	return nil
}

// UnmarshalYAML implements yaml.Unmarshaler; it never fails.
func (l *list[T]) UnmarshalYAML(n *yaml.Node) error {
	*l = list[T]{kind: yamlKind(n)}
	if l.kind == kList {
		n = resolve(n)
		l.items = make([]object[T], len(n.Content))
		for i, c := range n.Content {
			_ = l.items[i].UnmarshalYAML(c)
		}
	}
	return nil
}

// decodeJSONObject decodes the JSON object b into v, whose json tags name
// the keys it accepts, and returns the keys given that v does not accept.
func decodeJSONObject(b []byte, v any) (unknown []string) {
	unknown = unknownJSONKeys(b, v)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	// The decoder's error names the first unknown key; unknownJSONKeys has
	// listed them all. The decoder still skips them and fills every known
	// field, whose values never fail to decode.
	_ = dec.Decode(v)
	return unknown
}

// unknownJSONKeys returns, sorted, the keys of the JSON object b that v's
// json tags do not name, matching case exactly (encoding/json would match
// "Value" to value), nor also. Repeated keys go unnoticed: encoding/json keeps the
// last one.
func unknownJSONKeys(b []byte, v any, also ...string) (unknown []string) {
	var keys map[string]ignored
	_ = json.Unmarshal(b, &keys)
	allowed := keysOf(v, "json")
	for k := range keys {
		if indexOf(allowed, k) < 0 && indexOf(also, k) < 0 {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	return unknown
}

// ignored decodes any JSON value without keeping it.
type ignored struct{}

// UnmarshalJSON implements json.Unmarshaler.
func (*ignored) UnmarshalJSON([]byte) error { return nil }

// decodeYAMLMapping decodes the YAML mapping n into v, whose yaml tags name
// the keys it accepts, and returns the keys given that v does not accept
// and those given more than once (only the first is kept). Node.Decode
// does not honour KnownFields, so the keys are checked here, which also
// lets every unknown key be reported with its location rather than a line.
func decodeYAMLMapping(n *yaml.Node, v any) (unknown, repeats []string) {
	allowed := keysOf(v, "yaml")
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, resolve(n.Content[i]).Value)
	}
	unknown, repeats = checkKeys(keys, allowed)
	if len(unknown) > 0 || len(repeats) > 0 {
		// Decode a copy without them: yaml.v3 refuses repeated keys, and
		// the rest of the entry must still be checked.
		m := *n
		m.Content = nil
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := keys[i/2]
			if indexOf(allowed, k) >= 0 && !seen[k] {
				m.Content = append(m.Content, n.Content[i], n.Content[i+1])
			}
			seen[k] = true
		}
		n = &m
	}
	_ = n.Decode(v) // every field decodes itself and never fails
	return unknown, repeats
}

// ref is a reference to a metric or a source: its key as a string, or (as
// in the JSON export) the object itself.
type ref[T any] struct {
	key scalar
	obj object[T]
}

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (r *ref[T]) UnmarshalJSON(b []byte) error {
	*r = ref[T]{}
	if jsonKind(b) == kObject {
		return r.obj.UnmarshalJSON(b)
	}
	return r.key.UnmarshalJSON(b)
}

// UnmarshalYAML implements yaml.Unmarshaler; it never fails.
func (r *ref[T]) UnmarshalYAML(n *yaml.Node) error {
	*r = ref[T]{}
	if yamlKind(n) == kObject {
		return r.obj.UnmarshalYAML(n)
	}
	return r.key.UnmarshalYAML(n)
}
