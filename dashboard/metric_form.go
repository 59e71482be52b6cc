package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/models"
)

var metricInputs = []string{"slug", "label", "definition", "unit", "reason"}

func metricFields(v values) []formField {
	return []formField{
		{Name: "slug", Label: "Slug", Kind: "text", Value: v["slug"], Required: true, MaxLength: 60,
			Help: "A permanent name: lower-case letters, digits and underscores, such as detained_at_border."},
		{Name: "label", Label: "Label", Kind: "text", Value: v["label"], Required: true, Help: "As charts and tables show it."},
		{Name: "definition", Label: "Definition", Kind: "textarea", Value: v["definition"], Required: true, Rows: 3,
			Help: "What is counted, precisely enough that two editors file the same number the same way."},
		{Name: "unit", Label: "Unit", Kind: "text", Value: v["unit"], Required: true},
		reasonField(v["reason"]),
	}
}

func (s *Server) renderMetricForm(c *gin.Context, status int, v values, err error) {
	page := editPage{Heading: "Add a metric", Intro: "Metrics are the controlled vocabulary figures are counted in. Only administrators add them."}
	f := formView{Action: "/metrics/new", Submit: "Add the metric", Cancel: "/metrics"}
	f.Fields, f.Other = withErrors(metricFields(v), err)
	if err != nil {
		page.Message = formMessage(err)
	}
	page.Form = f
	s.renderPage(c, status, "edit.html", pageData{Title: page.Heading, Nav: "metrics", Data: page})
}

func (s *Server) metricNew(c *gin.Context) error {
	s.renderMetricForm(c, http.StatusOK, values{"unit": "people"}, nil)
	return nil
}

func (s *Server) metricCreate(c *gin.Context) error {
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	v := valuesOf(c.Request.PostForm, metricInputs)
	m := models.Metric{Slug: v["slug"], Label: v["label"], Definition: v["definition"], Unit: v["unit"]}
	m.Normalize()
	var p edit.Problems
	edit.RequireReason(&p, v["reason"])
	err := p.Err("metric", m.Validate())
	if err == nil {
		err = s.store.CreateMetric(c.Request.Context(), &m, edit.Change(c, v["reason"]))
	}
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/metrics#"+m.Slug)
		return nil
	case models.ErrorCode(err) == models.EInvalid:
		s.renderMetricForm(c, http.StatusBadRequest, v, err)
		return nil
	case unavailable(err):
		s.renderMetricForm(c, http.StatusServiceUnavailable, v, err)
		return nil
	case models.ErrorCode(err) == models.EConflict:
		s.renderMetricForm(c, http.StatusConflict, v, fieldError("slug", err))
		return nil
	}
	return err
}
