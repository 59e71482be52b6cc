package dashboard

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"testing"

	"forcedreturns/models"
)

const seedTotal = "hrw-2017-apprehended-since-2016-06" // the 92 apprehended

// shareForm is a share of the seed's 92 apprehended, as an editor fills
// in the figure form: "over 60 percent" of them were women.
func shareForm(key string) map[string]string {
	return map[string]string{"id": key, "metric": "apprehended", "qualifier": "more_than", "value": "60", "value_text": "over 60 percent",
		"unit": "percent", "period_start": "2016-06", "period_end": "2017-08", "quantity_kind": "cumulative",
		"population": "women", "share_of": seedTotal, "receiving_state": "KP", "acting_state": "CN", "location": ""}
}

// A share is entered through the figure form, shown on its page as a
// percentage of the figure it names (with a link) and listed on that
// figure's page; a share in people or of a draft is refused by field.
func TestShareThroughTheForm(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	form := figureForm("women-share", seedSource)
	for k, v := range shareForm("women-share") {
		form.Set(k, v)
	}
	form.Set("quote", "Over 60 percent of them were women.")
	page := body(t, getAs(t, es, "/figures/new", cookie))
	if !strings.Contains(page, `name="share_of"`) {
		t.Fatal("the figure form has no share_of input")
	}

	inPeople := maps.Clone(form)
	inPeople.Set("unit", "people")
	r := postForm(t, es, "/figures/new", inPeople, cookie)
	if page := body(t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(page, "unit"), `its unit must be "percent", got "people"`) {
		t.Errorf("a share in people: status %d, unit problems %q", r.StatusCode, fieldErrors(page, "unit"))
	}

	r = postForm(t, es, "/figures/new", form, cookie)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/figures/women-share" {
		t.Fatalf("create share: %d %s", r.StatusCode, body(t, r))
	}
	f, err := es.st.GetFigure(context.Background(), "women-share", models.AudienceEditors)
	if err != nil || f.Figure.ShareOf != seedTotal || f.Figure.Unit != models.UnitPercent || f.Figure.Value != 60 {
		t.Fatalf("stored share: %+v, %v", f.Figure, err)
	}
	page = body(t, getAs(t, es, "/figures/women-share", nil))
	for _, want := range []string{
		`more than 60 % of <a href="/figures/` + seedTotal + `">the 92 documented apprehended</a>`,
		"were women",
		"more than 60 % of the 92 documented apprehended (Apprehended, women, Jun 2016 – Aug 2017)", // the citation
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the share's page lacks %q", want)
		}
	}
	if strings.Contains(page, "60 % percent") || strings.Contains(page, "60 percent %") {
		t.Error("the share's page writes its unit twice")
	}
	page = body(t, getAs(t, es, "/figures/"+seedTotal, nil))
	if !strings.Contains(page, "Shares of this figure") || !strings.Contains(page, `<a href="/figures/women-share"><span class="value" title="a strict lower bound: more than this many">more than 60 %</span>`) {
		i := strings.Index(page, "Shares of this figure")
		t.Errorf("the 92's page does not list its share: %q", page[max(0, i):min(len(page), max(0, i)+600)])
	}
	if page := body(t, getAs(t, es, "/figures?metric=apprehended", nil)); !strings.Contains(page, "more than 60 %</span> <span class=\"badge\"") {
		t.Error("the figures list does not show the share as a percentage marked as a share")
	}

	// The edit form shows share_of back.
	if got := inputValue(body(t, getAs(t, es, "/figures/women-share/edit", cookie)), "share_of"); got != seedTotal {
		t.Errorf("edit form share_of = %q", got)
	}

	// A published share of a draft is refused by field.
	draft := figureForm("draft-total", seedSource)
	draft.Set("status", "draft")
	if r := postForm(t, es, "/figures/new", draft, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create draft: %d %s", r.StatusCode, body(t, r))
	}
	ofDraft := figureForm("draft-share", seedSource)
	ofDraft.Set("unit", "percent")
	ofDraft.Set("share_of", "draft-total")
	ofDraft.Set("population", "women")
	ofDraft.Set("value", "50")
	r = postForm(t, es, "/figures/new", ofDraft, cookie)
	if page := body(t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(page, "share_of"), `figure "draft-total" is a draft`) {
		t.Errorf("a published share of a draft: status %d, share_of problems %q", r.StatusCode, fieldErrors(page, "share_of"))
	}
}
