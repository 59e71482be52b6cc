package intake

import (
	"strings"
	"testing"
)

// FuzzPropose holds the recogniser to its invariants on any text: no
// panic; every quote is the text at its offsets and found by quote
// verification; every number is in its quote; values agree with
// qualifiers; ids are unique. Proposals without problems write an
// import file the importer reads back whole.
func FuzzPropose(f *testing.F) {
	f.Add("Police deported at least 41 people in July and August, up from 30 in June.", uint8(0))
	f.Add("Among the 92 caught since June 2016 were a newborn baby, 11 other children and four older women.", uint8(1))
	f.Add("Dozens of refugees, hundreds of thousands, if not millions, of people; between 30 and 40 Afghans.", uint8(2))
	f.Fuzz(func(t *testing.T, text string, pubKind uint8) {
		pub := [...]string{"2017-09-18", "2022-11", "2020", ""}[int(pubKind)%4]
		ps := Propose(text, source(t, pub), Options{})
		checkInvariants(t, text, ps)
		for _, p := range ps {
			if len(p.Problems) > 0 {
				return
			}
		}
		for i, fg := range importBack(t, ps, "fuzz\n"+text) {
			if fg.Quote != strings.TrimSpace(ps[i].Figure.Quote) {
				t.Fatalf("quote %q read back as %q", ps[i].Figure.Quote, fg.Quote)
			}
		}
	})
}
