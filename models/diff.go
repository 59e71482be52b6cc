package models

import (
	"encoding/json"
	"fmt"
	"sort"
)

// FieldChange is one field that differs between two revisions.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// bookkeeping fields change with every revision and are not shown as edits.
var bookkeeping = map[string]bool{"version": true, "updated_at": true, "created_at": true}

// DiffSnapshots lists the fields that differ between two JSON snapshots
// (old may be empty for a creation), sorted by field name. Values are
// written as text for display.
func DiffSnapshots(old, new string) ([]FieldChange, error) {
	var a, b map[string]any
	if old != "" {
		if err := json.Unmarshal([]byte(old), &a); err != nil {
			return nil, fmt.Errorf("old snapshot: %w", err)
		}
	}
	if err := json.Unmarshal([]byte(new), &b); err != nil {
		return nil, fmt.Errorf("new snapshot: %w", err)
	}
	flatten := func(m map[string]any) map[string]string {
		out := map[string]string{}
		var walk func(prefix string, v any)
		walk = func(prefix string, v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, y := range x {
					walk(prefix+k+".", y)
				}
			case nil:
				out[prefix[:len(prefix)-1]] = ""
			case string:
				out[prefix[:len(prefix)-1]] = x
			default:
				j, _ := json.Marshal(x)
				out[prefix[:len(prefix)-1]] = string(j)
			}
		}
		for k, v := range m {
			walk(k+".", v)
		}
		return out
	}
	figureSnapshotNames(a)
	figureSnapshotNames(b)
	if hasEndPrecision(a) != hasEndPrecision(b) {
		endPrecisionOfOldSnapshot(a)
		endPrecisionOfOldSnapshot(b)
	}
	fa, fb := flatten(a), flatten(b)
	var changes []FieldChange
	for k, nv := range fb {
		if bookkeeping[k] {
			continue
		}
		if ov := fa[k]; ov != nv {
			changes = append(changes, FieldChange{Field: k, Old: ov, New: nv})
		}
	}
	for k, ov := range fa {
		if _, ok := fb[k]; !ok && !bookkeeping[k] && ov != "" {
			changes = append(changes, FieldChange{Field: k, Old: ov})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Field < changes[j].Field })
	return changes, nil
}

// derivedFields of a figure snapshot follow from its other fields (or are
// bookkeeping), so an edit never changes them alone.
var derivedFields = []string{"value_label", "period_months", "per_month", "quote_link", "archive_quote_link", "last_modified"}

// figureSnapshotNames rewrites a figure snapshot in the API's JSON shape
// (internal/format's FigureJSON, which revisions record) with the names
// and values of the older snapshots (models.Figure's JSON, still in the
// databases of earlier releases), so that a history holding both diffs
// field by field and shows the names it always showed: period.start, the
// metric's slug as metric, the source's id as source (the source's own
// fields have their own history), and 0 for the value a qualifier does not
// use. Other snapshots are left alone.
func figureSnapshotNames(m map[string]any) {
	_, isNew := m["period_start"]
	if _, isOld := m["period"]; !isNew || isOld {
		return
	}
	m["period"] = map[string]any{"start": m["period_start"], "end": m["period_end"], "precision": m["period_precision"],
		"end_precision": m["period_end_precision"]}
	for _, k := range []string{"period_start", "period_end", "period_precision", "period_end_precision"} {
		delete(m, k)
	}
	if o, ok := m["metric"].(map[string]any); ok {
		m["metric"] = o["slug"]
	}
	if o, ok := m["source"].(map[string]any); ok {
		m["source"] = o["id"]
	}
	for _, k := range []string{"value", "value_low", "value_high"} {
		if v, ok := m[k]; ok && v == nil {
			m[k] = float64(0)
		}
	}
	for _, k := range derivedFields {
		delete(m, k)
	}
}

// hasEndPrecision reports whether a figure snapshot records its period's
// end precision.
func hasEndPrecision(m map[string]any) bool {
	p, ok := m["period"].(map[string]any)
	if !ok {
		return false
	}
	e, _ := p["end_precision"].(string)
	return e != ""
}

// endPrecisionOfOldSnapshot gives a figure snapshot's period without an
// end precision the precision of its start, what it meant when it was
// written (before each end had its own): diffed with a snapshot that
// records it, an edit then does not seem to set it.
func endPrecisionOfOldSnapshot(m map[string]any) {
	p, ok := m["period"].(map[string]any)
	if !ok || hasEndPrecision(m) {
		return
	}
	p["end_precision"] = p["precision"]
}
