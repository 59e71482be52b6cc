package dashboard

import (
	"testing"
)

// TestBrowserKorean opens the Korean sign-in page and a figure quoted
// from a Korean-language source on a phone: the pages are Korean, fit the
// screen, and Korean quotes and titles stand upright while English quotes
// stay italic.
func TestBrowserKorean(t *testing.T) {
	base := startSite(t, loadKorean)
	tab := openTab(t, viewports[0].tabOptions) // the phone, 375 px
	type report struct {
		Lang     string  `json:"lang"`
		Heading  string  `json:"heading"`
		Scroll   float64 `json:"scroll"`
		Width    float64 `json:"width"`
		Quote    string  `json:"quote"`
		Cite     string  `json:"cite"`
		QuoteLen float64 `json:"quoteWidth"`
	}
	const inspect = `function () {
	  const q = document.querySelector('blockquote.quote p'), c = document.querySelector('blockquote.quote cite');
	  return { lang: document.documentElement.lang, heading: document.querySelector('h1').innerText,
	    scroll: document.documentElement.scrollWidth, width: window.innerWidth,
	    quote: q ? getComputedStyle(q).fontStyle : '', cite: c ? getComputedStyle(c).fontStyle : '',
	    quoteWidth: q ? q.getBoundingClientRect().width : 0 };
	}`
	tests := []struct {
		path, lang, heading, quote, cite string
	}{
		{"/ko/signin", "ko", "로그인", "", ""},
		{"/ko/figures/" + koreanFigure, "ko", "", "normal", "normal"},
		{"/figures/" + seedFigure, "en", "", "italic", "italic"},
	}
	for _, tt := range tests {
		tab.navigate(base + tt.path)
		r := call[report](tab, inspect)
		if r.Lang != tt.lang || (tt.heading != "" && r.Heading != tt.heading) {
			t.Errorf("%s: lang %q, heading %q; want %q, %q", tt.path, r.Lang, r.Heading, tt.lang, tt.heading)
		}
		if r.Scroll > r.Width {
			t.Errorf("%s scrolls sideways at %v px: %v", tt.path, r.Width, r.Scroll)
		}
		if r.Quote != tt.quote || r.Cite != tt.cite {
			t.Errorf("%s: quote %q, title %q; want %q, %q", tt.path, r.Quote, r.Cite, tt.quote, tt.cite)
		}
		if tt.quote != "" && r.QuoteLen <= 0 {
			t.Errorf("%s: the quote is not laid out", tt.path)
		}
		tab.assertClean()
	}
}
