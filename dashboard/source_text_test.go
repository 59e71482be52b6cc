package dashboard

// Tests of the ways attaching a source text is refused: every problem
// provenance.VerifySource finds is the editor's to fix, shown next to the
// input it came from with a 400, and nothing is recorded.

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"forcedreturns/internal/provenance"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

func TestSourceTextRefused(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	cookie := signIn(t, es, es.editor.Email)
	src := storetest.Source("border-2020")
	ch := models.Change{Editor: "fixture@example.org", Reason: "fixture"}
	if err := es.st.CreateSource(ctx, &src, ch); err != nil {
		t.Fatal(err)
	}
	add := func(key, quote string, status models.Status) {
		f := storetest.Figure(key, "apprehended", src.Key)
		f.Quote, f.Status = quote, status
		if status == models.StatusRetracted {
			f.RetractReason = "wrong quote"
		}
		if err := es.st.CreateFigure(ctx, &f, ch); err != nil {
			t.Fatal(err)
		}
	}
	add("border-detained", quoteDetained, models.StatusPublished)
	post := func(fields map[string]string, fileName, content string) *http.Response {
		if fileName == "" {
			form := url.Values{}
			for k, v := range fields {
				form.Set(k, v)
			}
			return postForm(t, es, "/sources/border-2020/text", form, cookie)
		}
		mp, ctype := multipartForm(t, fields, fileName, content)
		return request{method: http.MethodPost, path: "/sources/border-2020/text", body: mp, ctype: ctype, cookie: cookie,
			headers: []string{"Sec-Fetch-Site", "same-origin"}}.do(t, es)
	}
	nothingRecorded := func(t *testing.T) {
		t.Helper()
		if _, _, err := es.st.GetSourceText(ctx, src.Key); models.ErrorCode(err) != models.ENotFound {
			t.Errorf("a refused text was recorded: %v", err)
		}
	}

	for _, tt := range []struct {
		name              string
		fields            map[string]string
		fileName, content string
		field, want       string
	}{
		{"nothing given", map[string]string{"reason": "x"}, "", "", "text", "required: paste the source's text"},
		{"pasted text with a NUL byte", map[string]string{"text": "Activists\x00 said"}, "", "", "text", "contains a NUL byte (at byte 9)"},
		{"pasted blank text", map[string]string{"text": " \n "}, "", "", "text", "the source text is empty"},
		{"pasted HTML that shows nothing", map[string]string{"text": "<script>var x;</script>", "is_html": "true"}, "", "", "text", "the source text is empty"},
		{"uploaded Latin-1", nil, "report.txt", "caf\xe9 " + borderReport, "file", "is not UTF-8 text: convert it first"},
		{"uploaded HTML with a NUL byte", nil, "report.html", "<p>Activists\x00</p>", "file", "contains a NUL byte"},
		{"uploaded file too large", nil, "report.txt", strings.Repeat("a", provenance.MaxTextSize+1),
			"file", "the source text has 16777217 bytes; at most 16777216 (16 MB) are accepted"},
		{"uploaded PDF", nil, "report.pdf", "%PDF-1.4", "file", "upload a .txt or .html file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := post(tt.fields, tt.fileName, tt.content)
			page := body(t, r)
			if got := fieldErrors(page, tt.field); r.StatusCode != http.StatusBadRequest || !strings.Contains(got, tt.want) {
				t.Errorf("status %d, problems of %s %q; want 400 and %q", r.StatusCode, tt.field, got, tt.want)
			}
			nothingRecorded(t)
		})
	}

	// A stored quote with nothing to look for (only invisible characters)
	// cannot be verified: it is listed like a quote not found, and
	// nothing is recorded, rather than the text being recorded without it.
	add("border-invisible", "\u200b", models.StatusPublished)
	add("border-invisible-retracted", "\u00ad", models.StatusRetracted)
	r := post(map[string]string{"text": borderReport}, "", "")
	page := html.UnescapeString(body(t, r))
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(page, "1 quote of this source is not in the text") ||
		!strings.Contains(page, "(<code>border-invisible</code>) quotes:") {
		t.Errorf("a quote with nothing to look for: status %d, page lacks the refusal naming it", r.StatusCode)
	}
	if strings.Contains(page, "border-invisible-retracted") {
		t.Error("a retracted figure's quote blocks the verification")
	}
	nothingRecorded(t)
}
