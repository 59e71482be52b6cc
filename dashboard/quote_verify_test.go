package dashboard

// Tests of verifying quotes against a source's text: attaching the text
// (pasted or uploaded as HTML), and checking new and edited quotes.

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"forcedreturns/internal/provenance"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// borderReport is a small source text written for these tests, with what
// copying text changes: curly quotes, an em dash, an apostrophe, a line
// break inside a sentence.
const borderReport = `Refugees caught at the border

Activists said that “at least 12 people were detained near Dandong” in March 2020 — most of them women.
Officials didn’t confirm the figure; another 7 were
sent back to North Korea within a week.`

// borderReportHTML is the same report as a saved web page.
const borderReportHTML = `<!doctype html><html><head><title>Report</title><style>p{color:red}</style><script>var x = "at least 99";</script></head>
<body><h1>Refugees caught at the border</h1>
<p>Activists said that &ldquo;at least 12 people were detained near <b>Dandong</b>&rdquo; in March 2020 &mdash; most of them women.</p>
<p>Officials didn&rsquo;t confirm the figure; another 7 were
sent back to North Korea within a week.</p></body></html>`

// quotes as an editor types them: straight quotes, a hyphen, one line.
const (
	quoteDetained = `Activists said that "at least 12 people were detained near Dandong" in March 2020 - most of them women.`
	quoteReturned = `Officials didn't confirm the figure; another 7 were sent back to North Korea within a week.`
	quoteTypo     = `Activists said that "at least 12 people were held near Dandong" in March 2020`
)

// multipartForm encodes fields and one file.
func multipartForm(t *testing.T, fields map[string]string, fileName, content string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fileName != "" {
		fw, err := w.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), w.FormDataContentType()
}

