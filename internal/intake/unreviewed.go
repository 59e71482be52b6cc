package intake

import "forcedreturns/models"

// Unreviewed leaves out of ps the proposals an editor has decided
// already: those rejected for this text (rejected holds their
// fingerprints) and those stored as figures (StoredAs, against figs, the
// source's figures), and counts both. The review page and the intake
// command both call it, so a second run proposes only what is new
// wherever it runs.
func Unreviewed(ps []Proposal, rejected map[string]bool, figs []models.Figure) (out []Proposal, nRejected, nStored int) {
	for _, p := range ps {
		switch {
		case rejected[p.Fingerprint]:
			nRejected++
		case StoredAs(p, figs):
			nStored++
		default:
			out = append(out, p)
		}
	}
	return out, nRejected, nStored
}

// StoredAs reports whether the proposal is a figure already: the one
// intake would create (its key), or one quoting the same passage of the
// text with the same quantity.
func StoredAs(p Proposal, figs []models.Figure) bool {
	pf := p.Figure
	for _, f := range figs {
		if f.Key == pf.Key {
			return true
		}
		if f.QuoteStart != nil && pf.QuoteStart != nil && f.QuoteEnd != nil && pf.QuoteEnd != nil &&
			*f.QuoteStart == *pf.QuoteStart && *f.QuoteEnd == *pf.QuoteEnd && f.Quantity() == pf.Quantity() {
			return true
		}
	}
	return false
}
