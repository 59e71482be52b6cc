package dashboard

// Tests of the intake review page (/sources/{key}/intake): editors only;
// each proposal shown with its sentence, the number marked and escaped,
// its guesses; accepted proposals become drafts with an intake revision,
// rejections are remembered for the text; all or nothing.

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"forcedreturns/internal/intake"
	"forcedreturns/internal/provenance"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// intakeReport is a source text intake proposes four figures from, one
// of them in a sentence full of markup.
const intakeReport = "Border guards apprehended at least 41 North Koreans in July 2020.\n\n" +
	"Another 12 were sent back to North Korea in August 2020.\n\n" +
	"Police detained 7 people near Dandong in September 2020. " +
	`Activists wrote <script>alert(1)</script> "><img src=x onerror=alert(2)> and said 30 refugees were deported in October 2020.`

// intakeIDs returns the ids of the proposals on the page, in order.
func intakeIDs(page string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`<fieldset class="intake-proposal" id="(p-[0-9a-f]{12})">`).FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestIntakeReview(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	src := storetest.Source("border-2020")
	if err := es.st.CreateSource(ctx, &src, storetest.Change()); err != nil {
		t.Fatal(err)
	}
	// Another source already reports proposal 1's quantity: the page must
	// say so before it is accepted.
	other := storetest.Source("ngo-2020")
	if err := es.st.CreateSource(ctx, &other, storetest.Change()); err != nil {
		t.Fatal(err)
	}
	corr := storetest.Figure("ngo-2020-july", "apprehended", other.Key)
	corr.ActingState, corr.Quote = "", "At least 41 North Koreans were apprehended in July 2020."
	corr.Period = models.Period{Start: models.NewDate(2020, 7, 1), End: models.NewDate(2020, 7, 31), Precision: models.PrecisionMonth}
	if err := es.st.CreateFigure(ctx, &corr, storetest.Change()); err != nil {
		t.Fatal(err)
	}
	const path = "/sources/border-2020/intake"

	// Anonymous readers are sent to sign in, as on every editor route;
	// their post writes nothing.
	if r := get(t, es, path); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin?next=") {
		t.Fatalf("anonymous GET: %d %q, want a redirect to sign in", r.StatusCode, r.Header.Get("Location"))
	}
	if r := postForm(t, es, path, url.Values{}, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous POST: %d, want a redirect to sign in", r.StatusCode)
	}
	cookie := signIn(t, es, es.editor.Email)
	getPage := func() string {
		t.Helper()
		r := request{method: http.MethodGet, path: path, cookie: cookie}.do(t, es)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, r.StatusCode)
		}
		return body(t, r)
	}
	if page := getPage(); !strings.Contains(page, `href="/sources/border-2020/text"`) || len(intakeIDs(page)) != 0 {
		t.Fatalf("without a text the page must send the editor to attach one")
	}
	// The text is attached the way quote verification takes it.
	if r := postForm(t, es, "/sources/border-2020/text", url.Values{"text": {intakeReport}}, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("attaching the text: %d\n%s", r.StatusCode, body(t, r))
	}
	_, sha, err := es.st.GetSourceText(ctx, src.Key)
	if err != nil {
		t.Fatal(err)
	}

	page := getPage()
	ids := intakeIDs(page)
	if len(ids) != 4 {
		t.Fatalf("want 4 proposals, got %v", ids)
	}
	for _, want := range []string{
		`Border guards apprehended at least <mark class="intake-number">41</mark> North Koreans in July 2020.`,
		`Activists wrote &lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(2)&gt; and said <mark class="intake-number">30</mark> refugees`,
		`<strong>qualifier</strong> <code>at_least</code> — guessed:`,
		`name="text_sha256" value="` + sha + `"`,
		`<a href="/figures/ngo-2020-july">`,
		"the same quantity from another source: a corroboration",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "<img src=x", " style="} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	if inputValue(page, ids[0]+".value") != "41" || inputValue(page, ids[0]+".qualifier") != "at_least" {
		t.Errorf("proposal 1's fields: value %q, qualifier %q", inputValue(page, ids[0]+".value"), inputValue(page, ids[0]+".qualifier"))
	}

	decide := func(extra url.Values) url.Values {
		form := url.Values{"text_sha256": {sha}}
		for k, v := range extra {
			form[k] = v
		}
		return form
	}
	countFigures := func() int {
		t.Helper()
		figs, err := es.st.SourceFigures(ctx, src.Key)
		if err != nil {
			t.Fatal(err)
		}
		return len(figs)
	}

	// A bad edited value: 400 naming the field, the editor's input kept,
	// nothing written (not even the rejection).
	r := postForm(t, es, path, decide(url.Values{
		ids[0] + ".decision": {"accept"}, ids[0] + ".value": {"4l"},
		ids[1] + ".decision": {"accept"}, ids[2] + ".decision": {"reject"},
	}), cookie)
	page = body(t, r)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(page, `aria-describedby="err-`+ids[0]+`.value"`) || inputValue(page, ids[0]+".value") != "4l" {
		t.Fatalf("a bad value: %d, want 400 with the field %s.value named and kept", r.StatusCode, ids[0])
	}
	if !strings.Contains(page, `value="accept" checked`) {
		t.Errorf("the decisions were not kept")
	}
	if n := countFigures(); n != 0 {
		t.Fatalf("a refused review wrote %d figures", n)
	}
	if rej, err := es.st.IntakeRejections(ctx, src.Key, sha); err != nil || len(rej) != 0 {
		t.Fatalf("a refused review stored rejections: %v %v", rej, err)
	}

	// Accept two (one edited), reject one, leave one for later.
	r = postForm(t, es, path, decide(url.Values{
		ids[0] + ".decision": {"accept"}, ids[0] + ".value": {"42"},
		ids[1] + ".decision": {"accept"}, ids[2] + ".decision": {"reject"},
	}), cookie)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d\n%s", r.StatusCode, body(t, r))
	}
	figs, err := es.st.SourceFigures(ctx, src.Key)
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 2 {
		t.Fatalf("want 2 figures, got %d", len(figs))
	}
	byValue := map[int64]models.Figure{}
	for _, f := range figs {
		byValue[f.Value] = f
		if f.Status != models.StatusDraft || f.QuoteStart == nil || intakeReport[*f.QuoteStart:*f.QuoteEnd] != f.Quote {
			t.Errorf("figure %s: status %s, quote %q at %v: want a draft quoting the text at its offsets", f.Key, f.Status, f.Quote, f.QuoteStart)
		}
		revs, err := es.st.Revisions(ctx, models.EntityFigure, f.Key, models.AudienceEditors)
		if err != nil || len(revs) != 1 || !strings.HasPrefix(revs[0].Reason, "intake: proposed from the text of source border-2020") ||
			!strings.HasSuffix(revs[0].Reason, "accepted by "+es.editor.Name) {
			t.Errorf("figure %s revisions %+v (%v): want one saying it came from intake", f.Key, revs, err)
		}
	}
	if f, ok := byValue[42]; !ok || f.Qualifier != models.QualAtLeast || f.Metric != "apprehended" {
		t.Errorf("the edited proposal was not stored as at_least 42 apprehended: %+v", byValue)
	}
	if _, ok := byValue[12]; !ok {
		t.Errorf("the second accepted proposal is missing: %+v", byValue)
	}
	if rej, err := es.st.IntakeRejections(ctx, src.Key, sha); err != nil || len(rej) != 1 {
		t.Fatalf("want one rejection stored, got %v %v", rej, err)
	}

	// Running intake again proposes only what is new: neither the
	// rejected nor the accepted ones.
	page = getPage()
	if got := intakeIDs(page); len(got) != 1 || got[0] != ids[3] {
		t.Errorf("after the review, proposals %v, want only %s", got, ids[3])
	}
	if !strings.Contains(page, "1 rejected earlier") || !strings.Contains(page, "2 already in the tracker") {
		t.Errorf("the page does not say what it left out")
	}

	// A review of a text replaced meanwhile writes nothing.
	r = postForm(t, es, path, url.Values{"text_sha256": {strings.Repeat("0", 64)}, ids[3] + ".decision": {"reject"}}, cookie)
	if r.StatusCode != http.StatusConflict {
		t.Errorf("a stale text: %d, want 409", r.StatusCode)
	}
	if rej, _ := es.st.IntakeRejections(ctx, src.Key, sha); len(rej) != 1 {
		t.Errorf("a stale review stored a rejection")
	}
	// A form without the text's hash (or a broken one) is a bad request
	// naming the field, and writes nothing.
	for _, sum := range []string{"", "xyz", strings.Repeat("G", 64)} {
		r = postForm(t, es, path, url.Values{"text_sha256": {sum}, ids[3] + ".decision": {"reject"}}, cookie)
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "text_sha256") {
			t.Errorf("text_sha256 %q: %d, want 400 naming the field", sum, r.StatusCode)
		}
	}
	if rej, _ := es.st.IntakeRejections(ctx, src.Key, sha); len(rej) != 1 {
		t.Errorf("a bad review stored a rejection")
	}

	// A proposal's problems are listed, escaped, before it is accepted.
	p := intake.Proposal{ID: "p-0123456789ab", Written: "7", Problems: []models.FieldError{{Field: "period_start", Message: `required <b>now</b>`}}}
	out, err := es.Server.pages[models.English].Render("intake.html", "layout", pageData{Lang: models.English, Assets: es.Server.assets,
		Data: intakePage{Source: src, HasText: true, SHA256: sha, Items: []intakeItem{newIntakeItem(models.English, p, values{}, decideLater, figureChoices{})}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "To fix before it can be stored:") || !strings.Contains(string(out), "period_start: required &lt;b&gt;now&lt;/b&gt;") {
		t.Errorf("the proposal's problems are not listed, escaped")
	}
}

// The review page at 375 px, used from the keyboard alone: choose
// "accept" with the arrow keys, Tab to the proposal's value, Enter
// submits. No horizontal scrolling, and the markup in the text runs
// nothing (the tab fails on any alert, console error or CSP report).
func TestBrowserIntakeKeyboard(t *testing.T) {
	base := startSite(t, func(t *testing.T, st *store.Store) {
		addEditor(t, st, "ed@example.org", models.RoleEditor)
		ctx := context.Background()
		src := storetest.Source("border-2020")
		if err := st.CreateSource(ctx, &src, storetest.Change()); err != nil {
			t.Fatal(err)
		}
		if err := st.AttachSourceText(ctx, src.Key, intakeReport, provenance.NewText(intakeReport).SHA256(), nil, storetest.Change()); err != nil {
			t.Fatal(err)
		}
	})
	tab := openTab(t, tabOptions{width: 375, height: 800, mobile: true, scale: 2})
	tab.navigate(base + "/sources/border-2020/intake")
	tab.waitPath("/signin?next=%2Fsources%2Fborder-2020%2Fintake")
	tab.submit(map[string]string{"email": "ed@example.org", "password": testPassword}, "form.signin-form")
	tab.waitPath("/sources/border-2020/intake")
	if eval[bool](tab, "document.documentElement.scrollWidth > window.innerWidth") {
		t.Errorf("the page scrolls sideways at 375 px: %d px wide", eval[int](tab, "document.documentElement.scrollWidth"))
	}
	id := eval[string](tab, "document.querySelector('fieldset.intake-proposal').id")
	call[bool](tab, `function (id) { document.querySelector('input[name="' + id + '.decision"]').focus(); return true; }`, id)
	if _, err := chromedp.Run(tab.ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](tab, `document.querySelector('input[name="`+id+`.decision"]:checked').value`); got != "accept" {
		t.Fatalf("the arrow key chose %q, want accept", got)
	}
	reached := false
	for range 20 {
		if _, err := chromedp.Run(tab.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if eval[string](tab, "document.activeElement.id") == "in-"+id+".value" {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatalf("Tab never reached the proposal's value; stopped at %q", eval[string](tab, "document.activeElement.id"))
	}
	if _, err := chromedp.Run(tab.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	tab.waitPath("/sources/border-2020/intake?accepted=1&rejected=0")
	wantText(t, tab.mainText(), "the page after saving", "Saved: 1 accepted as draft, 0 rejected.", "1 already in the tracker")
}
