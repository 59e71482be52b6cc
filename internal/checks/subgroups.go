package checks

import (
	"sort"
	"strings"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// subgroups checks, for every figure that has subgroups ("a newborn baby,
// 11 other children and four older women" among the 92), that each
// subgroup and their sum fit within it. Subgroups of one figure are read as
// distinct groups, as reports list them; a report whose subgroups overlap
// (children, girls) would make the sum count some people twice, which the
// mismatch note says. Documented counts are read as counts: the subgroups
// are drawn from the cases the parent counts; so a subgroup of a
// documented count is itself documented, and one given as exact gets a
// note (not a mismatch: the arithmetic holds, and the source may say the
// subgroup is complete).
//
// A subgroup or a parent that gives no number (models.Qualifier.HasNumber)
// takes part in everything but the arithmetic: the parent must exist and
// be published, and each subgroup's period must lie within the parent's.
// Its words are never added: a sum is of the subgroups with a number, and
// when a number is missing on either side the result can say that the
// numbers do not fit (a mismatch) but never that they do.
func subgroups(ms Metrics, published []models.Figure, all map[string]models.Figure) []Result {
	children := map[string][]models.Figure{}
	var parents []string
	for _, f := range published {
		if f.SubgroupOf == "" {
			continue
		}
		if _, ok := children[f.SubgroupOf]; !ok {
			parents = append(parents, f.SubgroupOf)
		}
		children[f.SubgroupOf] = append(children[f.SubgroupOf], f)
	}
	sort.Strings(parents)
	var out []Result
	for _, key := range parents {
		kids := children[key]
		sort.SliceStable(kids, func(i, j int) bool { return lessFigure(kids[i], kids[j]) })
		out = append(out, subgroupResult(ms, key, all, kids))
	}
	return out
}

func subgroupResult(ms Metrics, key string, all map[string]models.Figure, kids []models.Figure) Result {
	res := Result{Kind: KindSubgroups, Figures: []string{key}}
	var numbered, noNumber []models.Figure
	ins := make([]Interval, len(kids)) // AtLeast(0), any number, for a subgroup without one
	var sums []Interval
	for i, k := range kids {
		res.Figures = append(res.Figures, k.Key)
		if !k.Qualifier.HasNumber() {
			noNumber = append(noNumber, k)
			ins[i] = AtLeast(0)
			continue
		}
		numbered = append(numbered, k)
		ins[i] = countOf(k.Quantity())
		sums = append(sums, ins[i])
	}
	sum := Sum(sums...)
	expr := func(l models.Lang) string {
		if len(numbered) == 0 {
			return joinAnd(l, mapFigs(kids, func(k models.Figure) string { return namedIn(l, k) }))
		}
		return sumText(mapFigs(numbered, func(k models.Figure) string { return plainIn(l, k) }), sum)
	}

	parent, ok := all[key]
	switch {
	case !ok:
		res.setTitle(func(l models.Lang) string { return i18n.T(l, "result.subgroups.title_key", "Key", key) })
		res.Status = Unknown
		res.explain(func(l models.Lang) string { return i18n.T(l, "result.subgroups.missing", "Expr", expr(l), "Key", key) })
		return res
	case !parent.Published():
		res.setTitle(func(l models.Lang) string { return i18n.T(l, "result.subgroups.title_key", "Key", key) })
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.not_published", "Expr", expr(l), "Key", key, "Status", statusName(l, parent.Status))
		})
		if parent.RetractReason != "" {
			res.note(func(l models.Lang) string {
				return i18n.T(l, "result.retracted_because", "Reason", parent.RetractReason)
			})
		}
		return res
	}
	parentNumber := parent.Qualifier.HasNumber()
	pq := AtLeast(0)
	if parentNumber {
		pq = countOf(parent.Quantity())
	}
	whole := func(l models.Lang) string {
		return i18n.T(l, "result.whole", "Value", plainIn(l, parent), "Metric", ms.Name(l, parent.Metric), "Population", parent.Population,
			"Period", periodIn(l, parent.Period, parent.Kind))
	}
	res.setTitle(func(l models.Lang) string {
		return i18n.T(l, "result.subgroups.title", "Value", plainIn(l, parent), "Metric", ms.Name(l, parent.Metric), "Population", parent.Population,
			"Period", periodIn(l, parent.Period, parent.Kind))
	})
	for _, k := range kids {
		res.note(func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.kid", "Value", plainIn(l, k), "Population", k.Population)
		})
	}

	var outside, doubtful, tooBig, units []models.Figure
	for i, k := range kids {
		if k.Unit != parent.Unit {
			units = append(units, k)
		}
		r := Relate(k.Period, parent.Period)
		switch {
		case r.Only(Inside):
		case r.Has(Inside):
			doubtful = append(doubtful, k)
		default:
			outside = append(outside, k)
		}
		if ins[i].Low > pq.High {
			tooBig = append(tooBig, k)
		}
		if k.Metric != parent.Metric {
			res.note(func(l models.Lang) string {
				return i18n.T(l, "result.subgroups.metric", "Population", k.Population, "Metric", ms.Name(l, k.Metric), "ParentMetric", ms.Name(l, parent.Metric))
			})
		}
		if k.Qualifier == models.QualExact && parent.Qualifier == models.QualDocumented {
			res.note(func(l models.Lang) string { return i18n.T(l, "result.subgroups.exact", "Population", k.Population) })
		}
	}
	withPeriod := func(l models.Lang, fs []models.Figure) string {
		return strings.Join(mapFigs(fs, func(k models.Figure) string { return k.Population + " (" + periodIn(l, k.Period, k.Kind) + ")" }), "; ")
	}
	// What cannot be compared for want of a number, said once.
	var cannot W
	switch {
	case !parentNumber:
		cannot = func(l models.Lang) string { return i18n.T(l, "result.subgroups.no_parent_number") }
	case len(noNumber) > 0:
		cannot = func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.no_number", "Names", joinAnd(l, mapFigs(noNumber, func(k models.Figure) string { return k.Population })))
		}
	}
	switch {
	case len(units) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			in := mapFigs(units, func(k models.Figure) string {
				return i18n.T(l, "result.subgroups.in_unit", "Population", k.Population, "Unit", k.Unit)
			})
			return i18n.T(l, "result.subgroups.units", "Whole", whole(l), "Unit", parent.Unit, "Others", joinAnd(l, in))
		})
	case len(tooBig) > 0:
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			big := joinAnd(l, mapFigs(tooBig, func(k models.Figure) string { return namedIn(l, k) }))
			return i18n.T(l, "result.subgroups.too_big", "Subgroups", big, "Whole", whole(l))
		})
	case len(outside) > 0:
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.outside", "Expr", expr(l), "Whole", whole(l), "Outside", withPeriod(l, outside))
		})
	case sum.Low > pq.High:
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.more", "Expr", expr(l), "Whole", whole(l))
		})
		res.note(func(l models.Lang) string { return i18n.T(l, "result.subgroups.overlap") })
	case len(doubtful) > 0:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.doubtful", "Expr", expr(l), "Whole", whole(l), "Doubtful", withPeriod(l, doubtful))
		})
		if cannot != nil {
			res.note(func(l models.Lang) string { return i18n.T(l, "result.subgroups.besides", "Cannot", cannot(l)) })
		}
	case cannot != nil:
		res.Status = Unknown
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.cannot", "Expr", expr(l), "Whole", whole(l), "Cannot", cannot(l))
		})
	case sum.High <= pq.Low:
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.fit", "Expr", expr(l), "Parent", pq.String(), "Whole", whole(l))
		})
	default:
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.subgroups.can_fit", "Expr", expr(l), "Parent", pq.String(), "Whole", whole(l))
		})
	}
	return res
}

