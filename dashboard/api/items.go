package api

import (
	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// The shapes the API answers with, converted from stored values. The
// fields of a figure and a source are internal/format's, shared with the
// export files and the importer; what is here exists only on the wire of
// the API: the paging envelope, the history attached to one entity, and
// the version a source update must name.

// list is the envelope of every API list: the items, the total matching
// the filter, and the paging that produced them.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit,omitempty"`
	Offset int `json:"offset"`
}

// figurePage is a page of figures with the links to the pages around it:
// keyset cursors, which stay fast however deep the page.
type figurePage struct {
	list[format.FigureJSON]
	Next string `json:"next,omitempty"`
	Prev string `json:"prev,omitempty"`
}

// figureDetail is one figure with its history.
type figureDetail struct {
	format.FigureJSON
	Revisions []models.Revision `json:"revisions"`
}

// sourceItem is a source as the API shows it: the export's fields, with
// the version an update must name.
type sourceItem struct {
	format.SourceJSON
}

// newSourceItem converts a stored source.
func newSourceItem(s *models.Source) sourceItem {
	return sourceItem{SourceJSON: format.NewSourceJSON(s)}
}

// sourceDetail is one source with its history.
type sourceDetail struct {
	sourceItem
	Revisions []models.Revision `json:"revisions"`
}
