package dashboard

import (
	"context"
	"strings"
	"testing"

	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestKoreanCreditCarried: a source that repeats another's report is
// credited in Korean on every Korean page that names who published a
// figure — headline cards, the figure list's source column, the figure's
// quote footer and citation, the source list, the charts' source lines
// and tooltips, the embeds — with no "via", no "as carried by" and no
// English date (models.FigureView.CreditIn, models.CarriageIn), while
// the English pages keep the English credit. The seed carries no one's
// report: its source is made to carry one here.
func TestKoreanCreditCarried(t *testing.T) {
	s, st := newTestServer(t)
	ctx := context.Background()
	original := storetest.Source("monitor-2017-09-03")
	original.Title, original.Kind, original.Publisher, original.Authors, original.AuthorAffiliation =
		"Monthly monitoring report", models.KindNGOReport, "Monitor Group", "", ""
	original.PublishedOn, original.PublishedPrecision = models.NewDate(2017, 9, 3), models.PrecisionDay
	if err := st.CreateSource(ctx, &original, storetest.Change()); err != nil {
		t.Fatal(err)
	}
	src, err := st.GetSource(ctx, seedSource)
	if err != nil {
		t.Fatal(err)
	}
	src.Original = original.Key
	if err := st.UpdateSource(ctx, &src, storetest.Change()); err != nil {
		t.Fatal(err)
	}
	publisher := strings.TrimSpace(src.Publisher)
	// (A stored reporter may itself say "via": one of the seed's is
	// "Family members and activists, via Human Rights Watch".)
	english := []string{"via Monitor", "via " + publisher, "as carried by", "Monitor Group (3 Sep 2017)", "Sep 2017", "republished"}
	korean := "Monitor Group(2017년 9월 3일), " + publisher + " 전재"
	pages := []string{"/ko", "/ko/figures", "/ko/sources", "/ko/sources/" + seedSource,
		"/ko/figures/hrw-2017-apprehended-2017-07-to-08", "/ko/embed/charts/apprehensions", "/ko/embed/charts/outcomes"}
	for _, path := range pages {
		r := get(t, s, path)
		if r.StatusCode != 200 {
			t.Errorf("%s: %d", path, r.StatusCode)
			continue
		}
		page := body(t, r)
		for _, e := range english {
			if strings.Contains(page, e) {
				i := strings.Index(page, e)
				t.Errorf("%s shows %q: %s", path, e, page[max(0, i-200):min(len(page), i+100)])
			}
		}
		if !strings.Contains(page, korean) {
			t.Errorf("%s does not credit the carried source as %q", path, korean)
		}
	}
	// /ko/about's example of a carried source.
	page := body(t, get(t, s, "/ko/about"))
	for _, e := range english {
		if strings.Contains(page, e) {
			t.Errorf("/ko/about shows %q", e)
		}
	}
	if !strings.Contains(page, "Monitor Group(2021년 3월 3일), Outlet 전재") {
		t.Errorf("/ko/about: the carried example is not in Korean")
	}
	// The English pages keep the English credit.
	credit := "Human Rights Watch, via Monitor Group (3 Sep 2017), as carried by " + publisher
	for _, path := range []string{"/", "/embed/charts/apprehensions"} {
		if page := body(t, get(t, s, path)); !strings.Contains(page, credit) {
			t.Errorf("the English %s does not show %q", path, credit)
		}
	}
	carriage := "Monitor Group (3 Sep 2017), as carried by " + publisher
	for _, path := range []string{"/sources", "/figures", "/figures/hrw-2017-apprehended-2017-07-to-08"} {
		if page := body(t, get(t, s, path)); !strings.Contains(page, carriage) {
			t.Errorf("the English %s does not show %q", path, carriage)
		}
	}
	if page := body(t, get(t, s, "/about")); !strings.Contains(page, "Monitor Group (3 Mar 2021), as carried by Outlet") {
		t.Errorf("the English /about lost its carried example")
	}
}
