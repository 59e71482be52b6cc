package provenance_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// report is a source text with what copying changes: curly quotes, a
// dash, a line break inside a sentence.
const report = "Activists said “at least 12 people were detained” in March — most\nof them women. Another 7 were sent back."

func fig(key, quote string, status models.Status) models.Figure {
	return models.Figure{Key: key, Quote: quote, Status: status}
}

// outcome summarises an Outcome for comparison: "found 20–50",
// "missing (closest: …)", "excused (closest: …)", with "empty quote"
// instead of the closest passage for a quote with nothing to look for.
func outcome(o provenance.Outcome) string {
	if o.Found {
		return fmt.Sprintf("found %d–%d", o.Match.Start, o.Match.End)
	}
	state := "missing"
	if o.Excused {
		state = "excused"
	}
	if o.Paraphrase {
		return state + " (paraphrase, not looked for)"
	}
	if errors.Is(o.Err, provenance.ErrEmptyQuote) {
		return state + " (empty quote)"
	}
	closest, at := o.Closest()
	return fmt.Sprintf("%s (closest at %d: %q)", state, at, closest)
}

func TestVerifySource(t *testing.T) {
	published, retracted := models.StatusPublished, models.StatusRetracted
	detainedStart := strings.Index(report, "Activists")
	detainedEnd := strings.Index(report, " in March")
	returned := strings.Index(report, "Another 7")
	page := "<html><head><script>var s = 'at least 99';</script></head><body><p>Activists said &ldquo;at least 12 people were detained&rdquo;</p></body></html>"
	pageText := "Activists said “at least 12 people were detained”"

	for _, tt := range []struct {
		name     string
		raw      string
		isHTML   bool
		figs     []models.Figure
		wantErr  string // an EInvalid error containing this, and no result
		wantText string // defaults to raw
		want     []string
		wantOK   bool
	}{
		{
			name: "every quote found, as an editor types it",
			raw:  report,
			figs: []models.Figure{
				fig("returned", "Another 7 were sent back.", published),
				fig("detained", `Activists said "at least 12 people were detained"`, published),
			},
			// In the order given, not the text's.
			want:   []string{fmt.Sprintf("found %d–%d", returned, len(report)), fmt.Sprintf("found %d–%d", detainedStart, detainedEnd)},
			wantOK: true,
		},
		{
			name: "a quote with a slip is missing, with the closest passage",
			raw:  report,
			figs: []models.Figure{
				fig("returned", "Another 7 were sent back.", published),
				fig("typo", "Another 8 were sent back.", published),
			},
			want:   []string{fmt.Sprintf("found %d–%d", returned, len(report)), fmt.Sprintf("missing (closest at %d: %q)", returned, "Another 7 were sent back.")},
			wantOK: false,
		},
		{
			name:   "a quote sharing no word has no closest passage",
			raw:    report,
			figs:   []models.Figure{fig("elsewhere", "Xylophone quartet", published)},
			want:   []string{`missing (closest at -1: "")`},
			wantOK: false,
		},
		{
			name: "a retracted figure's missing quote is excused, its found quote recorded",
			raw:  report,
			figs: []models.Figure{
				fig("gone", "a sentence the report never had", retracted),
				fig("kept", "Another 7 were sent back.", retracted),
			},
			want:   []string{`excused (closest at -1: "")`, fmt.Sprintf("found %d–%d", returned, len(report))},
			wantOK: true,
		},
		{
			name: "a quote with nothing to look for is missing, not an error",
			raw:  report,
			figs: []models.Figure{
				fig("invisible", "\u200b", published),
				fig("invisible-retracted", "\u00ad", retracted),
			},
			want:   []string{"missing (empty quote)", "excused (empty quote)"},
			wantOK: false,
		},
		{
			name: "a paraphrase is excused, never looked for, even when its words are in the text",
			raw:  report,
			figs: []models.Figure{
				{Key: "summarised", Paraphrase: "Another 7 were sent back.", ParaphrasedBy: "Yonhap", Status: published},
				fig("returned", "Another 7 were sent back.", published),
			},
			want:   []string{"excused (paraphrase, not looked for)", fmt.Sprintf("found %d–%d", returned, len(report))},
			wantOK: true,
		},
		{
			name:   "no figures: nothing to fail",
			raw:    report,
			want:   []string{},
			wantOK: true,
		},
		{
			name:     "HTML is verified as the text a reader sees",
			raw:      page,
			isHTML:   true,
			figs:     []models.Figure{fig("detained", `said "at least 12 people were detained"`, published), fig("script", "at least 99", published)},
			wantText: pageText,
			want:     []string{fmt.Sprintf("found %d–%d", len("Activists "), len(pageText)), `missing (closest at 15: "“at least 12")`},
			wantOK:   false,
		},
		{
			name:     "HTML not asked for is taken as it is",
			raw:      "<p>at least 12</p>",
			figs:     []models.Figure{fig("tagged", "<p>at least 12", published)},
			wantText: "<p>at least 12</p>",
			want:     []string{"found 0–14"},
			wantOK:   true,
		},
		{name: "too large", raw: strings.Repeat("a", provenance.MaxTextSize+1), wantErr: "at most 16777216 (16 MB)"},
		{name: "HTML too large before conversion", raw: "<p>" + strings.Repeat(" ", provenance.MaxTextSize), isHTML: true, wantErr: "at most"},
		{name: "NUL byte", raw: "Another 7\x00 were sent back.", wantErr: "NUL byte (at byte 9)"},
		{name: "NUL byte in HTML", raw: "<p>Another 7\x00</p>", isHTML: true, wantErr: "NUL byte"},
		{name: "not UTF-8", raw: "caf\xe9 " + report, wantErr: "not UTF-8 text: convert it first"},
		{name: "empty", raw: "", wantErr: "empty"},
		{name: "blank", raw: " \n\t ", wantErr: "empty"},
		{name: "HTML showing nothing", raw: "<script>var x = 1;</script><p hidden>hidden</p>", isHTML: true, wantErr: "empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := provenance.VerifySource([]byte(tt.raw), tt.isHTML, tt.figs)
			if tt.wantErr != "" {
				if models.ErrorCode(err) != models.EInvalid || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want EInvalid with %q", err, tt.wantErr)
				}
				if res.Outcomes != nil || res.Text != "" {
					t.Errorf("a refused text has a result: %+v", res)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantText := tt.raw
			if tt.wantText != "" {
				wantText = tt.wantText
			}
			sum := sha256.Sum256([]byte(wantText))
			if res.Text != wantText || res.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("text %q (sha256 %s), want %q", res.Text, res.SHA256, wantText)
			}
			got := []string{}
			wantQuotes := map[string][2]int{}
			var wantMissing []string
			for i, o := range res.Outcomes {
				got = append(got, outcome(o))
				if o.Figure.Key != tt.figs[i].Key {
					t.Errorf("outcome %d is of %s, want %s", i, o.Figure.Key, tt.figs[i].Key)
				}
				if o.Found {
					wantQuotes[o.Figure.Key] = [2]int{o.Match.Start, o.Match.End}
					if provenance.Normalize(res.Text[o.Match.Start:o.Match.End]) != provenance.Normalize(o.Figure.Quote) {
						t.Errorf("%s: offsets select %q", o.Figure.Key, res.Text[o.Match.Start:o.Match.End])
					}
				} else if !o.Excused {
					wantMissing = append(wantMissing, o.Figure.Key)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantQuotes, res.Quotes()); diff != "" {
				t.Errorf("Quotes() (-want +got):\n%s", diff)
			}
			var missing []string
			for _, o := range res.Missing() {
				missing = append(missing, o.Figure.Key)
			}
			if diff := cmp.Diff(wantMissing, missing); diff != "" {
				t.Errorf("Missing() (-want +got):\n%s", diff)
			}
			if res.OK() != tt.wantOK {
				t.Errorf("OK() = %v, want %v", res.OK(), tt.wantOK)
			}
		})
	}
}

