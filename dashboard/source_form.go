package dashboard

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// sourceInputs are the inputs of the source form, in order.
var sourceInputs = []string{"id", "title", "title_en", "title_ko", "kind", "publisher", "authors", "author_affiliation", "published_on",
	"url", "archive_url", "language", "accessed_on", "original", "notes", "reason"}

// sourceKindLabel names a kind of source in language l.
func sourceKindLabel(l models.Lang, k models.SourceKind) string {
	switch k {
	case models.KindNews:
		return i18n.T(l, "source_form.kind_news")
	case models.KindCommentary:
		return i18n.T(l, "source_form.kind_commentary")
	case models.KindNGOReport:
		return i18n.T(l, "source_form.kind_ngo_report")
	case models.KindPressRelease:
		return i18n.T(l, "source_form.kind_press_release")
	case models.KindUN:
		return i18n.T(l, "source_form.kind_un")
	case models.KindGovernment:
		return i18n.T(l, "source_form.kind_government")
	case models.KindDataset:
		return i18n.T(l, "source_form.kind_dataset")
	}
	return string(k)
}

func sourceValues(src models.Source) values {
	return values{
		"id": src.Key, "title": src.Title, "title_en": src.TitleEn, "title_ko": src.TitleKo, "kind": string(src.Kind), "publisher": src.Publisher, "authors": src.Authors,
		"author_affiliation": src.AuthorAffiliation, "published_on": src.PublishedText(), "url": src.URL,
		"archive_url": src.ArchiveURL, "language": src.Language, "accessed_on": src.AccessedOn.String(), "notes": src.Notes,
		"original": src.Original,
	}
}

// sourceFromValues builds a source from a form; problems are the values
// that did not parse.
func sourceFromValues(v values) (models.Source, edit.Problems) {
	var p edit.Problems
	src := models.Source{
		Key: v["id"], Title: v["title"], TitleEn: v["title_en"], TitleKo: v["title_ko"], Kind: models.SourceKind(v["kind"]), Publisher: v["publisher"], Authors: v["authors"],
		AuthorAffiliation: v["author_affiliation"], URL: v["url"], ArchiveURL: v["archive_url"], Language: v["language"], Notes: v["notes"],
		Original: v["original"],
	}
	src.SetPublished(parsePartialDate(&p, "published_on", v["published_on"]))
	src.AccessedOn = parseDate(&p, "accessed_on", v["accessed_on"])
	src.Normalize()
	return src, p
}

