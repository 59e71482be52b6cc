package dashboard

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/models"
)

// TestChartViewInView checks a chart's share links keep the page's view,
// and that the cached chart they were copied from keeps none.
func TestChartViewInView(t *testing.T) {
	t.Parallel()
	c := charts.Chart{Name: "timeline-x", Title: `Returns "over" time`}
	cached := chartView{Chart: c, Permalink: "/?step=year#chart-timeline-x",
		EmbedURL:  "http://example.org/embed/charts/timeline-x?step=year",
		StepLinks: []stepLink{{Label: "By month", URL: "/?step=month#chart-timeline-x"}, {Label: "By year", Current: true, URL: "/?step=year#chart-timeline-x"}}}
	cached.EmbedSnippet = embedSnippet(cached.EmbedURL, c.Title)
	before := cached.EmbedSnippet

	if got := cached.inView(""); got.Permalink != cached.Permalink || got.EmbedSnippet != before {
		t.Errorf("inView(\"\") changed the links: %+v", got)
	}
	got := cached.inView("rate")
	if want := "/?step=year&view=rate#chart-timeline-x"; got.Permalink != want {
		t.Errorf("permalink %q, want %q", got.Permalink, want)
	}
	if want := "/?step=month&view=rate#chart-timeline-x"; got.StepLinks[0].URL != want || !got.StepLinks[1].Current {
		t.Errorf("step links %+v, want the first %q", got.StepLinks, want)
	}
	if want := `<iframe src="http://example.org/embed/charts/timeline-x?step=year&amp;view=rate" title="Returns &#34;over&#34; time"`; !strings.HasPrefix(got.EmbedSnippet, want) {
		t.Errorf("embed snippet %s, want it to start %s", got.EmbedSnippet, want)
	}
	if cached.StepLinks[0].URL != "/?step=month#chart-timeline-x" || cached.EmbedSnippet != before {
		t.Errorf("inView changed the cached chart: %+v", cached)
	}
}

func TestPageView(t *testing.T) {
	t.Parallel()
	for query, want := range map[string]string{"": "", "?view=": "", "?view=rate": "rate", "?view=count": "", "?view=counts": "!", "?view=RATE": "!", "?view=%3Cb%3E": "!"} {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest("GET", "/"+query, nil)
		got, err := pageView(c)
		if want == "!" {
			if models.ErrorCode(err) != models.EInvalid || !strings.Contains(err.Error(), "view must be count (the numbers as reported, the default) or rate") {
				t.Errorf("pageView(%q) = %q, %v; want it refused, naming view and rate", query, got, err)
			}
			continue
		}
		if got != want || err != nil {
			t.Errorf("pageView(%q) = %q, %v; want %q", query, got, err, want)
		}
	}
}
