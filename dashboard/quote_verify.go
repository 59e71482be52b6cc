package dashboard

import (
	"context"
	"errors"
	"fmt"

	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// verifyQuote checks a figure's quote against the text attached to its
// source, when there is one, and records where it is (quote_start,
// quote_end). A quote that is not in the text is a problem of the field
// "quote" naming the closest passage, since the usual cause is a typo.
// Without an attached text, offsets are kept only while the quote and
// the source stay those of base (the stored figure), else cleared: they
// would point at another passage.
func (s *Server) verifyQuote(ctx context.Context, f *models.Figure, base *models.Figure, p *problems) error {
	f.QuoteStart, f.QuoteEnd = nil, nil
	if base != nil && base.Source == f.Source && base.Quote == f.Quote {
		f.QuoteStart, f.QuoteEnd = base.QuoteStart, base.QuoteEnd
	}
	if !models.ValidKey(f.Source) || f.Quote == "" {
		return nil // validation says what is wrong
	}
	text, sha, err := s.store.GetSourceText(ctx, f.Source)
	if models.ErrorCode(err) == models.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	m, err := provenance.NewText(text).Find(f.Quote)
	if err != nil {
		p.add("quote", "%s", notFoundMessage(err, sha))
		return nil
	}
	start, end := m.Start, m.End
	f.QuoteStart, f.QuoteEnd = &start, &end
	return nil
}

// notFoundMessage says that a quote is not in the source text and which
// passage comes closest.
func notFoundMessage(err error, sha string) string {
	msg := fmt.Sprintf("is not in the text attached to the source (sha256 %.12s…)", sha)
	var nf *provenance.NotFoundError
	switch {
	case errors.As(err, &nf) && nf.Closest != "":
		return msg + ". The closest passage is: “" + nf.Closest + "” — copy the sentence exactly as the source writes it."
	case errors.As(err, &nf):
		return msg + ", which shares no words with it: is this the right source?"
	case errors.Is(err, provenance.ErrEmptyQuote):
		return "required: the exact sentence the figure comes from"
	}
	return msg + ": " + err.Error()
}
