package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"forcedreturns/internal/config"
	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// errQuotesNotFound makes `verify` exit 1 after listing what failed.
type errQuotesNotFound struct{ n, of int }

func (e errQuotesNotFound) Error() string {
	return fmt.Sprintf("%d of %d quotes not found in the text: nothing recorded", e.n, e.of)
}

func cmdVerify(ctx context.Context, a *app, args []string) error {
	v, err := a.verifyFlags(args)
	if err != nil {
		return err
	}
	raw, asHTML, err := a.readSourceText(v.text, v.html)
	if err != nil {
		return err
	}
	s, err := a.openStore(ctx, v.db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	figs, err := s.SourceFigures(ctx, v.source)
	if err != nil {
		return err
	}
	res, err := provenance.VerifySource(raw, asHTML, figs)
	if err != nil {
		return fmt.Errorf("%s: %w", v.text, err)
	}
	a.printVerification(res)
	quotes := res.Quotes()
	fmt.Fprintf(a.stdout, "%d of %d quotes of source %s found in %s (sha256 %s)\n", len(quotes), len(figs), v.source, v.text, res.SHA256)
	if missing := res.Missing(); len(missing) > 0 {
		return errQuotesNotFound{len(missing), len(figs)}
	}
	if v.dryRun {
		fmt.Fprintln(a.stdout, "dry run: nothing recorded")
		return nil
	}
	c := models.Change{Editor: v.editor, Reason: fmt.Sprintf("verified against %s (sha256 %s)", v.text, res.SHA256)}
	if err := s.AttachSourceText(ctx, v.source, res.Text, res.SHA256, quotes, c); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "recorded the text and the offsets of %d quotes\n", len(quotes))
	return nil
}

// verifyArgs are what the flags of `verify` ask for.
type verifyArgs struct {
	db                   config.Database
	source, text, editor string
	html, dryRun         bool
}

// verifyFlags parses the flags of `verify`; --source and --text are
// required.
func (a *app) verifyFlags(args []string) (verifyArgs, error) {
	fs := a.newFlagSet("verify", "--source ID --text FILE [flags]",
		"Verify that every figure of a source quotes it exactly: each quote is looked for in the source's text\n"+
			"(white space, curly quotes and dashes normalised) and its byte offsets printed, or NOT FOUND with the\n"+
			"closest passage. If every quote is found, the text, its SHA-256 and the offsets are recorded (with a\n"+
			"revision of the source and of each figure whose offsets change); if any is missing, nothing is, and the\n"+
			"command exits 1. A retracted figure whose quote is missing is reported but does not fail the check.\n"+
			"The text is kept to verify later quotes; it is never published.")
	var v verifyArgs
	config.RegisterDatabase(fs, a.env, &v.db)
	fs.StringVar(&v.source, "source", "", "the id of the source whose figures to verify (required)")
	fs.StringVar(&v.text, "text", "", "the source's text as a UTF-8 file of at most 16 MB (required); .html and .htm files are converted to the text\na browser shows; - reads standard input")
	fs.BoolVar(&v.html, "html", false, "convert the text from HTML whatever the file's name")
	fs.BoolVar(&v.dryRun, "dry-run", false, "verify and report, record nothing")
	fs.StringVar(&v.editor, "editor", "verify", "who makes the change, recorded in each revision")
	if err := a.parse(fs, args); err != nil {
		return v, err
	}
	switch {
	case fs.NArg() > 0:
		return v, usagef("unexpected arguments: %v", fs.Args())
	case v.source == "":
		return v, usagef("--source is required: the id of the source to verify")
	case v.text == "":
		return v, usagef("--text is required: the file holding the source's text")
	}
	return v, nil
}

// printVerification lists each figure's outcome: its offsets, or the
// passage closest to a quote not found.
func (a *app) printVerification(res provenance.Result) {
	for _, o := range res.Outcomes {
		if o.Paraphrase {
			fmt.Fprintf(a.stdout, "paraphrase %s  not looked for: as summarised by %s\n", o.Figure.Key, oneLine(o.Figure.ParaphrasedBy))
			continue
		}
		if o.Found {
			fmt.Fprintf(a.stdout, "ok         %s  bytes %d–%d\n", o.Figure.Key, o.Match.Start, o.Match.End)
			continue
		}
		note := ""
		if o.Excused {
			note = " (retracted: not required)"
		}
		fmt.Fprintf(a.stdout, "NOT FOUND  %s%s\n    quote:   %s\n", o.Figure.Key, note, oneLine(o.Figure.Quote))
		switch closest, at := o.Closest(); {
		case errors.Is(o.Err, provenance.ErrEmptyQuote):
			fmt.Fprintln(a.stdout, "    closest: none (the quote has no words to look for: correct it)")
		case closest == "":
			fmt.Fprintln(a.stdout, "    closest: none (the text shares no word with the quote)")
		default:
			fmt.Fprintf(a.stdout, "    closest: %s  (at byte %d)\n", oneLine(closest), at)
		}
	}
}

// readSourceText reads the file (or stdin for "-") as provenance.ReadText
// does, and says whether it is HTML: when asked, or when the name says so.
func (a *app) readSourceText(path string, isHTML bool) ([]byte, bool, error) {
	r := a.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, false, err
		}
		defer f.Close()
		r = f
	}
	raw, err := provenance.ReadText(r)
	if err != nil {
		return nil, false, err
	}
	return raw, isHTML || provenance.IsHTMLName(path), nil
}

// oneLine shows a passage on one line: white space collapsed, control
// characters (a terminal escape in a downloaded file) made spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(printable(s)), " ") }
