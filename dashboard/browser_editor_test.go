package dashboard

// The editor's whole flow in a real browser: sign in, add a source,
// attach its text, add a figure, edit it, retract another, read the
// history; with no console error and no CSP violation on any page.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// fill sets the inputs of the page's form by id (in-<name>) and submits
// it by clicking its submit button, as a person would.
const fillAndSubmitJS = `function (values, formSelector) {
  for (const [name, value] of Object.entries(values)) {
    const el = document.getElementById('in-' + name);
    if (!el) throw new Error('no input ' + name);
    if (el.type === 'checkbox') el.checked = value === 'true'; else el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
  const form = document.querySelector(formSelector || 'form.edit-form');
  form.querySelector('button[type="submit"]').click();
  return true;
}`

func (b *browserTab) submit(values map[string]string, formSelector string) {
	b.t.Helper()
	call[bool](b, fillAndSubmitJS, values, formSelector)
}

// waitPath waits until the tab shows path, fully loaded. A form's
// submission navigates: evaluating while the old document goes away
// fails, and is simply tried again.
func (b *browserTab) waitPath(path string) {
	b.t.Helper()
	expr := `location.pathname + location.search === ` + jsString(path) + ` && document.readyState === 'complete'`
	if !b.waitFor(expr) {
		b.t.Fatalf("did not reach %s; at %s: %.300s", path, eval[string](b, "location.href"),
			eval[string](b, "document.querySelector('main') ? document.querySelector('main').innerText : ''"))
	}
}

// waitFor evaluates expr until it is true, across navigations.
func (b *browserTab) waitFor(expr string) bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return true
		}
		if b.ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

func jsString(s string) string {
	return "'" + s + "'" // paths here never contain quotes
}

func (b *browserTab) mainText() string {
	b.t.Helper()
	return eval[string](b, "document.querySelector('main').innerText")
}

func (b *browserTab) clickLink(text string) {
	b.t.Helper()
	call[bool](b, `function (text) {
	  const a = Array.from(document.querySelectorAll('a')).find((x) => x.textContent.trim() === text);
	  if (!a) throw new Error('no link ' + text);
	  a.click();
	  return true;
	}`, text)
}

// expectLoadError forgets the console's report of a document answered
// with status on purpose (a refused form is 400, and Chromium logs every
// 4xx document as a failed load), and fails if there was none.
func (b *browserTab) expectLoadError(path string, status int) {
	b.t.Helper()
	time.Sleep(50 * time.Millisecond) // let the event reach the listener
	want := fmt.Sprintf("status of %d", status)
	b.mu.Lock()
	defer b.mu.Unlock()
	kept, found := b.problems[:0], false
	for _, p := range b.problems {
		if !found && strings.Contains(p, want) && strings.Contains(p, path+")") {
			found = true
			continue
		}
		kept = append(kept, p)
	}
	b.problems = kept
	if !found {
		b.t.Errorf("no %d answer to %s was seen", status, path)
	}
}

func wantText(t *testing.T, page, where string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %q", where, w)
		}
	}
}

func TestBrowserEditorFlow(t *testing.T) {
	base := startSite(t, func(t *testing.T, st *store.Store) { addEditor(t, st, "ed@example.org", models.RoleEditor) })
	tab := openTab(t, tabOptions{width: 1280, height: 900})

	// Sign in, and come back to the page that asked for it.
	tab.navigate(base + "/sources/new")
	tab.waitPath("/signin?next=%2Fsources%2Fnew")
	tab.submit(map[string]string{"email": "ed@example.org", "password": testPassword}, "form.signin-form")
	tab.waitPath("/sources/new")
	if got := eval[string](tab, "document.querySelector('.session-editor').textContent"); got != "Editor ed" {
		t.Errorf("the header names %q as signed in", got)
	}

	// Add a source.
	tab.submit(map[string]string{"id": "browser-src", "title": "Refugees caught at the border", "kind": "ngo_report",
		"publisher": "Border Watch", "published_on": "2020-04-02", "url": "https://example.org/reports/border",
		"reason": "new report"}, "")
	tab.waitPath("/sources/browser-src")
	wantText(t, tab.mainText(), "the new source's page", "Refugees caught at the border", "not yet: no source text attached", "create")

	// Attach its text (pasted).
	tab.clickLink("Verify quotes against the text")
	tab.waitPath("/sources/browser-src/text")
	tab.submit(map[string]string{"text": borderReport, "reason": "copy of the report"}, "")
	tab.waitPath("/sources/browser-src")
	wantText(t, tab.mainText(), "the source page after attaching the text", "against the text with sha256", "copy of the report")

	// Add a figure from it; its quote is checked against the text.
	tab.clickLink("Add a figure")
	tab.waitPath("/figures/new?source=browser-src")
	figure := map[string]string{"id": "browser-fig", "metric": "apprehended", "qualifier": "at_least", "value": "12",
		"period_start": "2020-03", "quantity_kind": "flow", "population": "North Koreans", "acting_state": "CN",
		"receiving_state": "KP", "quote": "at least 12 people were held near Dandong", "reported_by": "Border Watch",
		"reason": "from the report"}
	tab.submit(figure, "")
	tab.waitPath("/figures/new")
	wantText(t, tab.mainText(), "the refused figure form", "Not saved.", "The closest passage is:", "detained near Dandong")
	tab.expectLoadError("/figures/new", 400)
	if got := eval[string](tab, "document.getElementById('in-population').value"); got != "North Koreans" {
		t.Errorf("the refused form lost the population: %q", got)
	}
	tab.submit(map[string]string{"quote": `Activists said that "at least 12 people were detained near Dandong" in March 2020`}, "")
	tab.waitPath("/figures/browser-fig")
	wantText(t, tab.mainText(), "the new figure's page", "at least 12", "Verified against the source text (sha256")

	// Edit it.
	tab.clickLink("Edit")
	tab.waitPath("/figures/browser-fig/edit")
	tab.submit(map[string]string{"value": "13", "reason": "the report says 13"}, "")
	tab.waitPath("/figures/browser-fig")
	wantText(t, tab.mainText(), "the edited figure's page", "at least 13")

	// Retract another figure, with a reason.
	tab.navigate(base + "/figures/" + seedFigure)
	call[bool](tab, `function () {
	  document.getElementById('retract-reason').value = 'counted twice by the report';
	  document.querySelector('form[action$="/retract"] button[type="submit"]').click();
	  return true;
	}`)
	if !tab.waitFor(`document.readyState === 'complete' && !!document.querySelector('.notice-retracted')`) {
		t.Fatal("the retraction did not show")
	}
	wantText(t, tab.mainText(), "the retracted figure's page", "Retracted.", "counted twice by the report", "Restore")

	// The history of the edited figure, with what changed.
	tab.navigate(base + "/figures/browser-fig")
	history := eval[string](tab, "document.querySelector('ol.history').innerText")
	wantText(t, history, "the figure's history", "update", "the report says 13", "create", "from the report", "value", "12", "13", "Editor ed")

	// Signing out ends it.
	call[bool](tab, `function () { document.querySelector('form.signout-form button').click(); return true; }`)
	tab.waitPath("/")
	if eval[bool](tab, "!!document.querySelector('.session-editor')") {
		t.Error("still signed in after signing out")
	}
}
