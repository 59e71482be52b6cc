package main

import (
	"context"
	"fmt"

	"forcedreturns/internal/config"
	"forcedreturns/internal/intake"
	"forcedreturns/internal/provenance"
)

// cmdIntake proposes the figures of a source's text, printed as an import
// file of drafts.
func cmdIntake(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("intake", "--source ID --text FILE [flags]",
		"Read a source's text and propose the figures it states, printed in the YAML import format as drafts:\n"+
			"each quotes its sentence (with its byte offsets in the text, so it is verified by construction), and\n"+
			"comments say, field by field, why it was guessed so. Review and edit the file, delete what is wrong,\n"+
			"then import it (import -reason \"from intake\" FILE). Nothing is written to the database. Proposals stored\n"+
			"as figures of the source already, or rejected for this text on the review page, are left out.")
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	source := fs.String("source", "", "the id of the source the text is of (required; it must exist)")
	text := fs.String("text", "", "the source's text as a UTF-8 file of at most 16 MB (required); .html and .htm files are converted to the text\na browser shows; - reads standard input")
	asHTML := fs.Bool("html", false, "convert the text from HTML whatever the file's name")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected arguments: %v", fs.Args())
	case *source == "":
		return usagef("--source is required: the id of the source the text is of")
	case *text == "":
		return usagef("--text is required: the file holding the source's text (- for standard input)")
	}
	raw, isHTML, err := a.readSourceText(*text, *asHTML)
	if err != nil {
		return err
	}
	// The text verification reads, so that the proposed offsets are the
	// ones it records.
	body, err := provenance.SourceText(raw, isHTML)
	if err != nil {
		return fmt.Errorf("%s: %w", *text, err)
	}
	s, err := a.openStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	src, err := s.GetSource(ctx, *source)
	if err != nil {
		return err
	}
	metrics, err := s.ListMetrics(ctx)
	if err != nil {
		return err
	}
	sha := provenance.NewText(body).SHA256()
	// What an editor decided already, here or on the review page, is not
	// proposed again: figures of the source, and rejections of this text.
	figs, err := s.SourceFigures(ctx, src.Key)
	if err != nil {
		return err
	}
	rej, err := s.IntakeRejections(ctx, src.Key, sha)
	if err != nil {
		return err
	}
	ps, nRejected, nStored := intake.Unreviewed(intake.Propose(body, src, intake.Options{Metrics: metrics}), rej, figs)
	left := ""
	if nRejected+nStored > 0 {
		left = fmt.Sprintf("\nLeft out as decided already: %d stored as figures of the source, %d rejected for this text on the review page.", nStored, nRejected)
	}
	lang := ""
	if _, ok := intake.LexiconFor(src.Language); !ok {
		lang = fmt.Sprintf("\nThe source's language (%s) has no word tables yet: the text was read as English.", oneLine(src.Language))
	}
	header := fmt.Sprintf("%d figures proposed by forcedreturns intake for source %s (published %s) from %s (sha256 %s).\n"+
		"Every field but the quote is a guess: review each draft, delete the wrong ones, then import the file.\n"+
		"quote_start and quote_end are byte offsets into that text: verify it after import to record it.",
		len(ps), src.Key, src.PublishedText(), oneLine(*text), sha) + left + lang
	return intake.WriteYAML(a.stdout, ps, header)
}
