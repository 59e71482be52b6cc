package models

// FigureView is a figure together with the metric and the source it refers
// to: what a reader, a chart or an export row needs in one value.
type FigureView struct {
	Figure Figure
	Metric Metric
	Source Source
}

// Batch is a set of metrics, sources and figures written together, as one
// transaction: an import file, the seed data, a form with its parts.
// Entries are matched to stored ones by their stable keys.
type Batch struct {
	Metrics []Metric
	Sources []Source
	Figures []Figure
	// CreateOnly leaves entries whose key is already stored as they are
	// (counted as unchanged): the seed data uses it, so that re-seeding adds
	// what is new without reverting an editor's corrections.
	CreateOnly bool
	// Overwrite lets an entry without a version (no optimistic lock)
	// change a stored figure or source; each such change is recorded with
	// the reason ReasonOverwrite. Without it such an entry is refused: a
	// file that does not say which version it was made from may be older
	// than the tracker.
	Overwrite bool
	// Restore lets an entry restore a retracted figure (status draft or
	// published) when it carries the figure's current version, that is
	// when it was made from the retracted figure and changed on purpose.
	// The import sets it when the editor gave a reason, which the restore
	// revision records.
	Restore bool
	// FigureOmitted and SourceOmitted list, by key, the fields an entry
	// did not give at all (a YAML or JSON key left out): an update keeps
	// the stored values of those fields. A field given empty clears it.
	FigureOmitted map[string][]string
	SourceOmitted map[string][]string
	// Report, if not nil, is called with the field-level difference of
	// every entity the batch updates, in the order they are written (on a
	// dry run too): what `import --dry-run` prints.
	Report func(EntryChange)
}

// ReasonOverwrite is the reason recorded for a change an entry without a
// version made to a stored figure or source, under Batch.Overwrite.
const ReasonOverwrite = "import overwrite"

// EntryChange is the field-level difference an entry of a batch makes to a
// stored entity.
type EntryChange struct {
	Entity string        `json:"entity"` // EntityFigure, EntitySource or EntityMetric
	Key    string        `json:"id"`
	Fields []FieldChange `json:"fields"`
}

// BatchResult counts what applying a batch did (or, on a dry run, would do).
type BatchResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Change says who makes a change and why; every revision records it.
type Change struct {
	Editor string
	Reason string
}