// namedIn writes a subgroup with its number in language l: "4 older
// women", "older women 4".
func namedIn(l models.Lang, k models.Figure) string {
	return i18n.T(l, "result.subgroups.named", "Value", plainIn(l, k), "Population", k.Population)
}

// mapFigs writes each figure with write.
func mapFigs(fs []models.Figure, write func(models.Figure) string) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = write(f)
	}
	return out
}

// NotNamed returns the people a figure's named subgroups leave out: its
// total minus the subgroups, each read as the subgroups check reads it
// (countOf: a documented count is the cases it counts), and qualified as
// the total is, so that a bound carries over ("at least 92" less 16 named
// is "at least 76", "more than" and "at most" likewise; what is left of a
// documented count is documented, as its subgroups are). It is known (ok)
// only when the total is a single number with at most one bound and every
// subgroup a count (exact or documented) that together fit within it:
// "about", a range, a bound on a subgroup or a subgroup that gives no
// number leave the rest unknown, and the tracker never shows a guess.
// What shows the rest (the groups chart, its table, its embed) asks here.
func NotNamed(total models.Quantity, groups []models.Quantity) (models.Quantity, bool) {
	switch total.Qualifier {
	case models.QualExact, models.QualDocumented, models.QualAtLeast, models.QualMoreThan, models.QualAtMost:
	default:
		return models.Quantity{}, false
	}
	rest := total.Value
	for _, g := range groups {
		if g.Qualifier != models.QualExact && g.Qualifier != models.QualDocumented {
			return models.Quantity{}, false
		}
		rest -= g.Value
	}
	if rest < 0 {
		return models.Quantity{}, false
	}
	return models.Quantity{Qualifier: total.Qualifier, Value: rest}, true
}
