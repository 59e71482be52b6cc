package dashboard

import (
	"testing"

	"github.com/chromedp/chromedp"

	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// An administrator gives a metric its Korean label in the Korean editor
// form, at 1280 px, from the keyboard: the form's labels are Korean, Tab
// moves from the Korean label to the Korean definition, Enter on the
// focused button saves, and the Korean metrics page shows the label,
// marked lang="ko".
func TestBrowserKoreanMetricForm(t *testing.T) {
	base := startSite(t, func(t *testing.T, st *store.Store) { addEditor(t, st, "admin@example.org", models.RoleAdmin) })
	tab := openTab(t, tabOptions{width: 1280, height: 900})

	tab.navigate(base + "/ko/signin?next=%2Fko%2Fmetrics%2Fapprehended%2Fedit")
	tab.submit(map[string]string{"email": "admin@example.org", "password": testPassword}, "form.signin-form")
	tab.waitPath("/ko/metrics/apprehended/edit")
	wantText(t, tab.mainText(), "the Korean metric form", "지표 apprehended 편집", "한국어 이름", "변경 사유", "(필수)", "변경 내용 저장")
	if w := eval[int](tab, "document.documentElement.scrollWidth"); w > 1280 {
		t.Errorf("the form is %d px wide at 1280 px", w)
	}
	if got := eval[string](tab, "document.getElementById('in-label_ko').lang"); got != "ko" {
		t.Errorf("the Korean label's input has lang %q", got)
	}

	// Hangul comes from an input method, which a test cannot drive: it is
	// set as the IME would leave it; the rest is the keyboard's.
	call[bool](tab, `function () { const el = document.getElementById('in-label_ko'); el.focus(); el.value = '체포'; return true; }`)
	if err := chromedp.Do(tab.ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](tab, "document.activeElement.id"); got != "in-definition_ko" {
		t.Errorf("Tab from the Korean label went to %q, want the Korean definition", got)
	}
	if err := chromedp.Do(tab.ctx, chromedp.Focus(chromedp.CSS("#in-reason")), chromedp.KeyEvent("Korean label")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab.ctx, chromedp.Focus(chromedp.CSS("form.edit-form button[type=submit]")), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	tab.waitPath("/ko/metrics")
	if !tab.waitFor(`document.querySelector('#apprehended span') && document.querySelector('#apprehended span').lang === 'ko' && document.querySelector('#apprehended span').textContent === '체포'`) {
		t.Errorf("the Korean metrics page does not show the Korean label: %.300s", tab.mainText())
	}
}
