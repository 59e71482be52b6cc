package dashboard

import (
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// missingQuote is a figure whose quote is not in the text offered, with
// the passage of the text that comes closest.
type missingQuote struct {
	View    models.FigureView
	Closest string
}

var sourceTextInputs = []string{"text", "is_html", "reason"}

func sourceTextFields(l models.Lang, v values) []formField {
	return []formField{
		{Name: "text", Label: i18n.T(l, "source_text.text"), Kind: "textarea", Value: v["text"], Rows: 12,
			Help: i18n.T(l, "source_text.text_help")},
		{Name: "is_html", Label: i18n.T(l, "source_text.is_html"), Kind: "checkbox", Checked: v["is_html"] == "true"},
		{Name: "file", Label: i18n.T(l, "source_text.file"), Kind: "file", Help: i18n.T(l, "source_text.file_help", "MB", int(provenance.MaxTextSize>>20))},
		{Name: "reason", Label: i18n.T(l, "editor.reason"), Kind: "textarea", Value: v["reason"], Rows: 2,
			Help: i18n.T(l, "source_text.reason_help")},
	}
}

func (s *Server) renderSourceText(c *gin.Context, status int, src models.Source, v values, err error, missing []missingQuote) {
	l := httpx.Lang(c)
	page := editPage{Heading: i18n.T(l, "source_text.heading", "Title", src.TitleIn(l).Text), Missing: missing,
		Intro: i18n.T(l, "source_text.intro")}
	f := formView{Action: httpx.LangPath(l, "/sources/"+src.Key+"/text"), Multipart: true, Submit: i18n.T(l, "source_text.submit"), Cancel: httpx.LangPath(l, "/sources/"+src.Key)}
	f.Fields, f.Other = withErrors(l, sourceTextFields(l, v), err)
	switch {
	case len(missing) > 0:
		page.Message = i18n.T(l, "source_text.missing", "Count", len(missing))
	case err != nil:
		page.Message = formMessage(l, err)
	}
	page.Form = f
	s.renderPage(c, status, "edit.html", pageData{Title: i18n.T(l, "source_text.title"), Nav: "sources", Data: page})
}

func (s *Server) sourceTextForm(c *gin.Context) error {
	src, err := edit.Source(c, s.store)
	if err != nil {
		return err
	}
	s.renderSourceText(c, http.StatusOK, src, values{}, nil, nil)
	return nil
}

// sourceTextAttach verifies every quote of the source against the text
// (provenance.VerifySource, the path the verify command takes too) and,
// only if all are found, records the text, its SHA-256 and each quote's
// offsets (store.AttachSourceText, one transaction). A text that cannot
// be a source text, or a missing quote, is the editor's to fix: 400.
func (s *Server) sourceTextAttach(c *gin.Context) error {
	ctx := c.Request.Context()
	src, err := edit.Source(c, s.store)
	if err != nil {
		return err
	}
	if err := parseForm(c, provenance.MaxTextSize+64<<10); err != nil {
		return err
	}
	v := valuesOf(c.Request.PostForm, sourceTextInputs)
	raw, isHTML, field, err := submittedText(c, v)
	if err != nil {
		return s.sourceTextRefused(c, src, v, field, err)
	}
	var views []models.FigureView
	var figs []models.Figure
	err = s.store.EachFigure(ctx, models.FigureFilter{Sources: []string{src.Key}, Statuses: models.Statuses, Audience: models.AudienceEditors}, func(fv *models.FigureView) error {
		views, figs = append(views, *fv), append(figs, fv.Figure)
		return nil
	})
	if err != nil {
		return err
	}
	res, err := provenance.VerifySource(raw, isHTML, figs)
	if err != nil {
		return s.sourceTextRefused(c, src, v, field, err)
	}
	if !res.OK() {
		var missing []missingQuote
		for i, o := range res.Outcomes {
			if !o.Found && !o.Excused {
				closest, _ := o.Closest()
				missing = append(missing, missingQuote{View: views[i], Closest: closest})
			}
		}
		err := models.Errorf(models.EInvalid, "%d quote%s of this source %s not in the text, so nothing was recorded. Check the text, or correct the quotes first.",
			len(missing), plural(len(missing)), map[bool]string{true: "is", false: "are"}[len(missing) == 1])
		s.renderSourceText(c, http.StatusBadRequest, src, v, err, missing)
		return nil
	}
	if err := s.store.AttachSourceText(ctx, src.Key, res.Text, res.SHA256, res.Quotes(), edit.Change(c, v["reason"])); err != nil {
		return s.sourceTextRefused(c, src, v, "", err)
	}
	c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/sources/"+src.Key))
	return nil
}

// sourceTextRefused shows the form again with an EInvalid error, next to
// field when there is one; any other error is returned, for the error
// page.
func (s *Server) sourceTextRefused(c *gin.Context, src models.Source, v values, field string, err error) error {
	if unavailable(err) {
		s.renderSourceText(c, http.StatusServiceUnavailable, src, v, err, nil)
		return nil
	}
	if models.ErrorCode(err) != models.EInvalid {
		return err
	}
	if field != "" {
		err = fieldError(field, err)
	}
	s.renderSourceText(c, http.StatusBadRequest, src, v, err, nil)
	return nil
}

// submittedText is the uploaded file, else the pasted text, and whether
// it is HTML (a .html/.htm file, or pasted text marked as HTML), for
// provenance.VerifySource to check and convert. field names the input
// it came from, which its problems belong to.
func submittedText(c *gin.Context, v values) (raw []byte, isHTML bool, field string, err error) {
	fh, ferr := c.FormFile("file")
	switch {
	case ferr == nil && fh.Size > 0:
		isHTML = provenance.IsHTMLName(fh.Filename)
		switch strings.ToLower(path.Ext(fh.Filename)) {
		case ".txt", ".text", "":
		default:
			if !isHTML {
				return nil, false, "file", models.Errorf(models.EInvalid, "upload a .txt or .html file (got %q): convert PDFs and word-processor files to text first", fh.Filename)
			}
		}
		f, err := fh.Open()
		if err != nil {
			return nil, false, "file", err
		}
		defer f.Close()
		raw, err = provenance.ReadText(f)
		return raw, isHTML, "file", err
	case v["text"] != "":
		return []byte(v["text"]), v["is_html"] == "true", "text", nil
	}
	return nil, false, "text", models.Errorf(models.EInvalid, "required: paste the source's text or upload it as a file")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
