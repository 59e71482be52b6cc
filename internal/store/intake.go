package store

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// SaveIntakeReview writes what an editor decided on a source's intake
// review page for one text of the source (its SHA-256), in one
// transaction, or nothing: figures are the accepted proposals, created
// as ApplyBatch creates them (the same checks, a "create" revision each
// giving c's reason), and the rejections are remembered for the text by
// their fingerprints (intake.Proposal.Fingerprint). The source's text must still be the one
// reviewed (else EConflict: it was replaced meanwhile); every figure must
// be a draft of the source whose quote offsets point at its quote in
// that text (intake never publishes). Problems come back in one EInvalid
// error, fields named "figures[i].<field>" by the figure's index.
func (s *Store) SaveIntakeReview(ctx context.Context, source, textSHA256 string, figures []models.Figure, rejected []string, c models.Change) (models.BatchResult, error) {
	var res models.BatchResult
	for _, fp := range rejected {
		if !models.IsSHA256Hex(fp) {
			return res, models.Errorf(models.EInvalid, "a rejected proposal's fingerprint must be 64 lower-case hex digits, got %q", fp)
		}
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		src, err := loadSource(tx, source, true)
		if err != nil {
			return err
		}
		if src.TextSHA256 == "" || src.TextSHA256 != textSHA256 {
			return models.Errorf(models.EConflict, "the text of source %q was replaced since the review began: open the review again", source)
		}
		var text string
		if err := tx.Table("source_texts").Select("text").Where("source = ?", source).Row().Scan(&text); err != nil {
			return err
		}
		var p models.Problems
		for i, f := range figures {
			field := fmt.Sprintf("figures[%d].", i)
			if f.Status != models.StatusDraft {
				p.Add(field+"status", "intake stores drafts only, not %q", f.Status)
			}
			if f.QuoteStart == nil || f.QuoteEnd == nil {
				p.Add(field+"quote", "intake figures quote the text at known offsets")
				continue
			}
			checkQuote(&p, field+"quote", f, source, text, *f.QuoteStart, *f.QuoteEnd)
		}
		if err := p.Err("intake review"); err != nil {
			return err
		}
		ts := now()
		if len(figures) > 0 {
			if res, err = s.applyBatch(tx, models.Batch{Figures: figures}, c, ts); err != nil {
				return err
			}
		}
		fps := slices.Clone(rejected)
		slices.Sort(fps)
		for _, fp := range slices.Compact(fps) {
			err := tx.Exec(`INSERT INTO intake_rejections (source, text_sha256, fingerprint, rejected_by, rejected_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (source, text_sha256, fingerprint) DO NOTHING`, source, textSHA256, fp, c.Editor, ts).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return models.BatchResult{}, wrap(err, "save intake review")
	}
	return res, nil
}

// IntakeRejections returns the fingerprints of the proposals rejected
// for the source's text with this SHA-256.
func (s *Store) IntakeRejections(ctx context.Context, source, textSHA256 string) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.read(ctx, func(tx *gorm.DB) error {
		var fps []string
		err := tx.Table("intake_rejections").Where("source = ? AND text_sha256 = ?", source, textSHA256).Pluck("fingerprint", &fps).Error
		for _, fp := range fps {
			out[fp] = true
		}
		return err
	})
	if err != nil {
		return nil, wrap(err, "intake rejections")
	}
	return out, nil
}
