package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// AttachSourceText records that the quotes of a source were verified
// against text, in one transaction:
//
//   - the text is stored (replacing any earlier one) with its SHA-256,
//     which must be sha256 (64 lower-case hex digits) and the editor of c;
//     the text must pass provenance.CheckText (size, UTF-8, no NUL);
//   - the source's text_sha256 is set to it, with a source revision;
//   - each figure in quotes (figure key → byte offsets [start, end) into
//     text) gets quote_start and quote_end, with a figure revision
//     (version + 1);
//   - when the text changed, the offsets of the source's other figures,
//     which pointed into the old text, are cleared, with a revision each.
//
// Every figure must cite the source and text[start:end] must be its quote
// as provenance.Normalize compares them (the caller found the offsets
// with provenance.Text.Find); otherwise nothing is written and the
// EInvalid error lists every problem, fields named "quotes.<figure key>".
// Writes that change nothing (the same text, the same offsets) are
// skipped, revisions included. The revisions record c; an empty reason
// becomes "attached the source text (sha256 …)".
func (s *Store) AttachSourceText(ctx context.Context, sourceKey, text, sha256 string, quotes map[string][2]int, c models.Change) error {
	if err := checkSourceText(text, sha256); err != nil {
		return err
	}
	if c.Reason == "" {
		c.Reason = "attached the source text (sha256 " + sha256 + ")"
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		src, err := loadSource(tx, sourceKey, true)
		if err != nil {
			return err
		}
		ts := now()
		changes, err := s.quoteChanges(tx, sourceKey, text, quotes)
		if err != nil {
			return err
		}
		if src.TextSHA256 != sha256 {
			cleared, err := s.clearedOffsets(tx, sourceKey, quotes)
			if err != nil {
				return err
			}
			changes = append(changes, cleared...)
			next := src
			next.TextSHA256 = sha256
			if err := replaceSource(tx, &next, &src, c, ts); err != nil {
				return err
			}
		}
		if err := upsertSourceText(tx, sourceKey, text, sha256, c.Editor, ts); err != nil {
			return err
		}
		refs := new(snapshotRefs)
		for i := range changes {
			ch := &changes[i]
			if err := s.replaceFigure(tx, &ch.f, &ch.old, refs, models.ActionUpdate, c, ts); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap(err, "attach source text")
}

// offsetChange is a figure with new quote offsets and the figure as
// stored.
type offsetChange struct{ f, old models.Figure }

// quoteChanges checks the offsets of each figure in quotes against text
// and returns the figures whose offsets change. A figure that is missing,
// cites another source or whose offsets are not its quote is a problem:
// the EInvalid error lists them all, fields "quotes.<figure key>".
func (s *Store) quoteChanges(tx *gorm.DB, sourceKey, text string, quotes map[string][2]int) ([]offsetChange, error) {
	keys := make([]string, 0, len(quotes))
	for k := range quotes {
		keys = append(keys, k)
	}
	// One order for every writer, so that two attaching at once lock the
	// figures' rows in the same order and cannot deadlock.
	sort.Strings(keys)
	var p models.Problems
	var changes []offsetChange
	for _, k := range keys {
		old, err := s.loadFigure(tx, k, true)
		if models.ErrorCode(err) == models.ENotFound {
			p.Add("quotes."+k, "no figure %q", k)
			continue
		} else if err != nil {
			return nil, err
		}
		start, end := quotes[k][0], quotes[k][1]
		if !checkQuote(&p, "quotes."+k, old, sourceKey, text, start, end) {
			continue
		}
		f := old
		f.QuoteStart, f.QuoteEnd = &start, &end
		if !sameOffsets(old, f) {
			changes = append(changes, offsetChange{f, old})
		}
	}
	return changes, p.Err("source text")
}

// checkQuote reports whether the figure cites the source and
// text[start:end] is its quote as provenance.Normalize compares them;
// otherwise it adds the problem to p under field.
func checkQuote(p *models.Problems, field string, f models.Figure, sourceKey, text string, start, end int) bool {
	switch {
	case f.Source != sourceKey:
		p.Add(field, "the figure cites source %q, not %q", f.Source, sourceKey)
	case start < 0 || end <= start || end > len(text):
		p.Add(field, "offsets %d–%d are not a passage of the text, which has %d bytes", start, end, len(text))
	case provenance.Normalize(text[start:end]) != provenance.Normalize(f.Quote):
		p.Add(field, "the text at bytes %d–%d reads %q, not the figure's quote %q", start, end,
			clip(strings.Join(strings.Fields(text[start:end]), " "), 200), clip(f.Quote, 200))
	default:
		return true
	}
	return false
}

// clearedOffsets returns the source's figures that have offsets but are
// not in quotes, with their offsets cleared: they point into the text
// being replaced.
func (s *Store) clearedOffsets(tx *gorm.DB, sourceKey string, quotes map[string][2]int) ([]offsetChange, error) {
	stale, err := s.loadFiguresWhere(tx, "f.source = ? AND f.quote_start IS NOT NULL", sourceKey)
	if err != nil {
		return nil, err
	}
	var out []offsetChange
	for _, old := range stale {
		if _, ok := quotes[old.Key]; ok {
			continue
		}
		f := old
		f.QuoteStart, f.QuoteEnd = nil, nil
		out = append(out, offsetChange{f, old})
	}
	return out, nil
}

// GetSourceText returns the text attached to the source and its SHA-256.
// ENotFound if there is no such source or no text was attached to it.
func (s *Store) GetSourceText(ctx context.Context, sourceKey string) (text, sha string, err error) {
	err = s.read(ctx, func(tx *gorm.DB) error {
		var row struct {
			Text   string `gorm:"column:text"`
			SHA256 string `gorm:"column:sha256"`
		}
		err := tx.Table("source_texts").Select("text, sha256").Where("source = ?", sourceKey).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			if _, err := loadSource(tx, sourceKey, false); err != nil {
				return err
			}
			return models.Errorf(models.ENotFound, "no text is attached to source %q: verify its quotes against the text first", sourceKey)
		}
		text, sha = row.Text, row.SHA256
		return err
	})
	if err != nil {
		return "", "", wrap(err, "get source text")
	}
	return text, sha, nil
}

// checkSourceText applies provenance.CheckText, the rule every path
// that takes a source text applies, and checks sum is its SHA-256.
func checkSourceText(text, sum string) error {
	if err := provenance.CheckText(text); err != nil {
		return err
	}
	switch {
	case !models.IsSHA256Hex(sum):
		return models.Errorf(models.EInvalid, "the text's SHA-256 must be 64 lower-case hex digits, got %q", sum)
	}
	if got := sha256Hex(text); got != sum {
		return models.Errorf(models.EInvalid, "the SHA-256 given (%s) is not the text's (%s)", sum, got)
	}
	return nil
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// upsertSourceText stores the text of a source unless the same text is
// stored already (a repeated verification keeps who attached it first).
func upsertSourceText(tx *gorm.DB, source, text, sum, editor string, ts time.Time) error {
	return tx.Exec(`INSERT INTO source_texts (source, sha256, text, editor, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET sha256 = excluded.sha256, text = excluded.text, editor = excluded.editor, created_at = excluded.created_at
		WHERE source_texts.sha256 <> excluded.sha256`,
		source, sum, text, editor, ts).Error
}

func sameOffsets(a, b models.Figure) bool {
	eq := func(x, y *int) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(a.QuoteStart, b.QuoteStart) && eq(a.QuoteEnd, b.QuoteEnd)
}

// clip shortens s to at most n runes for an error message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
