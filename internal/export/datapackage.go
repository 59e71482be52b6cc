package export

import (
	"archive/zip"
	"encoding/json"
	"io"
	"time"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// Data package file names and identity.
const (
	figuresFile    = "figures.csv"
	sourcesFile    = "sources.csv"
	metricsFile    = "metrics.csv"
	descriptorFile = "datapackage.json"
	readmeFile     = "README.md"
	packageName    = "forced-returns-figures"
	packageTitle   = "Forced Returns Tracker: sourced figures"
)

// WriteDataPackage writes a zip archive holding a Frictionless Data Package
// (v1, and valid v2): figures.csv (the CSV of WriteCSV), sources.csv (one row
// per distinct source of those figures, then one per source those carry
// that no figure cites, read with meta.Originals; format.SourceColumns), metrics.csv
// (one row per metric they use, format.MetricColumns, as WriteMetricsCSV
// writes it), datapackage.json (resources with a Table Schema each, the
// foreign keys figures.source_id and figures.source_original → sources.id,
// sources.original → sources.id and figures.metric → metrics.slug) and a
// README.md for people.
//
// The zip is written as a stream (the archive needs no seeking), figures
// first: only the distinct sources and metrics are held in memory.
func WriteDataPackage(w io.Writer, meta Meta, it Iterator, counts Counts) error {
	zw := zip.NewWriter(w)
	modified := meta.ExportedAt
	if modified.IsZero() {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the zip epoch
	}
	create := func(name string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	}

	fw, err := create(figuresFile)
	if err != nil {
		return err
	}
	var set sourceSet
	var metrics metricSet
	n, err := newCSVEncoder(fw).writeFigures(it, counts, func(v *models.FigureView) {
		metrics.add(v)
		set.add(v)
	})
	if err != nil {
		return err
	}
	originals, err := set.originals(meta.Originals)
	if err != nil {
		return err
	}
	sources := append(set.list, originals...)

	sw, err := create(sourcesFile)
	if err != nil {
		return err
	}
	if err := writeSources(sw, sources); err != nil {
		return err
	}

	mw, err := create(metricsFile)
	if err != nil {
		return err
	}
	if err := WriteMetricsCSV(mw, metrics.list); err != nil {
		return err
	}

	dw, err := create(descriptorFile)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(dw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(descriptor(meta)); err != nil {
		return err
	}

	rw, err := create(readmeFile)
	if err != nil {
		return err
	}
	if err := writeReadme(rw, meta, n, sources, metrics.list); err != nil {
		return err
	}
	return zw.Close()
}

// dataPackage is datapackage.json. Field names follow the Data Package and
// Table Schema specifications; everything used is in v1 and unchanged in v2.
type dataPackage struct {
	Profile     string       `json:"profile"`
	Name        string       `json:"name"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Created     string       `json:"created,omitempty"`
	Resources   []dpResource `json:"resources"`
}

type dpResource struct {
	Name        string      `json:"name"`
	Path        string      `json:"path"`
	Profile     string      `json:"profile"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Format      string      `json:"format"`
	Mediatype   string      `json:"mediatype"`
	Encoding    string      `json:"encoding"`
	Dialect     dpDialect   `json:"dialect"`
	Schema      tableSchema `json:"schema"`
}

type dpDialect struct {
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
	Header         bool   `json:"header"`
}

type tableSchema struct {
	Fields        []tsField      `json:"fields"`
	MissingValues []string       `json:"missingValues"`
	PrimaryKey    []string       `json:"primaryKey"`
	ForeignKeys   []tsForeignKey `json:"foreignKeys,omitempty"`
}

type tsField struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Description string         `json:"description"`
	Constraints *tsConstraints `json:"constraints,omitempty"`
}

type tsConstraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Minimum  *int     `json:"minimum,omitempty"`
}

type tsForeignKey struct {
	Fields    []string    `json:"fields"`
	Reference tsReference `json:"reference"`
}

type tsReference struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}

func descriptor(meta Meta) dataPackage {
	p := dataPackage{
		Profile: "tabular-data-package",
		Name:    packageName,
		Title:   packageTitle,
		Description: "Figures about forced returns of refugees, each with the exact quote it comes from and its source, " +
			"exported from the Forced Returns Tracker. Filter: " + meta.Filter + ". Read README.md before using the numbers.",
		Resources: []dpResource{
			resource("figures", figuresFile, "One row per sourced figure, with its source flattened into source_* columns.",
				format.FigureColumns, "figure_id",
				tsForeignKey{Fields: []string{"source_id"}, Reference: tsReference{Resource: "sources", Fields: []string{"id"}}},
				tsForeignKey{Fields: []string{"source_original"}, Reference: tsReference{Resource: "sources", Fields: []string{"id"}}},
				tsForeignKey{Fields: []string{"metric"}, Reference: tsReference{Resource: "metrics", Fields: []string{"slug"}}}),
			resource("sources", sourcesFile, "One row per source document the figures are quoted from, then one per source those carry (see original) that no figure cites.",
				format.SourceColumns, "id",
				tsForeignKey{Fields: []string{"original"}, Reference: tsReference{Resource: "", Fields: []string{"id"}}}),
			resource("metrics", metricsFile, "One row per metric the figures count, with its definition.",
				format.MetricColumns, "slug"),
		},
	}
	if !meta.ExportedAt.IsZero() {
		p.Created = meta.ExportedAt.UTC().Format(time.RFC3339)
	}
	return p
}

func resource(name, path, description string, cols []format.Column, key string, fks ...tsForeignKey) dpResource {
	return dpResource{
		Name:        name,
		Path:        path,
		Profile:     "tabular-data-resource",
		Title:       name,
		Description: description,
		Format:      "csv",
		Mediatype:   "text/csv",
		Encoding:    "utf-8",
		Dialect:     dpDialect{Delimiter: ",", LineTerminator: "\r\n", QuoteChar: `"`, DoubleQuote: true, Header: true},
		Schema: tableSchema{
			Fields:        schemaFields(cols),
			MissingValues: []string{""},
			PrimaryKey:    []string{key},
			ForeignKeys:   fks,
		},
	}
}

func schemaFields(cols []format.Column) []tsField {
	out := make([]tsField, len(cols))
	for i, c := range cols {
		f := tsField{Name: c.Name, Type: c.Type, Description: c.Description}
		cons := tsConstraints{Required: c.Required, Unique: c.Unique, Enum: c.Enum, Pattern: c.Pattern}
		if c.NonNegative {
			zero := 0
			cons.Minimum = &zero
		}
		if cons.Required || cons.Unique || cons.Enum != nil || cons.Pattern != "" || cons.Minimum != nil {
			f.Constraints = &cons
		}
		out[i] = f
	}
	return out
}
