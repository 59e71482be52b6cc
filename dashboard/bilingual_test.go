package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"forcedreturns/internal/importer"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// eachEditorServer runs fn with an editor server over the seed on each
// database.
func eachEditorServer(t *testing.T, fn func(t *testing.T, es editorServer)) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		if _, err := seeds.Load(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		fn(t, editorServer{Server: newServerOn(t, st), st: st,
			editor: addEditor(t, st, "ed@example.org", models.RoleEditor),
			admin:  addEditor(t, st, "admin@example.org", models.RoleAdmin)})
	})
}

// koreanSourceForm is a source written in Korean (an invented report),
// its title as written and translated into English.
func koreanSourceForm(key string) url.Values {
	form := sourceForm(key)
	form.Set("title", "국경에서 붙잡힌 탈북민")
	form.Set("title_en", "North Koreans caught at the border")
	form.Set("title_ko", "")
	form.Set("language", "ko")
	return form
}

// Texts in two languages through every path a user has: the metric and
// source forms, the pages in each language (the text in the page's
// language when there is one, else the stored one, with lang from what
// is shown), the edit form, the JSON API, an export that re-imports with
// them, and bad input refused naming the field.
func TestTextsInTwoLanguagesThroughForms(t *testing.T) {
	eachEditorServer(t, func(t *testing.T, es editorServer) {
		admin := signIn(t, es, es.admin.Email)
		metric := url.Values{"slug": {"pushed_back"}, "label": {"Pushed back"}, "definition": {"People turned back at the border."},
			"unit": {"people"}, "label_ko": {"국경 송환"}, "definition_ko": {"국경에서 되돌려 보내진 사람."}, "reason": {"new metric"}}
		if r := postForm(t, es, "/metrics/new", metric, admin); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create metric: %d %s", r.StatusCode, body(t, r))
		}
		cookie := signIn(t, es, es.editor.Email)
		if r := postForm(t, es, "/sources/new", koreanSourceForm("watch-ko"), cookie); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create source: %d %s", r.StatusCode, body(t, r))
		}
		fig := figureForm("watch-ko-pushed", "watch-ko")
		fig.Set("metric", "pushed_back")
		if r := postForm(t, es, "/figures/new", fig, cookie); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create figure: %d %s", r.StatusCode, body(t, r))
		}

		for _, tt := range []struct {
			path string
			want []string
			not  []string
		}{
			// The citation names the title as published; the rest of the
			// page, its title included, the English one.
			{"/sources/watch-ko", []string{`<h1 lang="en">North Koreans caught at the border</h1>`, `<td lang="en">Pushed back</td>`,
				"<title>North Koreans caught at the border · ", "“국경에서 붙잡힌 탈북민.” Border Watch"}, nil},
			{"/ko/sources/watch-ko", []string{`<h1 lang="ko">국경에서 붙잡힌 탈북민</h1>`, `<td lang="ko">국경 송환</td>`, "<title>국경에서 붙잡힌 탈북민 · "}, []string{"North Koreans caught at the border"}},
			{"/metrics", []string{`<span lang="en">Pushed back</span>`, `<bdi lang="en">People turned back at the border.</bdi>`}, nil},
			{"/ko/metrics", []string{`<span lang="ko">국경 송환</span>`, `<bdi lang="ko">국경에서 되돌려 보내진 사람.</bdi>`,
				// A seed metric, in the Korean its seed gives it.
				`<span lang="ko">체포</span>`}, nil},
			{"/ko/figures/watch-ko-pushed", []string{`<span lang="ko">국경 송환</span>`, `<cite lang="ko">국경에서 붙잡힌 탈북민</cite>`, " 국경 송환 · "}, nil},
			{"/figures/watch-ko-pushed", []string{`<cite lang="en">North Koreans caught at the border</cite>`}, nil},
		} {
			says(t, tt.path, body(t, getAs(t, es, tt.path, cookie)), tt.want, tt.not)
		}

		// The edit form shows both titles; an edit changes one and keeps
		// the other; a form without the fields (opened before they
		// existed) keeps both.
		page := body(t, getAs(t, es, "/sources/watch-ko/edit", cookie))
		if got := inputValue(page, "title_en"); got != "North Koreans caught at the border" {
			t.Errorf("edit form title_en = %q", got)
		}
		edit := koreanSourceForm("watch-ko")
		edit.Set("version", versionOf(t, page))
		edit.Set("title_en", "North Koreans seized at the border")
		edit.Set("reason", "better translation")
		if r := postForm(t, es, "/sources/watch-ko/edit", edit, cookie); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit source: %d %s", r.StatusCode, body(t, r))
		}
		old := koreanSourceForm("watch-ko")
		old.Del("title_en")
		old.Del("title_ko")
		old.Set("notes", "a note")
		old.Set("version", versionOf(t, body(t, getAs(t, es, "/sources/watch-ko/edit", cookie))))
		if r := postForm(t, es, "/sources/watch-ko/edit", old, cookie); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit source with an old form: %d %s", r.StatusCode, body(t, r))
		}
		tok := newToken(t, es.st, es.editor)
		src := decode[map[string]any](t, sendJSON(t, es, http.MethodGet, "/api/v1/sources/watch-ko", tok, nil))
		if src["title"] != "국경에서 붙잡힌 탈북민" || src["title_en"] != "North Koreans seized at the border" || src["title_ko"] != "" || src["notes"] != "a note" {
			t.Errorf("API source after the edits: title %v, title_en %v, title_ko %v, notes %v", src["title"], src["title_en"], src["title_ko"], src["notes"])
		}

		// An administrator gives a seed metric its Korean texts; its slug
		// stays; an editor may not.
		page = body(t, getAs(t, es, "/metrics/apprehended/edit", admin))
		if got := inputValue(page, "label"); got != "Apprehended" {
			t.Errorf("metric edit form label = %q", got)
		}
		m := url.Values{"slug": {"renamed"}, "label": {"Apprehended"}, "definition": {inputValue(page, "definition")}, "unit": {"people"},
			"label_ko": {"체포"}, "definition_ko": {"행위 국가 당국에 체포된 사람."}, "reason": {"Korean texts"}}
		if r := postForm(t, es, "/ko/metrics/apprehended/edit", m, admin); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/ko/metrics#apprehended" {
			t.Fatalf("edit metric: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		if r := postForm(t, es, "/metrics/apprehended/edit", m, cookie); r.StatusCode != http.StatusForbidden {
			t.Errorf("an editor edited a metric: %d", r.StatusCode)
		}
		if got, err := es.st.GetMetric(context.Background(), "apprehended"); err != nil || got.LabelKo != "체포" || got.Label != "Apprehended" {
			t.Errorf("stored metric: %+v, %v", got, err)
		}
		if _, err := es.st.GetMetric(context.Background(), "renamed"); models.ErrorCode(err) != models.ENotFound {
			t.Errorf("the edit renamed the metric: %v", err)
		}
		if page := body(t, getAs(t, es, "/ko/metrics", cookie)); !strings.Contains(page, `<span lang="ko">체포</span>`) {
			t.Errorf("/ko/metrics does not show the new Korean label")
		}
		m.Set("label_ko", "")
		m.Set("definition", "")
		if r := postForm(t, es, "/metrics/apprehended/edit", m, admin); r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(body(t, r), "definition"), "required") {
			t.Errorf("a metric edit without a definition: %d", r.StatusCode)
		}

		// The API writes them too.
		b := apiSourceBody("watch-en")
		b["title_ko"] = "국경에서 붙잡힌 난민"
		if r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, b); r.StatusCode != http.StatusCreated {
			t.Fatalf("API create: %d %s", r.StatusCode, body(t, r))
		} else if got := decode[map[string]any](t, r)["title_ko"]; got != "국경에서 붙잡힌 난민" {
			t.Errorf("API create answered title_ko %v", got)
		}

		// An export carries both languages and re-imports as it is.
		r := getAs(t, es, "/figures.json?source=watch-ko", cookie)
		batch, err := importer.Parse("figures.json", r.Body, importer.Options{})
		r.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		var gotSrc models.Source
		for _, s := range batch.Sources {
			if s.Key == "watch-ko" {
				gotSrc = s
			}
		}
		if gotSrc.TitleEn != "North Koreans seized at the border" || gotSrc.Title != "국경에서 붙잡힌 탈북민" {
			t.Errorf("exported source: title %q, title_en %q", gotSrc.Title, gotSrc.TitleEn)
		}
		if len(batch.Metrics) != 1 || batch.Metrics[0].LabelKo != "국경 송환" || batch.Metrics[0].DefinitionKo != "국경에서 되돌려 보내진 사람." {
			t.Errorf("exported metrics: %+v", batch.Metrics)
		}
		res, err := es.st.ApplyBatch(context.Background(), batch, models.Change{Editor: es.editor.Email, Reason: "re-import"}, false)
		if err != nil || res.Created != 0 || res.Updated != 0 {
			t.Errorf("re-importing the export: %+v, %v; want everything unchanged", res, err)
		}
	})
}