func TestCheckText(t *testing.T) {
	for _, tt := range []struct {
		name, text, want string // want "" for a valid text
	}{
		{"at the limit", strings.Repeat("a", provenance.MaxTextSize), ""},
		{"one byte over", strings.Repeat("a", provenance.MaxTextSize+1), "the source text has 16777217 bytes; at most 16777216 (16 MB) are accepted"},
		{"plain", report, ""},
		{"NUL", "a\x00", "the source text contains a NUL byte (at byte 1): it is a binary file, not a text"},
		{"Latin-1", "caf\xe9", "the source text is not UTF-8 text: convert it first (for example: iconv -f windows-1252 -t utf-8)"},
		{"blank", "\u00a0\n", "the source text is empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := provenance.CheckText(tt.text)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckText: %v", err)
			case tt.want == "":
			case models.ErrorCode(err) != models.EInvalid || models.ErrorMessage(err) != tt.want:
				t.Errorf("CheckText = %v (code %q), want EInvalid %q", err, models.ErrorCode(err), tt.want)
			}
		})
	}
}

// FuzzVerifySource checks what VerifySource promises for any text and
// quote: a refusal is EInvalid; otherwise the text kept passes
// CheckText, the SHA-256 is its own, and a quote found is at offsets
// that hold it.
func FuzzVerifySource(f *testing.F) {
	f.Add(report, false, "Another 7 were sent back.", false)
	f.Add("<p>Activists said &ldquo;at least 12&rdquo;</p>", true, `said "at least 12"`, false)
	f.Add("a\x00b", false, "a", false)
	f.Add(report, false, "\u200b", true)
	f.Fuzz(func(t *testing.T, raw string, isHTML bool, quote string, retracted bool) {
		status := models.StatusPublished
		if retracted {
			status = models.StatusRetracted
		}
		res, err := provenance.VerifySource([]byte(raw), isHTML, []models.Figure{fig("f", quote, status)})
		if err != nil {
			if models.ErrorCode(err) != models.EInvalid {
				t.Fatalf("refusal is not EInvalid: %v", err)
			}
			return
		}
		if err := provenance.CheckText(res.Text); err != nil {
			t.Fatalf("kept a text CheckText refuses: %v", err)
		}
		if !isHTML && res.Text != raw {
			t.Fatalf("a plain text was changed")
		}
		sum := sha256.Sum256([]byte(res.Text))
		if res.SHA256 != hex.EncodeToString(sum[:]) {
			t.Fatalf("SHA256 %s is not the text's", res.SHA256)
		}
		if len(res.Outcomes) != 1 {
			t.Fatalf("%d outcomes for one figure", len(res.Outcomes))
		}
		o := res.Outcomes[0]
		if o.Found {
			if o.Err != nil || o.Excused || provenance.Normalize(res.Text[o.Match.Start:o.Match.End]) != provenance.Normalize(quote) {
				t.Fatalf("found at %d–%d: %q (err %v, excused %v)", o.Match.Start, o.Match.End, res.Text[o.Match.Start:o.Match.End], o.Err, o.Excused)
			}
			if res.Quotes()["f"] != [2]int{o.Match.Start, o.Match.End} || !res.OK() {
				t.Fatalf("Quotes %v, OK %v for a found quote", res.Quotes(), res.OK())
			}
			return
		}
		if o.Err == nil || o.Excused != retracted || res.OK() != retracted || len(res.Quotes()) != 0 {
			t.Fatalf("not found: err %v, excused %v, OK %v, quotes %v", o.Err, o.Excused, res.OK(), res.Quotes())
		}
	})
}
