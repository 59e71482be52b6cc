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
