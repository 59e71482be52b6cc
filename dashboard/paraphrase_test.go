package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// A figure known only through someone else's summary is entered through
// the form as a paraphrase, and its page says who summarised it and links
// to no sentence of the source.
func TestParaphraseThroughForms(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	src := sourceForm("border-watch-2020")
	src.Set("published_on", "2020-04") // known to the month: never shown as a day
	if r := postForm(t, es, "/sources/new", src, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create source: %d %s", r.StatusCode, body(t, r))
	}
	paraphrase := func() map[string][]string {
		f := figureForm("bw-2020-03", "border-watch-2020")
		f.Set("evidence", "paraphrase")
		f.Set("quote", "")
		f.Set("paraphrase", "Border Watch counted at least 12 people <detained> near Dandong in March.")
		f.Set("paraphrased_by", "Example & Wire")
		return f
	}
	for _, tt := range []struct {
		name, field, want string
		edit              func(f map[string][]string)
	}{
		{"a paraphrase chosen with only a quote", "evidence", "you entered a quote", func(f map[string][]string) {
			f["quote"], f["paraphrase"] = []string{"A sentence."}, []string{""}
		}},
		{"a paraphrase chosen with nothing", "paraphrase", "required", func(f map[string][]string) { f["paraphrase"] = []string{""} }},
		{"a quote chosen with only a paraphrase", "evidence", "you entered a paraphrase", func(f map[string][]string) { f["evidence"] = []string{"quote"} }},
		{"both texts", "paraphrase", "not both", func(f map[string][]string) { f["quote"] = []string{"A sentence."} }},
		{"no summariser", "paraphrased_by", "required", func(f map[string][]string) { f["paraphrased_by"] = []string{""} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := paraphrase()
			tt.edit(f)
			r := postForm(t, es, "/figures/new", f, cookie)
			page := body(t, r)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(page, tt.want) || !strings.Contains(page, `aria-describedby="err-`+tt.field+`"`) {
				t.Errorf("%d, want 400 with %q at %s:\n%s", r.StatusCode, tt.want, tt.field, page)
			}
		})
	}

	r := postForm(t, es, "/figures/new", paraphrase(), cookie)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create paraphrase: %d %s", r.StatusCode, body(t, r))
	}
	page := body(t, getAs(t, es, "/figures/bw-2020-03", cookie))
	for _, want := range []string{"As summarised by Example &amp; Wire", "Border Watch counted at least 12 people &lt;detained&gt; near Dandong in March."} {
		if !strings.Contains(page, want) {
			t.Errorf("the figure page lacks %q", want)
		}
	}
	if !strings.Contains(page, "Apr 2020") {
		t.Error("the paraphrase's citation lacks the source's month, Apr 2020")
	}
	for _, unwanted := range []string{"open-at-sentence", "#:~:text=", "The sentence it comes from", "Verified against", "1 Apr 2020"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the paraphrase's page shows %q", unwanted)
		}
	}
	edit := body(t, getAs(t, es, "/figures/bw-2020-03/edit", cookie))
	if got := inputValue(edit, "evidence"); got != "paraphrase" {
		t.Errorf("the edit form's evidence is %q, want paraphrase", got)
	}
	if src := body(t, getAs(t, es, "/sources/border-watch-2020", cookie)); !strings.Contains(src, "As summarised by Example &amp; Wire:") {
		t.Errorf("the source page does not label the paraphrase")
	}
}

// Attaching a source's text verifies its quotes and excuses its
// paraphrases: a summary is never looked for in the text, gets no offsets,
// and does not block the quotes' verification.
func TestVerificationExcusesParaphrase(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	cookie := signIn(t, es, es.editor.Email)
	src := storetest.Source("border-2020")
	ch := models.Change{Editor: "fixture@example.org", Reason: "fixture"}
	if err := es.st.CreateSource(ctx, &src, ch); err != nil {
		t.Fatal(err)
	}
	quoted := storetest.Figure("border-detained", "apprehended", src.Key)
	quoted.Quote = quoteDetained
	summarised := storetest.Figure("border-summarised", "apprehended", src.Key)
	summarised.Quote, summarised.Paraphrase, summarised.ParaphrasedBy = "", "A summary in no sentence of the report.", "Example Wire"
	for _, f := range []*models.Figure{&quoted, &summarised} {
		if err := es.st.CreateFigure(ctx, f, ch); err != nil {
			t.Fatal(err)
		}
	}
	r := postForm(t, es, "/sources/border-2020/text", url.Values{"text": {borderReport}, "reason": {"from the archive"}}, cookie)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("attach with a paraphrase: %d, want 303:\n%s", r.StatusCode, body(t, r))
	}
	for key, verified := range map[string]bool{"border-detained": true, "border-summarised": false} {
		v, err := es.st.GetFigure(ctx, key, models.AudienceEditors)
		if err != nil {
			t.Fatal(err)
		}
		if (v.Figure.QuoteStart != nil) != verified {
			t.Errorf("%s: offsets %v, want verified %v", key, v.Figure.QuoteStart, verified)
		}
	}
}
