package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// Proposal is one figure intake proposes from a report's text, for an
// editor to accept, edit or reject: a draft figure already tied to its
// sentence, the number as the source writes it, and why each field was
// guessed the way it was.
type Proposal struct {
	// ID names the proposal within its run: "p-" and the first twelve hex
	// digits of Fingerprint.
	ID string
	// Fingerprint identifies the proposal across runs over the same text:
	// the SHA-256 (hex) of the normalised sentence (provenance.Normalize),
	// the number as written and which occurrence of it in the sentence
	// this is. A rejection remembered by fingerprint stays rejected when
	// intake runs again.
	Fingerprint string
	// Figure is the proposed figure, a draft (Status draft): its Quote is
	// the sentence, Text[QuoteStart:QuoteEnd] byte for byte, so it is
	// verified by construction; its Key is derived from the source and
	// the fingerprint. Every field an editor must check is in Guesses.
	Figure models.Figure
	// Written is the number as the source writes it ("41", "forty-one",
	// "dozens", "between 30 and 40").
	Written string
	// NumberStart and NumberEnd are Written's byte offsets in
	// Figure.Quote, for highlighting: Quote[NumberStart:NumberEnd].
	NumberStart, NumberEnd int
	// Guesses say, field by field, what intake guessed and why.
	Guesses []Guess
	// Restates lists the IDs of other proposals of the same text that
	// state the same figure again (a headline and its paragraph): they are
	// proposed as this one, not on their own.
	Restates []string
	// Problems are what models.Figure.Validate says of the draft as
	// proposed (period_end: …): fields the editor must fill or correct
	// before it can be stored. Empty for a draft that stores as it is.
	Problems []models.FieldError
}

// Guess is one guessed field of a proposal and its reason.
type Guess struct {
	// Field is the import format's name of the field ("qualifier",
	// "period", "metric", "quantity_kind", "population", "acting_state",
	// "receiving_state", "subgroup_of", "reported_by", "value").
	Field string
	// Value is the guess as the import format writes it.
	Value string
	// Reason says, in English, what in the text led to it: "“at least”
	// before the number", "from “in July and August”: from its two ends"
	// (ReasonIn says it in another language).
	Reason string
	why    why
}

// ReasonIn is the guess's reason in language l.
func (g Guess) ReasonIn(l models.Lang) string {
	if g.why == nil {
		return g.Reason
	}
	return g.why(l)
}

// Options tune Propose.
type Options struct {
	// Metrics are the tracker's metrics. When given, a metric the lexicon
	// suggests that is not among them is still proposed, with a guess
	// saying so; when empty, the lexicon's slugs are used as they are.
	Metrics []models.Metric
}

// Fingerprint is the fingerprint of the number written as written, the
// occurrence-th time (from 0) in sentence: see Proposal.Fingerprint.
func Fingerprint(sentence, written string, occurrence int) string {
	h := sha256.New()
	h.Write([]byte(provenance.Normalize(sentence)))
	h.Write([]byte{0})
	h.Write([]byte(provenance.Normalize(written)))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(occurrence)))
	return hex.EncodeToString(h.Sum(nil))
}

// guess records a guessed field.
func (p *Proposal) guess(field, value string, reason why) {
	p.Guesses = append(p.Guesses, Guess{Field: field, Value: value, Reason: reason.in(models.English), why: reason})
}

// Guess returns the guess made for field, and whether there is one.
func (p Proposal) Guess(field string) (Guess, bool) {
	for _, g := range p.Guesses {
		if g.Field == field {
			return g, true
		}
	}
	return Guess{}, false
}

// figureKey derives a figure id from the source's id and a fingerprint:
// lower-case letters, digits and hyphens, at most 100 of them.
func figureKey(source, fingerprint string) string {
	s := strings.Trim(source, "-")
	if len(s) > 70 {
		s = strings.TrimRight(s[:70], "-")
	}
	if s == "" {
		return "intake-" + fingerprint[:16]
	}
	return s + "-" + fingerprint[:12]
}
