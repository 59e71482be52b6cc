// Package edit holds what every change an editor makes goes through,
// whether it comes from a form or from the JSON API: the problems found
// reading the input, the reason every change records, who makes it, and
// the saving of a figure with its quote verified against the source text.
package edit

import (
	"context"
	"errors"
	"fmt"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// Store is what saving an edit reads and writes. internal/store
// implements it.
type Store interface {
	GetFigure(ctx context.Context, key string, aud models.Audience) (models.FigureView, error)
	GetSource(ctx context.Context, key string) (models.Source, error)
	GetSourceText(ctx context.Context, sourceKey string) (text, sha string, err error)
	CreateFigure(ctx context.Context, f *models.Figure, c models.Change) error
	UpdateFigure(ctx context.Context, f *models.Figure, c models.Change) error
}

// SaveFigure verifies the quote, then creates f (base nil) or updates it.
// p holds the problems found reading the input; with any, nothing is
// written and the error lists them with the model's own.
func SaveFigure(ctx context.Context, st Store, f *models.Figure, base *models.Figure, p Problems, ch models.Change) error {
	if err := verifyQuote(ctx, st, f, base, &p); err != nil {
		return err
	}
	if err := p.Err("figure", f.Validate()); err != nil {
		return err
	}
	if base == nil {
		return st.CreateFigure(ctx, f, ch)
	}
	return st.UpdateFigure(ctx, f, ch)
}

// Figure reads the figure named by the :key parameter, as the editors
// see it: the version an edit starts from.
func Figure(c *gin.Context, st Store) (models.Figure, error) {
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Figure{}, models.Errorf(models.ENotFound, "There is no figure with id %q.", key)
	}
	v, err := st.GetFigure(c.Request.Context(), key, models.AudienceEditors)
	return v.Figure, err
}

// Source reads the source named by the :key parameter.
func Source(c *gin.Context, st Store) (models.Source, error) {
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Source{}, models.Errorf(models.ENotFound, "There is no source with id %q.", key)
	}
	return st.GetSource(c.Request.Context(), key)
}

// verifyQuote checks a figure's quote against the text attached to its
// source, when there is one, and records where it is (quote_start,
// quote_end). A quote that is not in the text is a problem of the field
// "quote" naming the closest passage, since the usual cause is a typo.
// Without an attached text, offsets are kept only while the quote and
// the source stay those of base (the stored figure), else cleared: they
// would point at another passage.
func verifyQuote(ctx context.Context, st Store, f *models.Figure, base *models.Figure, p *Problems) error {
	f.QuoteStart, f.QuoteEnd = nil, nil
	if base != nil && base.Source == f.Source && base.Quote == f.Quote {
		f.QuoteStart, f.QuoteEnd = base.QuoteStart, base.QuoteEnd
	}
	if !models.ValidKey(f.Source) || f.Quote == "" {
		return nil // validation says what is wrong
	}
	text, sha, err := st.GetSourceText(ctx, f.Source)
	if models.ErrorCode(err) == models.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	m, err := provenance.NewText(text).Find(f.Quote)
	if err != nil {
		p.Addf("quote", "%s", notFoundMessage(err, sha))
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
