package main

import (
	"strings"
	"testing"

	"forcedreturns/internal/provenance"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds/seedtest"
)

// The fixture report (testdata/verify/report.txt, and the same page as
// HTML) is invented for these tests; the seed article is verified by
// TestVerifySeedArticle when it is beside the clone.
const (
	reportTXT  = "testdata/verify/report.txt"
	reportHTML = "testdata/verify/report.html"
	reportKey  = "fictional-report-2020"
)

// reportFigures are the figures the fixture report supports, their
// quotes written as an editor would paste them: straight quotes where the
// text has curly ones, no line breaks.
func reportFigures() []models.Figure {
	mk := func(key, quote string) models.Figure {
		f := storetest.Figure(key, "apprehended", reportKey)
		f.Quote = quote
		return f
	}
	return []models.Figure{
		mk("report-stopped", "monitors recorded that 17 people were stopped at the northern crossing and sent back within the same week."),
		mk("report-held", "at least 9 of them were still held in a detention centre near the border"),
		mk("report-volunteers", `the number of people who tried to cross "was far higher than anyone could count" - a number nobody has published.`),
	}
}

// newReportCLI returns a cli whose database holds the fixture report's
// source and figures, plus extra figures citing it.
func newReportCLI(t *testing.T, extra ...models.Figure) (*cli, *store.Store) {
	t.Helper()
	c := newCLI(t)
	c.ok("migrate")
	s := c.store()
	storetest.Apply(t, s, models.Batch{
		Metrics: []models.Metric{storetest.Metric("apprehended")},
		Sources: []models.Source{storetest.Source(reportKey)},
		Figures: append(reportFigures(), extra...),
	})
	return c, s
}

func sha256Of(t *testing.T, text string) string { return provenance.NewText(text).SHA256() }

func TestVerifyRecordsOffsets(t *testing.T) {
	c, s := newReportCLI(t)
	raw := readFile(t, reportTXT)
	out := c.ok("verify", "--source", reportKey, "--text", reportTXT, "--editor", "ana@example.org")
	sum := sha256Of(t, raw)
	contains(t, "verify", out,
		"ok         report-held  bytes ", "ok         report-stopped  bytes ", "ok         report-volunteers  bytes ",
		"3 of 3 quotes of source "+reportKey+" found in "+reportTXT+" (sha256 "+sum+")",
		"recorded the text and the offsets of 3 quotes")

	text, gotSum, err := s.GetSourceText(ctx, reportKey)
	if err != nil || text != raw || gotSum != sum {
		t.Fatalf("GetSourceText = %d bytes, %s, %v; want the file (%s)", len(text), gotSum, err, sum)
	}
	src, err := s.GetSource(ctx, reportKey)
	if err != nil || src.TextSHA256 != sum {
		t.Errorf("source text_sha256 = %q, %v", src.TextSHA256, err)
	}
	for _, f := range reportFigures() {
		v, err := s.GetFigure(ctx, f.Key, models.AudienceEditors)
		if err != nil {
			t.Fatal(err)
		}
		got := v.Figure
		if got.QuoteStart == nil || got.Version != 2 {
			t.Errorf("%s: offsets %v, version %d", f.Key, got.QuoteStart, got.Version)
			continue
		}
		if provenance.Normalize(raw[*got.QuoteStart:*got.QuoteEnd]) != provenance.Normalize(f.Quote) {
			t.Errorf("%s: offsets select %q", f.Key, raw[*got.QuoteStart:*got.QuoteEnd])
		}
		revs, err := s.Revisions(ctx, models.EntityFigure, f.Key, models.AudienceEditors)
		if err != nil {
			t.Fatal(err)
		}
		last := revs[len(revs)-1]
		if last.Editor != "ana@example.org" || last.Reason != "verified against "+reportTXT+" (sha256 "+sum+")" {
			t.Errorf("%s: revision %+v", f.Key, last)
		}
	}

	// Verifying again finds the same and changes nothing.
	c.ok("verify", "--source", reportKey, "--text", reportTXT)
	if v, _ := s.GetFigure(ctx, "report-held", models.AudienceEditors); v.Figure.Version != 2 {
		t.Errorf("a second verification made version %d", v.Figure.Version)
	}
}

