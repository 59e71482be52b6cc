package exporttest

import "testing"

// TestValid keeps the data set valid, so that tests that round-trip it
// through an importer test the encoders, not the data.
func TestValid(t *testing.T) {
	for _, m := range Metrics() {
		if err := m.Validate(); err != nil {
			t.Errorf("metric %s: %v", m.Slug, err)
		}
	}
	for _, s := range Sources() {
		if err := s.Validate(); err != nil {
			t.Errorf("source %s: %v", s.Key, err)
		}
	}
	for _, f := range Figures() {
		g := f
		g.Normalize()
		if err := g.Validate(); err != nil {
			t.Errorf("figure %s: %v", f.Key, err)
		}
		if g.Key != f.Key || g.Quote != f.Quote || g.Notes != f.Notes || g.Population != f.Population {
			t.Errorf("figure %s is not normalised", f.Key)
		}
	}
	for _, v := range Views() {
		if v.Metric.Slug == "" || v.Source.Key == "" {
			t.Errorf("figure %s: metric or source missing from the view", v.Figure.Key)
		}
	}
}
