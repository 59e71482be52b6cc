package dashboard

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// maxSourceText bounds a source text, pasted or uploaded: far above any
// report's text, low enough to refuse a binary file chosen by mistake.
const maxSourceText = 5 << 20

// missingQuote is a figure whose quote is not in the text offered, with
// the passage of the text that comes closest.
type missingQuote struct {
	View    models.FigureView
	Closest string
}

var sourceTextInputs = []string{"text", "is_html", "reason"}

func sourceTextFields(v values) []formField {
	return []formField{
		{Name: "text", Label: "Paste the text", Kind: "textarea", Value: v["text"], Rows: 12,
			Help: "The whole text of the source as published, or upload it as a file below."},
		{Name: "is_html", Label: "The pasted text is HTML (it is converted to text)", Kind: "checkbox", Checked: v["is_html"] == "true"},
		{Name: "file", Label: "Or upload a file", Kind: "file", Help: "A .txt file (UTF-8) or a saved .html page, at most 5 MB."},
		{Name: "reason", Label: "Reason for this change", Kind: "textarea", Value: v["reason"], Rows: 2,
			Help: "Optional: where the text comes from (“archived copy of 2024-05-02”)."},
	}
}

func (s *Server) renderSourceText(c *gin.Context, status int, src models.Source, v values, err error, missing []missingQuote) {
	page := editPage{Heading: "Verify the quotes of " + src.Title, Missing: missing,
		Intro: "Give the tracker the source's text: every quote of the source's figures is looked up in it (ignoring line breaks, " +
			"curly quotes and dash variants). If all are found, their positions and the text's SHA-256 are recorded and new quotes " +
			"of this source are checked against it; if any is missing, nothing is recorded and the closest passage is shown."}
	f := formView{Action: "/sources/" + src.Key + "/text", Multipart: true, Submit: "Verify and attach", Cancel: "/sources/" + src.Key}
	f.Fields, f.Other = withErrors(sourceTextFields(v), err)
	if err != nil {
		page.Message = formMessage(err)
	}
	page.Form = f
	s.renderPage(c, status, "edit.html", pageData{Title: "Verify quotes", Nav: "sources", Data: page})
}

func (s *Server) sourceTextForm(c *gin.Context) error {
	src, err := s.getSource(c)
	if err != nil {
		return err
	}
	s.renderSourceText(c, http.StatusOK, src, values{}, nil, nil)
	return nil
}

// sourceTextAttach verifies every quote of the source against the text
// and, only if all are found, records the text, its SHA-256 and each
// quote's offsets (store.AttachSourceText, one transaction).
func (s *Server) sourceTextAttach(c *gin.Context) error {
	ctx := c.Request.Context()
	src, err := s.getSource(c)
	if err != nil {
		return err
	}
	if err := parseForm(c, maxSourceText+64<<10); err != nil {
		return err
	}
	v := valuesOf(c.Request.PostForm, sourceTextInputs)
	text, field, err := submittedText(c, v)
	if err != nil {
		if models.ErrorCode(err) == models.EInvalid {
			s.renderSourceText(c, http.StatusBadRequest, src, v, fieldError(field, err), nil)
			return nil
		}
		return err
	}
	t := provenance.NewText(text)
	quotes := map[string][2]int{}
	var missing []missingQuote
	err = s.store.EachFigure(ctx, models.FigureFilter{Sources: []string{src.Key}, Statuses: models.Statuses}, func(fv *models.FigureView) error {
		m, err := t.Find(fv.Figure.Quote)
		var nf *provenance.NotFoundError
		switch {
		case err == nil:
			quotes[fv.Figure.Key] = [2]int{m.Start, m.End}
		case errors.As(err, &nf) && fv.Figure.Status != models.StatusRetracted:
			// A retracted figure may be retracted for its quote: it
			// does not stop the others from being verified.
			missing = append(missing, missingQuote{View: *fv, Closest: nf.Closest})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		err := models.Errorf(models.EInvalid, "%d quote%s of this source %s not in the text, so nothing was recorded. Check the text, or correct the quotes first.",
			len(missing), plural(len(missing)), map[bool]string{true: "is", false: "are"}[len(missing) == 1])
		s.renderSourceText(c, http.StatusBadRequest, src, v, err, missing)
		return nil
	}
	if err := s.store.AttachSourceText(ctx, src.Key, text, t.SHA256(), quotes, change(c, v["reason"])); err != nil {
		switch {
		case models.ErrorCode(err) == models.EInvalid:
			s.renderSourceText(c, http.StatusBadRequest, src, v, err, nil)
			return nil
		case unavailable(err):
			s.renderSourceText(c, http.StatusServiceUnavailable, src, v, err, nil)
			return nil
		}
		return err
	}
	c.Redirect(http.StatusSeeOther, "/sources/"+src.Key)
	return nil
}

// submittedText is the uploaded file's text, else the pasted text; HTML
// (a .html/.htm file, or pasted text marked as HTML) is converted to the
// text a reader sees. field names the input a problem belongs to.
func submittedText(c *gin.Context, v values) (text, field string, err error) {
	fh, ferr := c.FormFile("file")
	switch {
	case ferr == nil && fh.Size > 0:
		f, err := fh.Open()
		if err != nil {
			return "", "file", err
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxSourceText+1))
		if err != nil {
			return "", "file", err
		}
		if len(b) > maxSourceText {
			return "", "file", models.Errorf(models.EInvalid, "the file is larger than %s", sizeText(maxSourceText))
		}
		switch strings.ToLower(path.Ext(fh.Filename)) {
		case ".html", ".htm", ".xhtml":
			text, err = provenance.HTMLToText(bytes.NewReader(b))
			if err != nil {
				return "", "file", models.Errorf(models.EInvalid, "the HTML file could not be read: %v", err)
			}
		case ".txt", ".text", "":
			text = string(b)
		default:
			return "", "file", models.Errorf(models.EInvalid, "upload a .txt or .html file (got %q): convert PDFs and word-processor files to text first", fh.Filename)
		}
		field = "file"
	case v["text"] != "":
		text, field = v["text"], "text"
		if v["is_html"] == "true" {
			if text, err = provenance.HTMLToText(strings.NewReader(text)); err != nil {
				return "", field, models.Errorf(models.EInvalid, "the HTML could not be read: %v", err)
			}
		}
	default:
		return "", "text", models.Errorf(models.EInvalid, "required: paste the source's text or upload it as a file")
	}
	switch {
	case !utf8.ValidString(text) || strings.ContainsRune(text, 0):
		return "", field, models.Errorf(models.EInvalid, "must be UTF-8 text: save the file as UTF-8 first")
	case strings.TrimSpace(text) == "":
		return "", field, models.Errorf(models.EInvalid, "the text is empty")
	case len(text) > maxSourceText:
		return "", field, models.Errorf(models.EInvalid, "the text is larger than %s", sizeText(maxSourceText))
	}
	return text, field, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
