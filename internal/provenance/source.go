package provenance

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"forcedreturns/models"
)

// MaxTextSize bounds a source text, in bytes, as supplied (HTML before
// its conversion) and as stored: far above any report (a 300-page one is
// about 1 MB of text), low enough that a binary file chosen by mistake is
// refused rather than stored.
const MaxTextSize = 16 << 20

// CheckText returns an EInvalid *models.Error saying what is wrong when
// text cannot be a source text: larger than MaxTextSize, not UTF-8, with
// a NUL byte (a binary file, not a text), or blank. It is the one check
// every path that takes or stores a source text applies.
func CheckText(text string) error {
	switch {
	case len(text) > MaxTextSize:
		return models.Errorf(models.EInvalid, "the source text has %d bytes; at most %d (%d MB) are accepted", len(text), MaxTextSize, MaxTextSize>>20)
	case !utf8.ValidString(text):
		return models.Errorf(models.EInvalid, "the source text is not UTF-8 text: convert it first (for example: iconv -f windows-1252 -t utf-8)")
	case strings.IndexByte(text, 0) >= 0:
		return models.Errorf(models.EInvalid, "the source text contains a NUL byte (at byte %d): it is a binary file, not a text", strings.IndexByte(text, 0))
	case strings.TrimSpace(text) == "":
		return models.Errorf(models.EInvalid, "the source text is empty")
	}
	return nil
}

// SourceText returns the text quotes of a source are verified against:
// raw as supplied, or the text a browser shows of it when isHTML is set.
// Offsets recorded by verification (and proposed by intake) point into
// it. A text that cannot be a source text (CheckText, applied to raw and
// to the converted text) is an EInvalid *models.Error.
func SourceText(raw []byte, isHTML bool) (string, error) {
	// Checking raw first refuses an oversized or binary file before any
	// work is spent on it; the converted text is checked again below
	// (HTML can hold nothing a reader sees).
	if err := CheckText(string(raw)); err != nil {
		return "", err
	}
	text := string(raw)
	if isHTML {
		var err error
		if text, err = HTMLToText(bytes.NewReader(raw)); err != nil {
			return "", fmt.Errorf("converting the HTML to text: %w", err)
		}
		if err := CheckText(text); err != nil {
			return "", err
		}
	}
	return text, nil
}

// ErrParaphrase is the Err of a paraphrase's Outcome: a summary by someone
// else is never verified as a quote of the source.
var ErrParaphrase = errors.New("provenance: a paraphrase is not looked for in the source text; it is reported as summarised by its author, never as a quote")

// Outcome is what verifying one figure's quote against a source text
// found.
type Outcome struct {
	// Figure is the figure as given.
	Figure models.Figure
	// Found says the quote is in the text, at Match.
	Found bool
	Match Match
	// Excused marks a quote not found that does not fail the
	// verification: the figure is retracted, and may have been
	// retracted for its quote, or its evidence is a paraphrase.
	Excused bool
	// Paraphrase marks a figure whose evidence is someone else's summary
	// (models.Figure.Paraphrased): it is never looked for in the text, as
	// it is no sentence of the source, and is Excused, never Found.
	Paraphrase bool
	// Err says why the quote was not found: a *NotFoundError (with the
	// closest passage) or ErrEmptyQuote (the quote has nothing to look
	// for once normalised). Nil when Found.
	Err error
}

// Closest returns the passage of the text closest to a quote not found
// and its byte offset, or "" and -1 when there is none.
func (o Outcome) Closest() (passage string, start int) {
	var nf *NotFoundError
	if errors.As(o.Err, &nf) {
		return nf.Closest, nf.ClosestStart
	}
	return "", -1
}

// Result is the verification of every quote of a source against its
// text.
type Result struct {
	// Text is the text the quotes were looked for in: the text supplied,
	// or the text a browser shows of the HTML supplied. It is what is
	// stored, and what the offsets point into.
	Text string
	// SHA256 is Text's SHA-256, lower-case hex.
	SHA256 string
	// Outcomes holds one outcome per figure, in the order given.
	Outcomes []Outcome
}

// OK reports whether the text may be recorded: every quote was found,
// or excused.
func (r Result) OK() bool { return len(r.Missing()) == 0 }

// Missing returns the outcomes that fail the verification: quotes not
// found, of figures that are not retracted.
func (r Result) Missing() []Outcome {
	var out []Outcome
	for _, o := range r.Outcomes {
		if !o.Found && !o.Excused {
			out = append(out, o)
		}
	}
	return out
}

// Quotes returns the offsets of every quote found, by figure key, as the
// store records them ([start, end) into Text).
func (r Result) Quotes() map[string][2]int {
	out := make(map[string][2]int, len(r.Outcomes))
	for _, o := range r.Outcomes {
		if o.Found {
			out[o.Figure.Key] = [2]int{o.Match.Start, o.Match.End}
		}
	}
	return out
}

// VerifySource looks for the quote of each figure in a source's text:
// raw as supplied, converted from HTML to the text a reader sees when
// isHTML is set. It is the one verification path: the verify command and
// the dashboard both call it, then record Result.Text, Result.SHA256 and
// Result.Quotes through the store if Result.OK.
//
// A text that cannot be a source text (see CheckText, applied to raw
// and to the converted text) is an EInvalid *models.Error and no
// Result: the person supplying it must fix it. A quote that is not in
// the text is never an error, but an Outcome with Err set, so that every
// figure's outcome can be shown at once; a retracted figure's missing
// quote is Excused, and so is a paraphrase, which is not looked for. Any other error is an internal failure.
func VerifySource(raw []byte, isHTML bool, figs []models.Figure) (Result, error) {
	text, err := SourceText(raw, isHTML)
	if err != nil {
		return Result{}, err
	}
	t := NewText(text)
	r := Result{Text: text, SHA256: t.SHA256(), Outcomes: make([]Outcome, len(figs))}
	for i, f := range figs {
		o := Outcome{Figure: f}
		if f.Paraphrased() {
			o.Paraphrase, o.Excused, o.Err = true, true, ErrParaphrase
			r.Outcomes[i] = o
			continue
		}
		m, err := t.Find(f.Quote)
		var nf *NotFoundError
		switch {
		case err == nil:
			o.Found, o.Match = true, m
		case errors.As(err, &nf), errors.Is(err, ErrEmptyQuote):
			o.Err = err
			o.Excused = f.Status == models.StatusRetracted
		default:
			return Result{}, fmt.Errorf("figure %s: %w", f.Key, err)
		}
		r.Outcomes[i] = o
	}
	return r, nil
}
