package models

// Plural is the one plural rule of the site: one for exactly 1, many
// otherwise ("1 person", "2 people", "0 people", "1.5 months"). Every
// count written with a noun (AmountLabel, UnitLabel, chart labels and
// notes) goes through it.
func Plural(n float64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// unitSingular names one of a unit counted in whole things.
var unitSingular = map[string]string{UnitPeople: "person"}

// UnitLabel is a unit as it follows quantity q: "person" after a single 1
// ("1 person", "at least 1 person"), the unit otherwise ("41 people",
// "1–3 people", "more than 60 %"). A quantity without a number keeps the
// unit as the metric names it.
func UnitLabel(q Quantity, unit string) string {
	one, ok := unitSingular[unit]
	if !ok || !q.Qualifier.HasNumber() || q.Qualifier == QualRange {
		return unit
	}
	return Plural(float64(q.Value), one, unit)
}
