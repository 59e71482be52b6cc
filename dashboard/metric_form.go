package dashboard

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

var metricInputs = []string{"slug", "label", "definition", "unit", "label_ko", "definition_ko", "reason"}

// metricFields are the metric form's fields in language l. The label and
// definition are English, the data's language; their Korean text is
// optional (models.Metric.LabelIn).
func metricFields(l models.Lang, v values, isNew bool) []formField {
	var fs []formField
	if isNew {
		fs = append(fs, formField{Name: "slug", Label: i18n.T(l, "metric_form.slug"), Kind: "text", Value: v["slug"], Required: true, MaxLength: 60,
			Help: i18n.T(l, "metric_form.slug_help")})
	}
	return append(fs, []formField{
		{Name: "label", Label: i18n.T(l, "metric_form.label"), Kind: "text", Value: v["label"], Required: true, Help: i18n.T(l, "metric_form.label_help"), Lang: "en"},
		{Name: "definition", Label: i18n.T(l, "metric_form.definition"), Kind: "textarea", Value: v["definition"], Required: true, Rows: 3,
			Help: i18n.T(l, "metric_form.definition_help"), Lang: "en"},
		{Name: "unit", Label: i18n.T(l, "metric_form.unit"), Kind: "text", Value: v["unit"], Required: true},
		{Name: "label_ko", Label: i18n.T(l, "metric_form.label_ko"), Kind: "text", Value: v["label_ko"], Help: i18n.T(l, "metric_form.label_ko_help"), Lang: "ko"},
		{Name: "definition_ko", Label: i18n.T(l, "metric_form.definition_ko"), Kind: "textarea", Value: v["definition_ko"], Rows: 3,
			Help: i18n.T(l, "metric_form.definition_ko_help"), Lang: "ko"},
		reasonField(l, v["reason"]),
	}...)
}

// metricValues are a stored metric's form values.
func metricValues(m models.Metric) values {
	return values{"slug": m.Slug, "label": m.Label, "definition": m.Definition, "unit": m.Unit,
		"label_ko": m.LabelKo, "definition_ko": m.DefinitionKo}
}

// renderMetricForm renders the new metric form (slug "") or the edit
// form of metric slug, with v and the problems of err.
func (s *Server) renderMetricForm(c *gin.Context, status int, slug string, v values, err error) {
	l := httpx.Lang(c)
	isNew := slug == ""
	page := editPage{Heading: i18n.T(l, "metric_form.heading"), Intro: i18n.T(l, "metric_form.intro")}
	f := formView{Action: httpx.LangPath(l, "/metrics/new"), Submit: i18n.T(l, "metric_form.submit"), Cancel: httpx.LangPath(l, "/metrics")}
	if !isNew {
		page = editPage{Heading: i18n.T(l, "metric_form.heading_edit", "Slug", slug)}
		f = formView{Action: httpx.LangPath(l, "/metrics/"+slug+"/edit"), Submit: i18n.T(l, "editor.save_changes"), Cancel: httpx.LangPath(l, "/metrics") + "#" + slug}
	}
	f.Fields, f.Other = withErrors(l, metricFields(l, v, isNew), err)
	if err != nil {
		page.Message = formMessage(l, err)
	}
	page.Form = f
	s.renderPage(c, status, "edit.html", pageData{Title: page.Heading, Nav: "metrics", Data: page})
}

func (s *Server) metricNew(c *gin.Context) error {
	s.renderMetricForm(c, http.StatusOK, "", values{"unit": "people"}, nil)
	return nil
}

func (s *Server) metricCreate(c *gin.Context) error {
	return s.saveMetric(c, "", s.store.CreateMetric)
}

func (s *Server) metricEdit(c *gin.Context) error {
	m, err := s.store.GetMetric(c.Request.Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	s.renderMetricForm(c, http.StatusOK, m.Slug, metricValues(m), nil)
	return nil
}

// metricUpdate saves an edit of a metric: its texts in both languages
// and its unit; its slug, which figures name, never changes.
func (s *Server) metricUpdate(c *gin.Context) error {
	cur, err := s.store.GetMetric(c.Request.Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return s.saveMetric(c, cur.Slug, s.store.UpdateMetric)
}

// saveMetric reads the metric form and saves it with save: a new metric
// when slug is "", else the edit of metric slug, whose slug the form
// cannot change. A problem shows the form again with what was typed.
func (s *Server) saveMetric(c *gin.Context, slug string, save func(context.Context, *models.Metric, models.Change) error) error {
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	v := valuesOf(c.Request.PostForm, metricInputs)
	if slug != "" {
		v["slug"] = slug
	}
	m := models.Metric{Slug: v["slug"], Label: v["label"], Definition: v["definition"], Unit: v["unit"],
		LabelKo: v["label_ko"], DefinitionKo: v["definition_ko"]}
	m.Normalize()
	var p edit.Problems
	edit.RequireReason(&p, v["reason"])
	err := p.Err("metric", m.Validate())
	if err == nil {
		err = save(c.Request.Context(), &m, edit.Change(c, v["reason"]))
	}
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/metrics")+"#"+m.Slug)
		return nil
	case models.ErrorCode(err) == models.EInvalid:
		s.renderMetricForm(c, http.StatusBadRequest, slug, v, err)
		return nil
	case unavailable(err):
		s.renderMetricForm(c, http.StatusServiceUnavailable, slug, v, err)
		return nil
	case models.ErrorCode(err) == models.EConflict && slug == "":
		s.renderMetricForm(c, http.StatusConflict, slug, v, fieldError("slug", err))
		return nil
	}
	return err
}