// Bad texts are refused naming the field, on forms and in the API, and
// nothing is written.
func TestTextsInTwoLanguagesRefused(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	tok := newToken(t, es.st, es.editor)
	bad := koreanSourceForm("bad-ko")
	bad.Set("title_ko", "국경에서")
	r := postForm(t, es, "/sources/new", bad, cookie)
	if page := body(t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(page, "title_ko"), "must be empty for a source written in Korean") {
		t.Errorf("a Korean title of a Korean source: %d, problems %q", r.StatusCode, fieldErrors(page, "title_ko"))
	}
	b := apiSourceBody("bad-en")
	b["title_en"] = "Refugees"
	r = sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, b)
	e := decode[struct {
		Fields []models.FieldError `json:"fields"`
	}](t, r)
	if r.StatusCode != http.StatusBadRequest || len(e.Fields) != 1 || e.Fields[0].Field != "title_en" {
		t.Errorf("an English title of an English source through the API: %d %+v", r.StatusCode, e.Fields)
	}
	b = apiSourceBody("bad-type")
	b["title_ko"] = 12
	if r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, b); r.StatusCode != http.StatusBadRequest || !strings.Contains(body(t, r), `"title_ko"`) {
		t.Errorf("a number as title_ko: %d", r.StatusCode)
	}
	admin := signIn(t, es, es.admin.Email)
	metric := url.Values{"slug": {"bidi"}, "label": {"Bidi"}, "definition": {"D."}, "unit": {"people"}, "label_ko": {"\u202e체포"}, "reason": {"x"}}
	r = postForm(t, es, "/metrics/new", metric, admin)
	if page := body(t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(page, "label_ko"), "bidirectional control") {
		t.Errorf("a Korean label with a bidi control: %d, problems %q", r.StatusCode, fieldErrors(page, "label_ko"))
	}
	for _, key := range []string{"bad-ko", "bad-en", "bad-type"} {
		if _, err := es.st.GetSource(context.Background(), key); models.ErrorCode(err) != models.ENotFound {
			t.Errorf("source %s was written: %v", key, err)
		}
	}
	if _, err := es.st.GetMetric(context.Background(), "bidi"); models.ErrorCode(err) != models.ENotFound {
		t.Errorf("metric bidi was written: %v", err)
	}
}