func TestVerifyDryRun(t *testing.T) {
	c, s := newReportCLI(t)
	out := c.ok("verify", "--dry-run", "--source", reportKey, "--text", reportTXT)
	contains(t, "verify --dry-run", out, "3 of 3 quotes", "dry run: nothing recorded")
	if _, _, err := s.GetSourceText(ctx, reportKey); models.ErrorCode(err) != models.ENotFound {
		t.Errorf("a dry run recorded the text: %v", err)
	}
	if v, _ := s.GetFigure(ctx, "report-held", models.AudienceEditors); v.Figure.QuoteStart != nil || v.Figure.Version != 1 {
		t.Errorf("a dry run changed a figure: %+v", v.Figure)
	}
}

// One quote with a slip fails the whole verification: it is reported
// with the passage it was probably meant to be, and nothing is recorded.
func TestVerifyQuoteNotFound(t *testing.T) {
	typo := storetest.Figure("report-typo", "apprehended", reportKey)
	typo.Quote = "monitors recorded that 18 people were stopped at the northern crossing"
	c, s := newReportCLI(t, typo)
	r := c.run("verify", "--source", reportKey, "--text", reportTXT)
	if r.code != exitFailure {
		t.Fatalf("want exit 1: %s", r)
	}
	contains(t, "verify", r.stdout,
		"ok         report-held",
		"NOT FOUND  report-typo\n    quote:   monitors recorded that 18 people were stopped at the northern crossing\n",
		"    closest: monitors recorded that 17 people were stopped at the northern crossing  (at byte ",
		"3 of 4 quotes")
	contains(t, "stderr", r.stderr, "1 of 4 quotes not found in the text: nothing recorded")
	if _, _, err := s.GetSourceText(ctx, reportKey); models.ErrorCode(err) != models.ENotFound {
		t.Errorf("a failed verification recorded the text: %v", err)
	}
	if v, _ := s.GetFigure(ctx, "report-held", models.AudienceEditors); v.Figure.QuoteStart != nil {
		t.Error("a failed verification recorded offsets")
	}
}

// A retracted figure may quote what the text does not say (that may be
// why it was retracted): it is reported, not required.
func TestVerifyRetractedFigureNotRequired(t *testing.T) {
	gone := storetest.Figure("report-retracted", "apprehended", reportKey)
	gone.Quote = "a sentence this report never contained"
	gone.Status, gone.RetractReason = models.StatusRetracted, "misquoted"
	c, _ := newReportCLI(t, gone)
	out := c.ok("verify", "--source", reportKey, "--text", reportTXT)
	contains(t, "verify", out, "NOT FOUND  report-retracted (retracted: not required)", "3 of 4 quotes", "recorded the text")
}

// An HTML page is verified against the text a browser shows: entities
// decoded, tags and scripts gone.
func TestVerifyHTML(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"by extension", []string{"--text", reportHTML}},
		{"by flag", []string{"--html", "--text", "COPY"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, s := newReportCLI(t)
			args := append([]string{"verify", "--source", reportKey}, tt.args...)
			if args[len(args)-1] == "COPY" {
				args[len(args)-1] = c.write("page.txt", readFile(t, reportHTML))
			}
			out := c.ok(args...)
			contains(t, "verify", out, "3 of 3 quotes", "recorded the text")
			text, sum, err := s.GetSourceText(ctx, reportKey)
			if err != nil {
				t.Fatal(err)
			}
			want, err := provenance.HTMLToText(strings.NewReader(readFile(t, reportHTML)))
			if err != nil {
				t.Fatal(err)
			}
			if text != want || sum != sha256Of(t, want) {
				t.Errorf("stored %q (sha256 %s), want the page's text %q", text, sum, want)
			}
			for _, gone := range []string{"<p>", "tracking", "&ldquo;", "Hidden"} {
				if strings.Contains(text, gone) {
					t.Errorf("the stored text contains %q", gone)
				}
			}
		})
	}
}

func TestVerifyErrors(t *testing.T) {
	c, _ := newReportCLI(t)
	latin1 := c.write("latin1.txt", "caf\xe9 17 people")
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no source", []string{"--text", reportTXT}, exitUsage, "--source is required"},
		{"no text", []string{"--source", reportKey}, exitUsage, "--text is required"},
		{"stray argument", []string{"--source", reportKey, "--text", reportTXT, "extra"}, exitUsage, "unexpected arguments"},
		{"unknown source", []string{"--source", "no-such-source", "--text", reportTXT}, exitFailure, `no source "no-such-source"`},
		{"missing file", []string{"--source", reportKey, "--text", c.path("missing.txt")}, exitFailure, "missing.txt"},
		{"not UTF-8", []string{"--source", reportKey, "--text", latin1}, exitFailure, "is not UTF-8 text: convert it first"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := c.run(append([]string{"verify"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("want exit %d and %q: %s", tt.code, tt.want, r)
			}
		})
	}
	// Standard input works as a file named "-".
	r := c.runStdin(strings.NewReader(readFile(t, reportTXT)), "verify", "--dry-run", "--source", reportKey, "--text", "-")
	if r.code != exitOK || !strings.Contains(r.stdout, "3 of 3 quotes") {
		t.Errorf("verify --text -: %s", r)
	}
}