func TestQuoteVerification(t *testing.T) {
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
	add("border-returned", quoteReturned, models.StatusPublished)
	add("border-typo", quoteTypo, models.StatusPublished)
	add("border-retracted", "a sentence that is in no text at all", models.StatusRetracted)

	// One quote is not in the text: nothing is recorded, and the page
	// shows the closest passage for it.
	r := postForm(t, es, "/sources/border-2020/text", url.Values{"text": {borderReport}, "reason": {"from the archive"}}, cookie)
	page := html.UnescapeString(body(t, r))
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("attach with a missing quote: status %d, want 400", r.StatusCode)
	}
	for _, s := range []string{"1 quote of this source is not in the text", "border-typo", quoteTypo, "The closest passage of the text is:",
		"“at least 12 people were detained near Dandong” in March 2020"} {
		if !strings.Contains(page, s) {
			t.Errorf("the refusal lacks %q", s)
		}
	}
	if strings.Contains(page, "border-retracted") {
		t.Error("a retracted figure's quote blocks the verification")
	}
	if inputValue(body(t, postForm(t, es, "/sources/border-2020/text", url.Values{"text": {borderReport}}, cookie)), "text") != borderReport {
		t.Error("the pasted text was not kept in the form")
	}
	if s, _ := es.st.GetSource(ctx, "border-2020"); s.TextSHA256 != "" {
		t.Fatalf("a refused text was recorded: %s", s.TextSHA256)
	}

	// Fix the typo, then upload the report as a saved web page.
	v, err := es.st.GetFigure(ctx, "border-typo", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	fixed := v.Figure
	fixed.Quote = "at least 12 people were detained near Dandong"
	if err := es.st.UpdateFigure(ctx, &fixed, ch); err != nil {
		t.Fatal(err)
	}
	mp, ctype := multipartForm(t, map[string]string{"reason": "saved page of 2024-01-15"}, "report.html", borderReportHTML)
	r = request{method: http.MethodPost, path: "/sources/border-2020/text", body: mp, ctype: ctype, cookie: cookie,
		headers: []string{"Sec-Fetch-Site", "same-origin"}}.do(t, es)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("attach the HTML page: status %d %s", r.StatusCode, body(t, r))
	}
	want, err := provenance.HTMLToText(strings.NewReader(borderReportHTML))
	if err != nil {
		t.Fatal(err)
	}
	text, sha, err := es.st.GetSourceText(ctx, "border-2020")
	if err != nil || text != want || sha != provenance.NewText(want).SHA256() {
		t.Fatalf("stored text %q (sha %s, err %v), want the page's text", text, sha, err)
	}
	if strings.Contains(text, "at least 99") || strings.Contains(text, "color:red") {
		t.Error("the page's script or style became part of the text")
	}
	for _, key := range []string{"border-detained", "border-returned", "border-typo"} {
		v, err := es.st.GetFigure(ctx, key, models.AudienceEditors)
		if err != nil {
			t.Fatal(err)
		}
		f := v.Figure
		if f.QuoteStart == nil || provenance.Normalize(text[*f.QuoteStart:*f.QuoteEnd]) != provenance.Normalize(f.Quote) {
			t.Errorf("%s: offsets %v–%v do not point at the quote", key, f.QuoteStart, f.QuoteEnd)
		}
	}
	page = body(t, get(t, es, "/figures/border-detained"))
	if !strings.Contains(page, "Verified against the source text (sha256 <code class=\"hash\">"+sha+"</code>)") {
		t.Error("the figure page does not say the quote was verified")
	}
	revs, err := es.st.Revisions(ctx, models.EntitySource, "border-2020", models.AudienceEditors)
	if err != nil || revs[len(revs)-1].Reason != "saved page of 2024-01-15" || revs[len(revs)-1].Editor != es.editor.Name {
		t.Errorf("the attachment's revision: %+v %v", revs[len(revs)-1], err)
	}

	// From now on, new and edited quotes of this source are checked.
	form := figureForm("border-new", "border-2020")
	form.Set("quote", "another 7 were sent back to South Korea")
	r = postForm(t, es, "/figures/new", form, cookie)
	page = body(t, r)
	if got := fieldErrors(page, "quote"); r.StatusCode != http.StatusBadRequest || !strings.Contains(got, "is not in the text attached to the source") ||
		!strings.Contains(got, "The closest passage is: “another 7 were sent back to North Korea") {
		t.Errorf("a quote not in the text: status %d, quote problems %q", r.StatusCode, got)
	}
	if inputValue(page, "quote") != "another 7 were sent back to South Korea" {
		t.Error("the refused quote was not kept in the form")
	}
	form.Set("quote", "Officials didn’t confirm the figure;\n another 7 were sent back")
	if r := postForm(t, es, "/figures/new", form, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a quote in the text (other whitespace, curly apostrophe): %d %s", r.StatusCode, body(t, r))
	}
	nv, err := es.st.GetFigure(ctx, "border-new", models.AudienceEditors)
	if err != nil || nv.Figure.QuoteStart == nil || !strings.HasPrefix(text[*nv.Figure.QuoteStart:], "Officials didn’t confirm") {
		t.Errorf("the new figure's offsets: %+v %v", nv.Figure, err)
	}
	// Editing the quote to something else is refused the same way.
	page = body(t, getAs(t, es, "/figures/border-new/edit", cookie))
	edit := url.Values{"version": {versionOf(t, page)}, "reason": {"shorter quote"}}
	for _, n := range figureInputs {
		if n != "reason" && n != "derived" {
			edit.Set(n, inputValue(page, n))
		}
	}
	edit.Set("quote", "Officials confirmed the figure")
	r = postForm(t, es, "/figures/border-new/edit", edit, cookie)
	if got := fieldErrors(body(t, r), "quote"); r.StatusCode != http.StatusBadRequest || !strings.Contains(got, "closest passage") {
		t.Errorf("an edited quote not in the text: status %d, problems %q", r.StatusCode, got)
	}
	// A file of another kind is refused by field.
	mp, ctype = multipartForm(t, nil, "report.pdf", "%PDF-1.4")
	r = request{method: http.MethodPost, path: "/sources/border-2020/text", body: mp, ctype: ctype, cookie: cookie,
		headers: []string{"Sec-Fetch-Site", "same-origin"}}.do(t, es)
	if got := fieldErrors(body(t, r), "file"); r.StatusCode != http.StatusBadRequest || !strings.Contains(got, ".txt or .html") {
		t.Errorf("a PDF: status %d, problems %q", r.StatusCode, got)
	}
}
