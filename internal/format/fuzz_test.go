package format

import (
	"encoding/json"
	"testing"

	"forcedreturns/models"
)

// problemList collects problems as the write API does.
type problemList []models.FieldError

func (p *problemList) Add(loc, message string) {
	*p = append(*p, models.FieldError{Field: loc, Message: message})
}

// FuzzJSONFigure holds the write API's decoder to the importer's promise:
// whatever the body, it does not panic, every problem has a location and a
// message, and a body without problems gives a valid figure.
func FuzzJSONFigure(f *testing.F) {
	f.Add([]byte(`{"id":"a","metric":"apprehended","qualifier":"at_least","value":12,"period_start":"2020-03","quantity_kind":"flow",` +
		`"population":"North Koreans","source":"s","quote":"At least 12 people.","reported_by":"R","reason":"r"}`))
	f.Add([]byte(`{"id":"a","metric":{"slug":"m"},"qualifier":"range","value_low":1,"value_high":2,"period":{"start":"2020"},` +
		`"source":{"id":"s","title":"T"},"derived":true,"version":3}`))
	f.Add([]byte(`{"value":"12","valeu":1,"period":[],"quote_start":1e400}`))
	f.Add([]byte(`[1]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return // the API refuses it before decoding
		}
		var extra struct {
			Reason string `json:"reason"`
		}
		var p problemList
		fig := JSONFigure(&p, data, &extra)
		for _, pr := range p {
			if pr.Field == "" || pr.Message == "" {
				t.Fatalf("a problem without a location or a message: %+v", pr)
			}
		}
		if len(p) == 0 {
			if err := fig.Validate(); err != nil {
				t.Fatalf("no problem reported, but the figure is invalid: %v\n%s", err, data)
			}
		}
	})
}
