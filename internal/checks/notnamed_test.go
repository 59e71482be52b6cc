package checks

import (
	"math/rand/v2"
	"testing"

	"forcedreturns/models"
)

func TestNotNamed(t *testing.T) {
	q := func(qual models.Qualifier, n int64) models.Quantity {
		return models.Quantity{Qualifier: qual, Value: n}
	}
	named := []models.Quantity{q(models.QualExact, 1), q(models.QualDocumented, 4), q(models.QualExact, 11)}
	tests := []struct {
		name   string
		total  models.Quantity
		groups []models.Quantity
		want   models.Quantity
		ok     bool
	}{
		{"exact total", q(models.QualExact, 92), named, q(models.QualExact, 76), true},
		{"documented total: the rest is documented", q(models.QualDocumented, 92), named, q(models.QualDocumented, 76), true},
		{"at least carries over", q(models.QualAtLeast, 92), named, q(models.QualAtLeast, 76), true},
		{"more than carries over", q(models.QualMoreThan, 92), named, q(models.QualMoreThan, 76), true},
		{"at most carries over", q(models.QualAtMost, 92), named, q(models.QualAtMost, 76), true},
		{"no subgroups: the total", q(models.QualExact, 5), nil, q(models.QualExact, 5), true},
		{"all named", q(models.QualExact, 16), named, q(models.QualExact, 0), true},
		{"about a total", q(models.QualAbout, 92), named, models.Quantity{}, false},
		{"a range", models.Quantity{Qualifier: models.QualRange, Low: 80, High: 100}, named, models.Quantity{}, false},
		{"a total without a number", models.Quantity{Qualifier: models.QualUnquantified, Words: "dozens"}, named, models.Quantity{}, false},
		{"a bound on a subgroup", q(models.QualExact, 92), append([]models.Quantity{q(models.QualAtLeast, 3)}, named...), models.Quantity{}, false},
		{"about a subgroup", q(models.QualExact, 92), []models.Quantity{q(models.QualAbout, 10)}, models.Quantity{}, false},
		{"a subgroup without a number", q(models.QualExact, 92), []models.Quantity{{Qualifier: models.QualUnquantified, Words: "some men"}}, models.Quantity{}, false},
		{"subgroups over the total", q(models.QualExact, 15), named, models.Quantity{}, false},
		{"subgroups over a bound", q(models.QualAtMost, 10), named, models.Quantity{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NotNamed(tt.total, tt.groups)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NotNamed(%+v, %+v) = %+v, %v; want %+v, %v", tt.total, tt.groups, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestNotNamedAddsUpAsTheChecksRead: the rest and the named subgroups
// allow exactly the numbers of the total that hold its named people
// (countOf, as the subgroups check reads them), for every qualifier the
// rest is known of.
func TestNotNamedAddsUpAsTheChecksRead(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 12))
	quals := []models.Qualifier{models.QualExact, models.QualDocumented, models.QualAtLeast, models.QualMoreThan, models.QualAtMost, models.QualAbout}
	known := 0
	for range 2000 {
		total := models.Quantity{Qualifier: quals[r.IntN(len(quals))], Value: r.Int64N(200)}
		var groups []models.Quantity
		var sum int64
		for range r.IntN(4) {
			g := models.Quantity{Qualifier: []models.Qualifier{models.QualExact, models.QualDocumented}[r.IntN(2)], Value: r.Int64N(60)}
			groups = append(groups, g)
			sum += g.Value
		}
		rest, ok := NotNamed(total, groups)
		if !ok {
			if total.Qualifier != models.QualAbout && sum <= total.Value {
				t.Fatalf("NotNamed(%+v, %+v) unknown", total, groups)
			}
			continue
		}
		known++
		allowed := countOf(total).Intersect(AtLeast(float64(sum)))
		if got := countOf(rest).Add(Point(float64(sum))); got != allowed {
			t.Fatalf("NotNamed(%+v, %+v) = %+v: with the named it allows %v, the total %v", total, groups, rest, got, allowed)
		}
	}
	if known < 500 {
		t.Fatalf("only %d known rests in 2000: the test proves little", known)
	}
}
