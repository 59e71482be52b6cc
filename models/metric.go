package models

import (
	"strings"
	"time"
)

// Metric is an entry of the controlled vocabulary figures are counted in:
// apprehended, forcibly_returned, in_custody, deaths, …
type Metric struct {
	ID         int64  `gorm:"column:id;primaryKey" json:"-"`
	Slug       string `gorm:"column:slug" json:"slug"`
	Label      string `gorm:"column:label" json:"label"`
	Definition string `gorm:"column:definition" json:"definition"`
	Unit       string `gorm:"column:unit" json:"unit"`
	// LabelKo and DefinitionKo are the label and definition in Korean,
	// written by an editor; empty when nobody has (pages then show the
	// English text). Label and Definition are English, the language of
	// the data.
	LabelKo      string    `gorm:"column:label_ko" json:"label_ko"`
	DefinitionKo string    `gorm:"column:definition_ko" json:"definition_ko"`
	CreatedAt    time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// Slugs of the seed vocabulary that code refers to by name: the cohort rule
// of the checks (the apprehended, split into those still in custody and
// those forcibly returned) and the overview charts built on it. Editors can
// add metrics; these three must exist for the overview to show a cohort.
const (
	MetricApprehended = "apprehended"
	MetricInCustody   = "in_custody"
	MetricReturned    = "forcibly_returned"
)

// TableName is the metrics table.
func (Metric) TableName() string { return "metrics" }

// Normalize trims surrounding white space from the text fields.
func (m *Metric) Normalize() {
	for _, p := range []*string{&m.Slug, &m.Label, &m.Definition, &m.Unit, &m.LabelKo, &m.DefinitionKo} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks the metric's fields.
func (m *Metric) Validate() error {
	var p Problems
	if !metricSlug.MatchString(m.Slug) {
		p.Add("slug", "expected 1 to 60 lower-case letters, digits and underscores starting with a letter, got %q", m.Slug)
	}
	checkLine(&p, "label", m.Label, 1, 200)
	checkText(&p, "definition", m.Definition, 1, 2000)
	checkLine(&p, "unit", m.Unit, 1, 60)
	checkLine(&p, "label_ko", m.LabelKo, 0, 200)
	checkText(&p, "definition_ko", m.DefinitionKo, 0, 2000)
	return p.Err("metric")
}
