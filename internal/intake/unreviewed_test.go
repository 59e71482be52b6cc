package intake

import (
	"testing"

	"forcedreturns/models"
)

func TestUnreviewed(t *testing.T) {
	src := models.Source{Key: "src", Language: "en", PublishedOn: models.NewDate(2017, 9, 18), PublishedPrecision: models.PrecisionDay}
	ps := Propose("Police arrested 41 people in July 2017. Guards deported 12 people in August 2017. Officials detained 7 people in May 2017.", src, Options{})
	if len(ps) != 3 {
		t.Fatalf("%d proposals, want 3: %+v", len(ps), ps)
	}
	at := func(p Proposal) models.Figure { // a figure stored from the same passage, under another key
		f := p.Figure
		f.Key = "stored-elsewhere"
		return f
	}
	moved := at(ps[1])
	moved.Value++ // the same passage with another quantity is not the proposal
	for _, c := range []struct {
		name            string
		rejected        map[string]bool
		figs            []models.Figure
		want            []string
		nRejected, nFig int
	}{
		{"nothing decided", nil, nil, []string{ps[0].ID, ps[1].ID, ps[2].ID}, 0, 0},
		{"one rejected", map[string]bool{ps[1].Fingerprint: true}, nil, []string{ps[0].ID, ps[2].ID}, 1, 0},
		{"stored under its key", nil, []models.Figure{ps[0].Figure}, []string{ps[1].ID, ps[2].ID}, 0, 1},
		{"stored at its offsets", nil, []models.Figure{at(ps[2])}, []string{ps[0].ID, ps[1].ID}, 0, 1},
		{"another quantity at its offsets", nil, []models.Figure{moved}, []string{ps[0].ID, ps[1].ID, ps[2].ID}, 0, 0},
		{"both", map[string]bool{ps[0].Fingerprint: true}, []models.Figure{ps[2].Figure}, []string{ps[1].ID}, 1, 1},
	} {
		out, nr, ns := Unreviewed(ps, c.rejected, c.figs)
		var got []string
		for _, p := range out {
			got = append(got, p.ID)
		}
		if len(got) != len(c.want) || nr != c.nRejected || ns != c.nFig {
			t.Errorf("%s: kept %v (%d rejected, %d stored), want %v (%d, %d)", c.name, got, nr, ns, c.want, c.nRejected, c.nFig)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: kept %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}
