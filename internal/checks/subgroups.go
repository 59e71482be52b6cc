package checks

import (
	"fmt"
	"sort"
	"strings"

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
func subgroups(published []models.Figure, all map[string]models.Figure) []Result {
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
		out = append(out, subgroupResult(key, all, kids))
	}
	return out
}

func subgroupResult(key string, all map[string]models.Figure, kids []models.Figure) Result {
	res := Result{Kind: KindSubgroups, Figures: []string{key}}
	var terms, named, noNumber []string
	ins := make([]Interval, len(kids)) // AtLeast(0), any number, for a subgroup without one
	var sums []Interval
	for i, k := range kids {
		res.Figures = append(res.Figures, k.Key)
		named = append(named, plain(k)+" "+k.Population)
		if !k.Qualifier.HasNumber() {
			noNumber = append(noNumber, k.Population)
			ins[i] = AtLeast(0)
			continue
		}
		terms = append(terms, plain(k))
		ins[i] = countOf(k.Quantity())
		sums = append(sums, ins[i])
	}
	sum := Sum(sums...)
	expr := sumText(terms, sum)
	if len(terms) == 0 {
		expr = strings.Join(named, " and ")
	}

	parent, ok := all[key]
	switch {
	case !ok:
		res.Title = "Subgroups of " + key
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s, but the figure they are subgroups of (%s) is not in the tracker.", expr, key)
		return res
	case !parent.Published():
		res.Title = "Subgroups of " + key
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s, but the figure they are subgroups of (%s) is %s and counts for nothing.", expr, key, parent.Status)
		if parent.RetractReason != "" {
			res.Notes = append(res.Notes, "Retracted because: "+parent.RetractReason)
		}
		return res
	}
	parentNumber := parent.Qualifier.HasNumber()
	pq := AtLeast(0)
	if parentNumber {
		pq = countOf(parent.Quantity())
	}
	whole := fmt.Sprintf("the %s %s (%s, %s)", plain(parent), metricText(parent.Metric), parent.Population, parent.Period.Label())
	res.Title = fmt.Sprintf("Subgroups of %s %s (%s, %s)", plain(parent), metricText(parent.Metric), parent.Population, parent.Period.Label())
	for _, k := range kids {
		res.Notes = append(res.Notes, fmt.Sprintf("%s: %s.", plain(k), k.Population))
	}

	var outside, doubtful, tooBig, units []string
	for i, k := range kids {
		if k.Unit != parent.Unit {
			units = append(units, k.Population+" (in "+k.Unit+")")
		}
		r := Relate(k.Period, parent.Period)
		switch {
		case r.Only(Inside):
		case r.Has(Inside):
			doubtful = append(doubtful, k.Population+" ("+k.Period.Label()+")")
		default:
			outside = append(outside, k.Population+" ("+k.Period.Label()+")")
		}
		if ins[i].Low > pq.High {
			tooBig = append(tooBig, plain(k)+" "+k.Population)
		}
		if k.Metric != parent.Metric {
			res.Notes = append(res.Notes, fmt.Sprintf("%s counts %s, its parent %s.", k.Population, metricText(k.Metric), metricText(parent.Metric)))
		}
		if k.Qualifier == models.QualExact && parent.Qualifier == models.QualDocumented {
			res.Notes = append(res.Notes, fmt.Sprintf("%s is given as exact, but it is part of a documented count: a subgroup of what a source knows of is itself documented, unless the source says otherwise (then say so in its notes).", k.Population))
		}
	}
	// What cannot be compared for want of a number, said once.
	var cannot string
	switch {
	case !parentNumber:
		cannot = "the parent gives no number, so the tracker cannot tell whether the subgroups' numbers fit within it"
	case len(noNumber) > 0:
		cannot = "no number is given for " + strings.Join(noNumber, " and ") + ", so the tracker cannot tell whether all the subgroups fit within it"
	}
	switch {
	case len(units) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s is in %s, but not %s: figures of different units are never compared or added.", whole, parent.Unit, strings.Join(units, " and "))
	case len(tooBig) > 0:
		res.Status = Mismatch
		res.Explanation = fmt.Sprintf("%s alone exceeds %s.", strings.Join(tooBig, " and "), whole)
	case len(outside) > 0:
		res.Status = Mismatch
		res.Explanation = fmt.Sprintf("%s: subgroups counted over a period outside %s (%s) cannot be part of it.", expr, whole, strings.Join(outside, "; "))
	case sum.Low > pq.High:
		res.Status = Mismatch
		res.Explanation = fmt.Sprintf("%s, more than %s.", expr, whole)
		res.Notes = append(res.Notes, "If these groups overlap (someone in two of them), the sum counts those people twice; each on its own fits.")
	case len(doubtful) > 0:
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s, against %s; the periods' precision leaves open whether %s lie within the parent's period.",
			expr, whole, strings.Join(doubtful, "; "))
		if cannot != "" {
			res.Notes = append(res.Notes, "Besides, "+cannot+".")
		}
	case cannot != "":
		res.Status = Unknown
		res.Explanation = fmt.Sprintf("%s, against %s: their periods lie within its period, but %s.", expr, whole, cannot)
	default:
		res.Status = OK
		rel := "≤"
		if !(sum.High <= pq.Low) {
			rel = "can fit within"
		}
		res.Explanation = fmt.Sprintf("%s %s %s: the subgroups fit within %s.", expr, rel, pq, whole)
	}
	return res
}
