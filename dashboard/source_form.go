package dashboard

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/models"
)

// sourceInputs are the inputs of the source form, in order.
var sourceInputs = []string{"id", "title", "kind", "publisher", "authors", "author_affiliation", "published_on",
	"url", "archive_url", "language", "accessed_on", "original", "notes", "reason"}

var sourceKindLabels = map[models.SourceKind]string{
	models.KindNews: "News", models.KindCommentary: "Commentary", models.KindNGOReport: "NGO report",
	models.KindPressRelease: "Press release", models.KindUN: "United Nations", models.KindGovernment: "Government",
	models.KindDataset: "Dataset",
}

func sourceValues(src models.Source) values {
	return values{
		"id": src.Key, "title": src.Title, "kind": string(src.Kind), "publisher": src.Publisher, "authors": src.Authors,
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
		Key: v["id"], Title: v["title"], Kind: models.SourceKind(v["kind"]), Publisher: v["publisher"], Authors: v["authors"],
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
func sourceFields(v values, isNew bool, others []models.Source) []formField {
	var kinds []formOption
	for _, k := range models.SourceKinds {
		kinds = append(kinds, formOption{Value: string(k), Label: sourceKindLabels[k]})
	}
	var originals []formOption
	for _, o := range others {
		if o.Key != v["id"] {
			originals = append(originals, formOption{Value: o.Key, Label: o.Publisher + ", " + o.PublishedText() + " — " + o.Title + " (" + o.Key + ")"})
		}
	}
	var fs []formField
	if isNew {
		fs = append(fs, formField{Name: "id", Label: "Id", Kind: "text", Value: v["id"], Required: true, MaxLength: 100,
			Help: "A permanent key: lower-case letters, digits and hyphens, such as hrw-2017-09-dragnet. It never changes."})
	}
	return append(fs,
		formField{Name: "title", Label: "Title", Kind: "text", Value: v["title"], Required: true},
		formField{Name: "kind", Label: "Kind", Kind: "select", Value: v["kind"], Required: true, Options: selectOptions(v["kind"], "Choose…", kinds...)},
		formField{Name: "publisher", Label: "Publisher", Kind: "text", Value: v["publisher"], Required: true},
		formField{Name: "authors", Label: "Authors", Kind: "text", Value: v["authors"]},
		formField{Name: "author_affiliation", Label: "Authors' affiliation", Kind: "text", Value: v["author_affiliation"]},
		formField{Name: "published_on", Label: "Published on", Kind: "text", Value: v["published_on"], Required: true, Placeholder: "YYYY-MM-DD", InputMode: "numeric",
			Help: "As precisely as the source gives it: 2023-12-05, or 2023-12 when it says only \"December 2023\", or 2023."},
		formField{Name: "url", Label: "URL", Kind: "url", Value: v["url"], Required: true, Placeholder: "https://",
			Help: "The address of the document: http:// or https:// only."},
		formField{Name: "archive_url", Label: "Archived copy", Kind: "url", Value: v["archive_url"], Placeholder: "https://web.archive.org/…"},
		formField{Name: "language", Label: "Language", Kind: "text", Value: v["language"], Placeholder: "en", MaxLength: 35},
		formField{Name: "accessed_on", Label: "Accessed on", Kind: "text", Value: v["accessed_on"], Placeholder: "YYYY-MM-DD", InputMode: "numeric"},
		formField{Name: "original", Label: "Carries (the original)", Kind: "select", Value: v["original"],
			Options: selectOptions(v["original"], "None: this source is the original", originals...),
			Help:    "When this source repeats another's report (a wire story running a press release, an article carrying an NGO's figures), choose that report, adding it first if it is missing. Captions then name it first: “Monitor Group (3 Mar 2021), as carried by " + orText(v["publisher"], "this publisher") + "”."},
		formField{Name: "notes", Label: "Notes", Kind: "textarea", Value: v["notes"], Rows: 3},
		reasonField(v["reason"]),
	)
}

func reasonField(v string) formField {
	return formField{Name: "reason", Label: "Reason for this change", Kind: "textarea", Value: v, Required: true, Rows: 2,
		Help: "Recorded in the history with your name, and shown to readers."}
}

// renderSourceForm renders the new or edit form with v and the problems of err.
func (s *Server) renderSourceForm(c *gin.Context, status int, key string, version int, v values, err error, conflict *conflictView) error {
	others, lerr := s.store.ListSources(c.Request.Context())
	if lerr != nil && status < http.StatusInternalServerError {
		return lerr
	} // else the form says why it was not saved; its original stays a choice (selectOptions)
	isNew := key == ""
	page := editPage{Heading: "Add a source", Conflict: conflict}
	f := formView{Action: "/sources/new", Submit: "Add the source", Cancel: "/sources"}
	if !isNew {
		page.Heading = "Edit source " + key
		f = formView{Action: "/sources/" + key + "/edit", Submit: "Save changes", Cancel: "/sources/" + key,
			Hidden: []hiddenField{{"version", strconv.Itoa(version)}}}
	}
	f.Fields, f.Other = withErrors(sourceFields(v, isNew, others), err)
	if err != nil && conflict == nil {
		page.Message = formMessage(err)
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
		c.Redirect(http.StatusSeeOther, "/sources/"+src.Key)
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
		c.Redirect(http.StatusSeeOther, "/sources/"+src.Key)
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