// A text that cannot be a source text is refused by the same check the
// dashboard applies (provenance.VerifySource), dry run or not, naming the
// file; nothing is recorded.
func TestVerifyRefusedText(t *testing.T) {
	c, s := newReportCLI(t)
	report := readFile(t, reportTXT)
	for _, tt := range []struct {
		name, file, content string
		want                string
	}{
		{"NUL byte", "nul.txt", strings.Replace(report, " ", "\x00", 1), "nul.txt: the source text contains a NUL byte"},
		{"NUL byte in HTML", "nul.html", "<p>" + strings.Replace(report, " ", "\x00", 1), "nul.html: the source text contains a NUL byte"},
		{"blank", "blank.txt", " \n\n ", "blank.txt: the source text is empty"},
		{"HTML showing nothing", "script.html", "<script>var x = 1;</script>", "script.html: the source text is empty"},
		{"too large", "large.txt", strings.Repeat("a", provenance.MaxTextSize+1), "large.txt: the source text has 16777217 bytes; at most 16777216 (16 MB) are accepted"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := c.write(tt.file, tt.content)
			for _, dry := range []bool{true, false} {
				args := []string{"verify", "--source", reportKey, "--text", path}
				if dry {
					args = append(args, "--dry-run")
				}
				r := c.run(args...)
				if r.code != exitFailure || !strings.Contains(r.stderr, tt.want) || strings.Contains(r.stdout, "quotes of source") {
					t.Errorf("dry run %v: want exit 1 and %q, no report: %s", dry, tt.want, r)
				}
			}
			if _, _, err := s.GetSourceText(ctx, reportKey); models.ErrorCode(err) != models.ENotFound {
				t.Errorf("a refused text was recorded: %v", err)
			}
		})
	}
}

// A stored quote with nothing to look for (only invisible characters) is
// reported with the others, as not found, and fails the verification;
// retracted, it is excused like any missing quote.
func TestVerifyQuoteWithNothingToFind(t *testing.T) {
	invisible := storetest.Figure("report-invisible", "apprehended", reportKey)
	invisible.Quote = "\u200b"
	gone := storetest.Figure("report-invisible-retracted", "apprehended", reportKey)
	gone.Quote, gone.Status, gone.RetractReason = "\u00ad", models.StatusRetracted, "no quote"
	c, s := newReportCLI(t, invisible, gone)
	r := c.run("verify", "--source", reportKey, "--text", reportTXT)
	if r.code != exitFailure {
		t.Fatalf("want exit 1: %s", r)
	}
	contains(t, "verify", r.stdout,
		"ok         report-held",
		"NOT FOUND  report-invisible\n    quote:   \u200b\n    closest: none (the quote has no words to look for: correct it)\n",
		"NOT FOUND  report-invisible-retracted (retracted: not required)\n",
		"3 of 5 quotes")
	contains(t, "stderr", r.stderr, "1 of 5 quotes not found in the text: nothing recorded")
	if _, _, err := s.GetSourceText(ctx, reportKey); models.ErrorCode(err) != models.ENotFound {
		t.Errorf("a failed verification recorded the text: %v", err)
	}
}

// Every quote of the seed data is in the archived article, as the
// verify command finds it, and verifying records it.
func TestVerifySeedArticle(t *testing.T) {
	raw, path := seedtest.Article(t)
	c := newSeededCLI(t)
	b := seedBatch(t)
	src := b.Sources[0].Key
	out := c.ok("verify", "--source", src, "--text", path)
	for _, f := range b.Figures {
		if f.Source == src {
			contains(t, "verify", out, "ok         "+f.Key+"  bytes ")
		}
	}
	contains(t, "verify", out, "recorded the text")
	s := c.store()
	if _, sum, err := s.GetSourceText(ctx, src); err != nil || sum != sha256Of(t, raw) {
		t.Errorf("GetSourceText: sha256 %s, %v", sum, err)
	}
}