// sourceFields are the source form's fields; others are the stored
// sources, which the source may carry (its original).
func sourceFields(l models.Lang, v values, isNew bool, others []models.Source) []formField {
	var kinds []formOption
	for _, k := range models.SourceKinds {
		kinds = append(kinds, formOption{Value: string(k), Label: sourceKindLabel(l, k)})
	}
	var originals []formOption
	for _, o := range others {
		if o.Key != v["id"] {
			originals = append(originals, formOption{Value: o.Key, Label: o.Publisher + ", " + publishedOption(l, o) + " — " + o.Title + " (" + o.Key + ")"})
		}
	}
	var fs []formField
	if isNew {
		fs = append(fs, formField{Name: "id", Label: i18n.T(l, "editor.id_label"), Kind: "text", Value: v["id"], Required: true, MaxLength: 100,
			Help: i18n.T(l, "source_form.id_help")})
	}
	return append(fs,
		formField{Name: "title", Label: i18n.T(l, "source_form.title"), Kind: "text", Value: v["title"], Required: true, Help: i18n.T(l, "source_form.title_help")},
		formField{Name: "title_en", Label: i18n.T(l, "source_form.title_en"), Kind: "text", Value: v["title_en"], Help: i18n.T(l, "source_form.title_en_help"), Lang: "en"},
		formField{Name: "title_ko", Label: i18n.T(l, "source_form.title_ko"), Kind: "text", Value: v["title_ko"], Help: i18n.T(l, "source_form.title_ko_help"), Lang: "ko"},
		formField{Name: "kind", Label: i18n.T(l, "source_form.kind"), Kind: "select", Value: v["kind"], Required: true, Options: selectOptions(v["kind"], i18n.T(l, "editor.choose"), kinds...)},
		formField{Name: "publisher", Label: i18n.T(l, "source_form.publisher"), Kind: "text", Value: v["publisher"], Required: true},
		formField{Name: "authors", Label: i18n.T(l, "source_form.authors"), Kind: "text", Value: v["authors"]},
		formField{Name: "author_affiliation", Label: i18n.T(l, "source_form.author_affiliation"), Kind: "text", Value: v["author_affiliation"]},
		formField{Name: "published_on", Label: i18n.T(l, "source_form.published_on"), Kind: "text", Value: v["published_on"], Required: true, Placeholder: "YYYY-MM-DD", InputMode: "numeric",
			Help: i18n.T(l, "source_form.published_on_help")},
		formField{Name: "url", Label: i18n.T(l, "source_form.url"), Kind: "url", Value: v["url"], Required: true, Placeholder: "https://",
			Help: i18n.T(l, "source_form.url_help")},
		formField{Name: "archive_url", Label: i18n.T(l, "source_form.archive_url"), Kind: "url", Value: v["archive_url"], Placeholder: "https://web.archive.org/…"},
		formField{Name: "language", Label: i18n.T(l, "source_form.language"), Kind: "text", Value: v["language"], Placeholder: "en", MaxLength: 35},
		formField{Name: "accessed_on", Label: i18n.T(l, "source_form.accessed_on"), Kind: "text", Value: v["accessed_on"], Placeholder: "YYYY-MM-DD", InputMode: "numeric"},
		formField{Name: "original", Label: i18n.T(l, "source_form.original"), Kind: "select", Value: v["original"],
			Options: selectOptions(v["original"], i18n.T(l, "source_form.original_none"), originals...),
			Help:    i18n.T(l, "source_form.original_help", "Publisher", orText(v["publisher"], i18n.T(l, "source_form.this_publisher")))},
		formField{Name: "notes", Label: i18n.T(l, "editor.notes"), Kind: "textarea", Value: v["notes"], Rows: 3},
		reasonField(l, v["reason"]),
	)
}

func reasonField(l models.Lang, v string) formField {
	return formField{Name: "reason", Label: i18n.T(l, "editor.reason"), Kind: "textarea", Value: v, Required: true, Rows: 2,
		Help: i18n.T(l, "editor.reason_help")}
}

// renderSourceForm renders the new or edit form with v and the problems of err.
func (s *Server) renderSourceForm(c *gin.Context, status int, key string, version int, v values, err error, conflict *conflictView) error {
	others, lerr := s.store.ListSources(c.Request.Context())
	if lerr != nil && status < http.StatusInternalServerError {
		return lerr
	} // else the form says why it was not saved; its original stays a choice (selectOptions)
	isNew := key == ""
	l := httpx.Lang(c)
	if conflict != nil {
		conflict.WhatText = i18n.T(l, "editor.entity_source")
	}
	page := editPage{Heading: i18n.T(l, "source_form.heading_new"), Conflict: conflict}
	f := formView{Action: httpx.LangPath(l, "/sources/new"), Submit: i18n.T(l, "source_form.submit_new"), Cancel: httpx.LangPath(l, "/sources")}
	if !isNew {
		page.Heading = i18n.T(l, "source_form.heading_edit", "Key", key)
		f = formView{Action: httpx.LangPath(l, "/sources/"+key+"/edit"), Submit: i18n.T(l, "editor.save_changes"), Cancel: httpx.LangPath(l, "/sources/"+key),
			Hidden: []hiddenField{{"version", strconv.Itoa(version)}}}
	}
	f.Fields, f.Other = withErrors(l, sourceFields(l, v, isNew, others), err)
	if err != nil && conflict == nil {
		page.Message = formMessage(l, err)
	}
	page.Form = f
	s.renderPage(c, status, "edit.html", pageData{Title: page.Heading, Nav: "sources", Data: page})
	return nil
}

// orText is s, or other when s is blank.
func orText(s, other string) string {
	if strings.TrimSpace(s) == "" {
		return other
	}
	return s
}

