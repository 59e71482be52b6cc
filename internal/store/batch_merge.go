package store

import (
	"encoding/json"
	"fmt"

	"forcedreturns/models"
)

// Imports never destroy silently: an entry is merged onto the stored
// entity it updates before it is checked (fields it left out keep their
// stored values, recorded verification survives an unchanged quote), and
// the checks refuse a change nobody asked for (checkOverwrite).

// figureMergers copy one field of a figure from the stored one, by the
// name an import file gives it; the fields a figure cannot be valid
// without (its numbers, period, metric, source, quote) are not here: an
// entry leaving them out is refused when it is read.
var figureMergers = map[string]func(f, old *models.Figure){
	"value_text":      func(f, old *models.Figure) { f.ValueText = old.ValueText },
	"unit":            func(f, old *models.Figure) { f.Unit = old.Unit },
	"location":        func(f, old *models.Figure) { f.Location = old.Location },
	"acting_state":    func(f, old *models.Figure) { f.ActingState = old.ActingState },
	"receiving_state": func(f, old *models.Figure) { f.ReceivingState = old.ReceivingState },
	"subgroup_of":     func(f, old *models.Figure) { f.SubgroupOf = old.SubgroupOf },
	"share_of":        func(f, old *models.Figure) { f.ShareOf = old.ShareOf },
	"derived":         func(f, old *models.Figure) { f.Derived = old.Derived },
	"formula":         func(f, old *models.Figure) { f.Formula = old.Formula },
	"status":          func(f, old *models.Figure) { f.Status = old.Status },
	"retract_reason":  func(f, old *models.Figure) { f.RetractReason = old.RetractReason },
	"notes":           func(f, old *models.Figure) { f.Notes = old.Notes },
}

// sourceMergers is figureMergers for a source.
var sourceMergers = map[string]func(s, old *models.Source){
	"title":              func(s, old *models.Source) { s.Title = old.Title },
	"title_en":           func(s, old *models.Source) { s.TitleEn = old.TitleEn },
	"title_ko":           func(s, old *models.Source) { s.TitleKo = old.TitleKo },
	"kind":               func(s, old *models.Source) { s.Kind = old.Kind },
	"publisher":          func(s, old *models.Source) { s.Publisher = old.Publisher },
	"authors":            func(s, old *models.Source) { s.Authors = old.Authors },
	"author_affiliation": func(s, old *models.Source) { s.AuthorAffiliation = old.AuthorAffiliation },
	"published_on": func(s, old *models.Source) {
		s.PublishedOn, s.PublishedPrecision = old.PublishedOn, old.PublishedPrecision
	},
	"url":         func(s, old *models.Source) { s.URL = old.URL },
	"archive_url": func(s, old *models.Source) { s.ArchiveURL = old.ArchiveURL },
	"language":    func(s, old *models.Source) { s.Language = old.Language },
	"accessed_on": func(s, old *models.Source) { s.AccessedOn = old.AccessedOn },
	"text_sha256": func(s, old *models.Source) { s.TextSHA256 = old.TextSHA256 },
	"notes":       func(s, old *models.Source) { s.Notes = old.Notes },
	"original":    func(s, old *models.Source) { s.Original = old.Original },
}

// metricMergers is figureMergers for a metric: only its Korean texts may
// be left out (a metrics file made before they existed).
var metricMergers = map[string]func(m, old *models.Metric){
	"label_ko":      func(m, old *models.Metric) { m.LabelKo = old.LabelKo },
	"definition_ko": func(m, old *models.Metric) { m.DefinitionKo = old.DefinitionKo },
}

// mergeMetric completes the entry m from the stored metric old.
func mergeMetric(m, old *models.Metric, omitted []string) {
	for _, name := range omitted {
		if f := metricMergers[name]; f != nil {
			f(m, old)
		}
	}
}

// mergeFigure completes the entry f from the stored figure old: the fields
// the entry left out keep their stored values, and so do the quote's
// offsets (the record that the quote was found in the source's text) when
// the entry gives none and quotes the same sentence of the same source. A
// changed quote keeps no offsets but its own: the stored ones point at
// another sentence.
func mergeFigure(f, old *models.Figure, omitted []string) {
	for _, name := range omitted {
		if m := figureMergers[name]; m != nil {
			m(f, old)
		}
	}
	if f.QuoteStart == nil && f.QuoteEnd == nil && f.Quote == old.Quote && f.Source == old.Source {
		f.QuoteStart, f.QuoteEnd = clonePtr(old.QuoteStart), clonePtr(old.QuoteEnd)
	}
}

// mergeSource is mergeFigure for a source; an empty text_sha256 keeps the
// stored one too: the hash records the source's stored text, which an
// import does not touch.
func mergeSource(s, old *models.Source, omitted []string) {
	for _, name := range omitted {
		if m := sourceMergers[name]; m != nil {
			m(s, old)
		}
	}
	if s.TextSHA256 == "" {
		s.TextSHA256 = old.TextSHA256
	}
}

func clonePtr(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// checkOverwrite refuses, for an entry that would change the stored
// entity what (a figure or a source) named key, a change the file cannot
// vouch for: an entry without a version, unless the batch overwrites.
func checkOverwrite(what, key string, version int, overwrite bool, prefix string, p *models.Problems) {
	if version == 0 && !overwrite {
		p.Add(prefix+"version", "%s %q is already in the tracker and this entry would change it, but the entry has no version, so the file may be older than the tracker: export again and edit that file, or import with --overwrite to replace the tracker's %s (each change is recorded with the reason %q)",
			what, key, what, models.ReasonOverwrite)
	}
}

// checkRestore refuses an entry that would restore the retracted figure
// old unless it asks for it: it carries old's version (it was made from
// the retracted figure, then its status changed) and the batch may
// restore (the import was given a reason).
func checkRestore(f, old *models.Figure, restore bool, prefix string, p *models.Problems) {
	if old.Status != models.StatusRetracted || f.Status == models.StatusRetracted {
		return
	}
	if f.Version != old.Version || !restore {
		p.Add(prefix+"status", "figure %q is retracted in the tracker (%s) and this entry would make it %s again: an import restores a retracted figure only from an entry carrying its current version (%d), that is an export of the retracted figure whose status you changed, and with --reason saying why",
			f.Key, old.RetractReason, f.Status, old.Version)
	}
}

// changeReason is the reason recorded for an update by an entry of the
// given version: an entry without one overwrites.
func changeReason(c models.Change, version int) models.Change {
	if version == 0 {
		c.Reason = models.ReasonOverwrite
	}
	return c
}

// reportChange calls report, if not nil, with the fields that differ
// between old and new (any models value whose JSON names its fields).
func reportChange(report func(models.EntryChange), entity, key string, old, new any) error {
	if report == nil {
		return nil
	}
	a, err := json.Marshal(old)
	if err != nil {
		return err
	}
	b, err := json.Marshal(new)
	if err != nil {
		return err
	}
	fields, err := models.DiffSnapshots(string(a), string(b))
	if err != nil {
		return fmt.Errorf("diff %s %q: %w", entity, key, err)
	}
	report(models.EntryChange{Entity: entity, Key: key, Fields: fields})
	return nil
}
