package models

import "strings"

// FigureView is a figure together with the metric and the source it refers
// to: what a reader, a chart or an export row needs in one value.
type FigureView struct {
	Figure Figure
	Metric Metric
	Source Source
	// Original is the source Source carries (Source.Original), with what
	// a caption and a link to it need: its key, title, publisher and
	// publication date. It is the zero Source when Source carries none.
	Original Source
	// Count is how the figure may be added up with the others (the
	// export's countable, group and counted_in columns), when it was read
	// with checks.Counting's answer for the current figures
	// (store.EachFigureCounted, or an export that worked it out); the zero
	// value otherwise.
	Count FigureCount
}

// FigureCount says how a figure may be added up with others: the export's
// countable, group and counted_in columns (checks.Counting works it out;
// checks.Count is this type).
type FigureCount struct {
	// Countable is true for exactly the figures a per-metric sum may
	// include (see checks.Counting).
	Countable bool `json:"countable"`
	// Group is the id of the reported quantity the figure is a report of:
	// reports of the same event share it. It is the figure_id of the
	// group's countable report. Empty for retracted and draft figures,
	// which belong to no group.
	Group string `json:"group"`
	// CountedIn is the group id of the countable figure that counts these
	// people in a sum instead of this one; empty for a countable figure and
	// for one nothing else counts (retracted, draft, or resting on a
	// retracted input).
	CountedIn string `json:"counted_in"`
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
	// MetricOmitted is the same for metrics, by slug: a metrics file made
	// before metrics had Korean texts leaves the stored ones as they are.
	MetricOmitted map[string][]string
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

// CreditIn names, in language l, who reported the figure and the outlet
// that published it: "Human Rights Watch, via Refugees Deeply", or the
// reporter alone when the reporter is the publisher ("Monitor Group",
// never "Monitor Group, via Monitor Group"). When the source carries
// another's report, the outlet is written as CarriageIn writes it:
// "Monitor Group (3 Mar 2021), as carried by Outlet", the reporter named
// first only when it is not the original's publisher. In Korean the
// outlet follows as where the report appeared, as CarriageIn names a
// carrier: "Human Rights Watch, Refugees Deeply 게재", and a carried
// source "Human Rights Watch, Monitor Group(2021년 3월 3일), Outlet 전재".
// wrap, when not nil, is applied to each stored name (to isolate it,
// say) before they are joined. Every page, chart, tooltip and embed
// credits a figure with it.
func (v FigureView) CreditIn(l Lang, wrap func(string) string) string {
	if wrap == nil {
		wrap = plain
	}
	ko := l != English
	r := strings.TrimSpace(v.Figure.ReportedBy)
	if !carries(v.Original) {
		p := strings.TrimSpace(v.Source.Publisher)
		switch {
		case p == "" || strings.EqualFold(r, p):
			return wrap(r)
		case r == "":
			return wrap(p)
		case ko:
			return wrap(r) + ", " + wrap(p) + " 게재"
		}
		return wrap(r) + ", via " + wrap(p)
	}
	c := CarriageIn(l, v.Source, v.Original, wrap)
	if r == "" || strings.EqualFold(r, strings.TrimSpace(v.Original.Publisher)) {
		return c
	}
	if ko {
		return wrap(r) + ", " + c
	}
	return wrap(r) + ", via " + c
}

// Carriage names who published a source: its publisher, or, when it
// carries another source's report (original, the zero Source for none),
// the original's publisher and date first, then the outlet that carried
// it: "Monitor Group (3 Mar 2021), as carried by Outlet". The date is
// written at the original's precision ("Mar 2021"). An outlet that is the
// original's publisher is not named twice: "Monitor Group (3 Mar 2021),
// republished", never "Monitor Group, as carried by Monitor Group". wrap,
// when not nil, is applied to each stored name. CreditIn, citations and
// chart source lines all write a carried source this way.
func Carriage(carrier, original Source, wrap func(string) string) string {
	return CarriageIn(English, carrier, original, wrap)
}

// CarriageIn is Carriage in language l. In Korean the original's date is
// written in Korean form and the outlet follows as its carrier: "Monitor
// Group(2021년 3월 3일), Outlet 전재", "Monitor Group(2021년 3월 3일),
// 재게재".
func CarriageIn(l Lang, carrier, original Source, wrap func(string) string) string {
	if wrap == nil {
		wrap = plain
	}
	p := strings.TrimSpace(carrier.Publisher)
	if !carries(original) {
		return wrap(p)
	}
	op := strings.TrimSpace(original.Publisher)
	out := wrap(op)
	ko := l != English
	if ko {
		if d := original.Published().LabelIn(l); d != "" {
			out += "(" + d + ")"
		}
	} else if d := original.PublishedShort(); d != "" {
		out += " (" + d + ")"
	}
	switch {
	case p == "":
	case strings.EqualFold(p, op) && ko:
		out += ", 재게재"
	case strings.EqualFold(p, op):
		out += ", republished"
	case ko:
		out += ", " + wrap(p) + " 전재"
	default:
		out += ", as carried by " + wrap(p)
	}
	return out
}

// carries reports whether original is a source a caption can name: one
// with a publisher.
func carries(original Source) bool {
	return original.Key != "" && strings.TrimSpace(original.Publisher) != ""
}

func plain(s string) string { return s }

// CountsUpdate is the stored countable columns brought up to date for
// the subjects written since they were stored (store.CountsDelta): a
// download streams the stored answer with it laid over, and the store
// keeps it (store.SaveCountsDelta). Only the store looks inside.
type CountsUpdate interface{ UpdatesCounts() }
