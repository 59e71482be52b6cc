package store

import (
	"gorm.io/gorm"

	"forcedreturns/models"
)

// world answers the questions reference checks ask (does this metric
// exist, what does that figure say) as they will be once the pending
// change is written: entries of the batch being applied take precedence
// over stored rows, which are read once and cached.
type world struct {
	s           *Store
	tx          *gorm.DB
	metrics     map[string]*string // slug → unit; a nil value: known not to exist
	sources     map[string]bool
	originals   map[string]originalRef    // by source key
	figures     map[string]*models.Figure // a nil value: known not to exist
	derivedFigs []models.Figure           // every stored derived figure, once read
	derivedRead bool
}

func (s *Store) newWorld(tx *gorm.DB) *world {
	return &world{s: s, tx: tx, metrics: map[string]*string{}, sources: map[string]bool{}, originals: map[string]originalRef{}, figures: map[string]*models.Figure{}}
}

// metricUnit returns the unit of the metric slug, and whether it exists.
func (w *world) metricUnit(slug string) (string, bool, error) {
	if unit, seen := w.metrics[slug]; seen {
		return deref(unit), unit != nil, nil
	}
	var units []string
	if err := w.tx.Table("metrics").Where("slug = ?", slug).Limit(1).Pluck("unit", &units).Error; err != nil {
		return "", false, err
	}
	if len(units) == 0 {
		w.metrics[slug] = nil
		return "", false, nil
	}
	w.metrics[slug] = &units[0]
	return units[0], true, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (w *world) hasSource(key string) (bool, error) {
	if ok, seen := w.sources[key]; seen {
		return ok, nil
	}
	var n int64
	if err := w.tx.Table("sources").Where("key = ?", key).Count(&n).Error; err != nil {
		return false, err
	}
	w.sources[key] = n > 0
	return n > 0, nil
}

// figure returns the figure with key, or nil if there is none.
func (w *world) figure(key string) (*models.Figure, error) {
	if f, seen := w.figures[key]; seen {
		return f, nil
	}
	if err := w.preloadFigures([]string{key}); err != nil {
		return nil, err
	}
	return w.figures[key], nil
}

// derived returns the stored derived figures. They are few (a derivation
// is an editor's deliberate act), so reading them all once per transaction
// beats searching formulas for each changed figure; a partial index
// (migration 2) finds them without scanning the table.
func (w *world) derived() ([]models.Figure, error) {
	if !w.derivedRead {
		figs, err := w.s.loadFiguresWhere(w.tx, "f.derived")
		if err != nil {
			return nil, err
		}
		w.derivedFigs, w.derivedRead = figs, true
	}
	return w.derivedFigs, nil
}

// preloadFigures reads the stored figures among keys in a few queries
// rather than one per reference.
func (w *world) preloadFigures(keys []string) error {
	var missing []string
	for _, k := range keys {
		if _, seen := w.figures[k]; !seen {
			missing = append(missing, k)
		}
	}
	found, err := w.s.loadFigures(w.tx, missing, false)
	if err != nil {
		return err
	}
	for _, k := range missing {
		w.figures[k] = nil
	}
	for i := range found {
		w.figures[found[i].Key] = &found[i]
	}
	return nil
}

// fieldSet lists the fields an *models.Error complains about, so that a
// reference is looked up only when it is at least well formed.
func fieldSet(err error) map[string]bool {
	set := map[string]bool{}
	for _, f := range models.FieldErrors(err) {
		set[f.Field] = true
	}
	return set
}

// checkFigure validates f on its own and against the world, adding every
// problem to p with field names prefixed. old is the stored figure when f
// replaces one, so that figures depending on it are checked too; inBatch
// tells which figures are rewritten alongside (they are checked in their
// own right). Only database failures are returned.
func (w *world) checkFigure(f, old *models.Figure, prefix string, p *models.Problems, inBatch map[string]bool) error {
	verr := f.Validate()
	p.Prefix(prefix, verr)
	bad := fieldSet(verr)
	if !bad["metric"] {
		unit, ok, err := w.metricUnit(f.Metric)
		if err != nil {
			return err
		}
		if !ok {
			p.Add(prefix+"metric", "unknown metric %q: add it to the metrics first", f.Metric)
		} else if !bad["unit"] {
			p.Prefix(prefix, f.CheckUnit(unit))
		}
	}
	if !bad["source"] {
		ok, err := w.hasSource(f.Source)
		if err != nil {
			return err
		}
		if !ok {
			p.Add(prefix+"source", "unknown source %q: add the source first", f.Source)
		}
	}
	if f.SubgroupOf != "" && !bad["subgroup_of"] {
		if err := w.checkSubgroup(f, prefix, p); err != nil {
			return err
		}
	}
	if f.ShareOf != "" && !bad["share_of"] {
		if err := w.checkShare(f, prefix, p); err != nil {
			return err
		}
	}
	if f.Derived && !bad["formula"] {
		if err := w.checkFormula(f, prefix, p, bad); err != nil {
			return err
		}
	}
	if old != nil {
		return w.checkDependents(f, old, prefix, p, inBatch)
	}
	return nil
}

func (w *world) checkSubgroup(f *models.Figure, prefix string, p *models.Problems) error {
	parent, err := w.figure(f.SubgroupOf)
	if err != nil {
		return err
	}
	if parent == nil {
		p.Add(prefix+"subgroup_of", "unknown figure %q: subgroup_of names the figure this one is part of", f.SubgroupOf)
		return nil
	}
	if parent.Metric != f.Metric {
		p.Add(prefix+"subgroup_of", "figure %q counts %s and this one %s: a subgroup counts the same metric as its parent", parent.Key, parent.Metric, f.Metric)
	}
	if parent.Unit != f.Unit {
		p.Add(prefix+"subgroup_of", "figure %q is in %s and this one in %s: a subgroup is counted in its parent's unit (a percentage of a figure is a share: give share_of)", parent.Key, parent.Unit, f.Unit)
	}
	if f.Status.Public() && !parent.Status.Public() {
		p.Add(prefix+"subgroup_of", "figure %q is a %s: a %s figure can only be part of a published or retracted one (readers would see the draft through it); publish %q first", parent.Key, parent.Status, f.Status, parent.Key)
	}
	// Walk up the chain: a figure must not end up a subgroup of itself.
	chain := f.Key + " → " + parent.Key
	for depth := 0; parent != nil && parent.SubgroupOf != "" && depth < 100; depth++ {
		chain += " → " + parent.SubgroupOf
		if parent.SubgroupOf == f.Key {
			p.Add(prefix+"subgroup_of", "would make a cycle: %s", chain)
			return nil
		}
		if parent, err = w.figure(parent.SubgroupOf); err != nil {
			return err
		}
	}
	return nil
}

// checkShare requires the figure a share is of to exist and to fit it
// (models.Figure.CheckShareBase), and, as for a subgroup's parent, a
// public share never to lean on a draft.
func (w *world) checkShare(f *models.Figure, prefix string, p *models.Problems) error {
	base, err := w.figure(f.ShareOf)
	if err != nil {
		return err
	}
	if base == nil {
		p.Add(prefix+"share_of", "unknown figure %q: share_of names the figure this one is a percentage of", f.ShareOf)
		return nil
	}
	p.Prefix(prefix, f.CheckShareBase(*base))
	if f.Status.Public() && !base.Status.Public() {
		p.Add(prefix+"share_of", "figure %q is a %s: a %s figure can only be a share of a published or retracted one (readers would see the draft through it); publish %q first", base.Key, base.Status, f.Status, base.Key)
	}
	return nil
}

// checkFormula requires every figure the formula names to exist with a
// single value, and the derived figure's value to be what the formula
// gives: a stored derivation that no longer adds up would mislead.
func (w *world) checkFormula(f *models.Figure, prefix string, p *models.Problems, bad map[string]bool) error {
	expr, err := models.ParseFormula(f.Formula)
	if err != nil {
		return nil // Validate reported it
	}
	for _, ref := range expr.Refs() {
		if rf, err := w.figure(ref); err != nil {
			return err
		} else if rf != nil && rf.Unit != f.Unit {
			p.Add(prefix+"formula", "{%s} is in %s and this figure in %s: a formula never mixes units", ref, rf.Unit, f.Unit)
		}
	}
	if f.Status.Public() {
		for _, ref := range expr.Refs() {
			if rf, err := w.figure(ref); err != nil {
				return err
			} else if rf != nil && !rf.Status.Public() {
				p.Add(prefix+"formula", "{%s} is a %s: a %s figure can only be derived from published or retracted ones (its value would show the draft's); publish %q first", ref, rf.Status, f.Status, ref)
			}
		}
	}
	values, complete, err := w.formulaValues(expr, func(format string, args ...any) {
		p.Add(prefix+"formula", format, args...)
	})
	if err != nil || !complete {
		return err
	}
	if f.Qualifier == models.QualRange {
		p.Add(prefix+"qualifier", "a derived figure has one value, not a range")
		return nil
	}
	if bad["value"] || !f.Qualifier.HasNumber() { // Validate refuses a derived figure without a number
		return nil
	}
	if want, _ := expr.Eval(values); want != f.Value {
		p.Add(prefix+"value", "expected %s = %s (%s), got %s",
			models.FormatInt(want), expr.Explain(values), expr.String(), models.FormatInt(f.Value))
	}
	return nil
}

// formulaValues looks up the values of the figures expr refers to,
// reporting each missing or unusable one; complete is false if any was.
func (w *world) formulaValues(expr models.Formula, report func(string, ...any)) (map[string]int64, bool, error) {
	values := map[string]int64{}
	complete := true
	for _, ref := range expr.Refs() {
		rf, err := w.figure(ref)
		if err != nil {
			return nil, false, err
		}
		switch {
		case rf == nil:
			report("refers to unknown figure {%s}", ref)
			complete = false
		case rf.Qualifier == models.QualRange:
			report("{%s} is a range (%s): a formula can only use figures with one value", ref, rf.ValueLabel())
			complete = false
		case !rf.Qualifier.HasNumber():
			report("{%s} gives no number (%s): a formula can only use figures with one value", ref, rf.ValueLabel())
			complete = false
		default:
			values[ref] = rf.Value
		}
	}
	return values, complete, nil
}

// checkDependents looks at stored figures that lean on f: derived figures
// whose formula uses it must still add up with f's new value, and
// subgroups must still count f's metric. Figures rewritten in the same
// batch are skipped here, being checked themselves against the new world.
func (w *world) checkDependents(f, old *models.Figure, prefix string, p *models.Problems, inBatch map[string]bool) error {
	if old.Value != f.Value || old.Qualifier != f.Qualifier {
		deps, err := w.derived()
		if err != nil {
			return err
		}
		for i := range deps {
			d := &deps[i]
			if inBatch[d.Key] {
				continue
			}
			expr, err := models.ParseFormula(d.Formula)
			if err != nil || !containsRef(expr, f.Key) {
				continue
			}
			values, complete, err := w.formulaValues(expr, func(string, ...any) {})
			if err != nil {
				return err
			}
			if !complete {
				switch {
				case f.Qualifier == models.QualRange:
					p.Add(prefix+"qualifier", "figure %q is derived from this one (%s), which needs one value, not a range", d.Key, expr.String())
				case !f.Qualifier.HasNumber():
					p.Add(prefix+"qualifier", "figure %q is derived from this one (%s), which needs one value, not words without a number", d.Key, expr.String())
				}
				continue
			}
			if want, _ := expr.Eval(values); want != d.Value {
				p.Add(prefix+"value", "figure %q is derived from this one as %s = %s: it says %s, so this value would make it wrong; change both in one batch",
					d.Key, expr.String(), expr.Explain(values), models.FormatInt(d.Value))
			}
		}
	}
	if old.Status.Public() && !f.Status.Public() {
		if err := w.checkPublicDependents(f, prefix, p, inBatch); err != nil {
			return err
		}
	}
	if err := w.checkShares(f, old, prefix, p, inBatch); err != nil {
		return err
	}
	if old.Metric != f.Metric {
		kids, err := w.s.loadFiguresWhere(w.tx, "f.subgroup_of = ? AND f.metric <> ?", f.Key, f.Metric)
		if err != nil {
			return err
		}
		for _, k := range kids {
			if !inBatch[k.Key] {
				p.Add(prefix+"metric", "figure %q is a subgroup of this one and counts %s: a subgroup counts the same metric as its parent", k.Key, k.Metric)
			}
		}
	}
	return nil
}

// checkShares requires the stored shares of f to fit it still when an
// update changes what they rest on: its metric, states, kind, period or
// unit, or whether it is a share itself.
func (w *world) checkShares(f, old *models.Figure, prefix string, p *models.Problems, inBatch map[string]bool) error {
	if old.Metric == f.Metric && old.Kind == f.Kind && old.Period == f.Period && old.Unit == f.Unit && old.ShareOf == f.ShareOf &&
		old.ActingState == f.ActingState && old.ReceivingState == f.ReceivingState {
		return nil
	}
	shares, err := w.s.loadFiguresWhere(w.tx, "f.share_of = ?", f.Key)
	if err != nil {
		return err
	}
	for _, sh := range shares {
		if inBatch[sh.Key] {
			continue
		}
		for _, fe := range models.FieldErrors(sh.CheckShareBase(*f)) {
			field := fe.Field
			if field == "share_of" {
				field = "unit" // this figure would become a percentage
				if f.ShareOf != "" {
					field = "share_of"
				}
			}
			p.Add(prefix+field, "figure %q is a share of this one, which it would no longer fit (its %s %s); change both in one batch", sh.Key, fe.Field, fe.Message)
		}
	}
	return nil
}

func containsRef(expr models.Formula, key string) bool {
	for _, r := range expr.Refs() {
		if r == key {
			return true
		}
	}
	return false
}

// checkPublicDependents refuses to unpublish f while published or
// retracted figures lean on it (as its subgroups, its shares or through a
// formula):
// they would show the draft to every reader.
func (w *world) checkPublicDependents(f *models.Figure, prefix string, p *models.Problems, inBatch map[string]bool) error {
	kids, err := w.s.loadFiguresWhere(w.tx, "f.subgroup_of = ? OR f.share_of = ?", f.Key, f.Key)
	if err != nil {
		return err
	}
	deps, err := w.derived()
	if err != nil {
		return err
	}
	for i := range deps {
		if expr, err := models.ParseFormula(deps[i].Formula); err == nil && containsRef(expr, f.Key) {
			kids = append(kids, deps[i])
		}
	}
	for _, k := range kids {
		if inBatch[k.Key] || !k.Status.Public() {
			continue
		}
		p.Add(prefix+"status", "figure %q (%s) is part of, a share of or derived from this one: a figure that public figures lean on cannot become a %s; unpublish %q first, or change both in one batch", k.Key, k.Status, f.Status, k.Key)
	}
	return nil
}