func (s *Server) sourceNew(c *gin.Context) error {
	return s.renderSourceForm(c, http.StatusOK, "", 0, values{"language": "en"}, nil, nil)
}

func (s *Server) sourceCreate(c *gin.Context) error {
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	v := valuesOf(c.Request.PostForm, sourceInputs)
	src, p := sourceFromValues(v)
	edit.RequireReason(&p, v["reason"])
	err := p.Err("source", src.Validate())
	if err == nil {
		err = s.store.CreateSource(c.Request.Context(), &src, edit.Change(c, v["reason"]))
	}
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/sources/"+src.Key))
		return nil
	case models.ErrorCode(err) == models.EInvalid:
		return s.renderSourceForm(c, http.StatusBadRequest, "", 0, v, err, nil)
	case unavailable(err):
		return s.renderSourceForm(c, http.StatusServiceUnavailable, "", 0, v, err, nil)
	case models.ErrorCode(err) == models.EConflict:
		return s.renderSourceForm(c, http.StatusConflict, "", 0, v, fieldError("id", err), nil)
	}
	return err
}

func (s *Server) sourceEdit(c *gin.Context) error {
	src, err := edit.Source(c, s.store)
	if err != nil {
		return err
	}
	return s.renderSourceForm(c, http.StatusOK, src.Key, src.Version, sourceValues(src), nil, nil)
}

// sourceUpdate saves an edit unless the source changed since the form
// was opened: then nothing is written and the conflict page shows what
// changed, with the editor's values kept.
func (s *Server) sourceUpdate(c *gin.Context) error {
	ctx := c.Request.Context()
	cur, err := edit.Source(c, s.store)
	if err != nil {
		return err
	}
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	v := valuesOf(c.Request.PostForm, sourceInputs)
	basedOn := intOr(c.Request.PostForm.Get("version"), 0)
	v["id"] = cur.Key
	src, p := sourceFromValues(v)
	src.TextSHA256, src.Version = cur.TextSHA256, basedOn
	if _, given := c.Request.PostForm["original"]; !given {
		// A form made before sources named their originals (a page left
		// open across an upgrade) keeps the stored one.
		src.Original, v["original"] = cur.Original, cur.Original
	}
	if _, given := c.Request.PostForm["title_ko"]; !given {
		// Nor does one made before titles had translations drop them.
		src.TitleEn, src.TitleKo, v["title_en"], v["title_ko"] = cur.TitleEn, cur.TitleKo, cur.TitleEn, cur.TitleKo
	}
	if basedOn != cur.Version {
		return s.sourceConflict(c, cur, basedOn, v)
	}
	edit.RequireReason(&p, v["reason"])
	err = p.Err("source", src.Validate())
	if err == nil {
		err = s.store.UpdateSource(ctx, &src, edit.Change(c, v["reason"]))
	}
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/sources/"+src.Key))
		return nil
	case models.ErrorCode(err) == models.EInvalid:
		return s.renderSourceForm(c, http.StatusBadRequest, cur.Key, basedOn, v, err, nil)
	case unavailable(err):
		return s.renderSourceForm(c, http.StatusServiceUnavailable, cur.Key, basedOn, v, err, nil)
	case models.ErrorCode(err) == models.EConflict: // saved by someone else meanwhile
		if cur, err = s.store.GetSource(ctx, cur.Key); err != nil {
			return err
		}
		return s.sourceConflict(c, cur, basedOn, v)
	}
	return err
}

func (s *Server) sourceConflict(c *gin.Context, cur models.Source, basedOn int, v values) error {
	cv, err := s.conflict(c.Request.Context(), models.EntitySource, cur.Key, basedOn, cur.Version)
	if err != nil {
		return err
	}
	return s.renderSourceForm(c, http.StatusConflict, cur.Key, cur.Version, v, nil, cv)
}

// fieldError turns a store error without fields (a duplicate key) into a
// problem of one field, shown next to it.
func fieldError(field string, err error) error {
	if len(models.FieldErrors(err)) > 0 {
		return err
	}
	return &models.Error{Code: models.ErrorCode(err), Message: models.ErrorMessage(err),
		Fields: []models.FieldError{{Field: field, Message: models.ErrorMessage(err)}}}
}
