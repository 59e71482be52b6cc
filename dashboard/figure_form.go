package dashboard

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// figureInputs are the inputs of the figure form, in order.
var figureInputs = []string{"id", "source", "metric", "qualifier", "value", "value_low", "value_high", "value_text", "unit",
	"period_start", "period_end", "quantity_kind", "population", "acting_state", "receiving_state", "location",
	"subgroup_of", "share_of", "derived", "formula", "evidence", "quote", "paraphrase", "paraphrased_by", "reported_by", "status", "retract_reason", "notes", "reason"}

func figureValues(f models.Figure) values {
	v := values{
		"id": f.Key, "source": f.Source, "metric": f.Metric, "qualifier": string(f.Qualifier), "value_text": f.ValueText,
		"unit": f.Unit, "period_start": f.Period.StartText(), "period_end": f.Period.EndText(), "quantity_kind": string(f.Kind),
		"population": f.Population, "acting_state": f.ActingState, "receiving_state": f.ReceivingState, "location": f.Location,
		"subgroup_of": f.SubgroupOf, "share_of": f.ShareOf, "formula": f.Formula, "quote": f.Quote, "reported_by": f.ReportedBy,
		"evidence": "quote", "paraphrase": f.Paraphrase, "paraphrased_by": f.ParaphrasedBy,
		"status": string(f.Status), "retract_reason": f.RetractReason, "notes": f.Notes,
	}
	switch {
	case f.Qualifier == models.QualRange:
		v["value_low"], v["value_high"] = strconv.FormatInt(f.ValueLow, 10), strconv.FormatInt(f.ValueHigh, 10)
	case f.Qualifier.HasNumber():
		v["value"] = strconv.FormatInt(f.Value, 10)
	} // no number given: the value fields stay empty, never 0
	if f.Derived {
		v["derived"] = "true"
	}
	if f.Paraphrased() {
		v["evidence"] = "paraphrase"
	}
	return v
}

// figureFromValues builds a figure from a form; problems are the values
// that did not parse.
func figureFromValues(v values) (models.Figure, edit.Problems) {
	var p edit.Problems
	f := models.Figure{
		Key: v["id"], Source: v["source"], Metric: v["metric"], Qualifier: models.Qualifier(v["qualifier"]),
		ValueText: v["value_text"], Unit: v["unit"], Kind: models.QuantityKind(v["quantity_kind"]), Population: v["population"],
		ActingState: v["acting_state"], ReceivingState: v["receiving_state"], Location: v["location"], SubgroupOf: v["subgroup_of"], ShareOf: v["share_of"],
		Derived: v["derived"] == "true", Formula: v["formula"], Quote: v["quote"], ReportedBy: v["reported_by"],
		Paraphrase: v["paraphrase"], ParaphrasedBy: v["paraphrased_by"],
		Status: models.Status(v["status"]), RetractReason: v["retract_reason"], Notes: v["notes"],
	}
	f.Value = parseCount(&p, "value", v["value"])
	f.ValueLow = parseCount(&p, "value_low", v["value_low"])
	f.ValueHigh = parseCount(&p, "value_high", v["value_high"])
	requireValue(&p, f.Qualifier, strings.TrimSpace(v["value"]) != "", strings.TrimSpace(v["value_low"]) != "", strings.TrimSpace(v["value_high"]) != "")
	f.Period = parsePeriod(&p, v["period_start"], v["period_end"])
	evidenceChoice(&p, v)
	if f.Status != models.StatusRetracted {
		// The field is only offered for a retracted figure; publishing
		// it again through the form ends the retraction.
		f.RetractReason = ""
	}
	f.Normalize()
	return f, p
}

// evidenceChoice checks the text given against the kind of evidence
// chosen; both texts are kept in the figure, so that models' rule (one
// or the other, never both) reports a form that fills in both.
func evidenceChoice(p *edit.Problems, v values) {
	quote, para := strings.TrimSpace(v["quote"]) != "", strings.TrimSpace(v["paraphrase"]) != ""
	switch v["evidence"] {
	case "", "quote":
		if para && !quote {
			p.Add("evidence", "you entered a paraphrase: choose “Paraphrase” as the evidence, or give the exact sentence as the quote")
		}
	case "paraphrase":
		if quote && !para {
			p.Add("evidence", "you entered a quote: choose “Quote” as the evidence, or give the summary as the paraphrase")
		} else if !para {
			p.Add("paraphrase", "required: the summary of the source, in the words of whoever summarised it")
		}
	default:
		p.Addf("evidence", "must be quote or paraphrase, got %q", v["evidence"])
	}
}

// figureChoices are the options of the figure form's selects.
type figureChoices struct {
	metrics []models.Metric
	sources []models.Source
}

func (s *Server) figureChoices(ctx context.Context) (figureChoices, error) {
	ms, err := s.store.ListMetrics(ctx)
	if err != nil {
		return figureChoices{}, err
	}
	srcs, err := s.store.ListSources(ctx)
	return figureChoices{ms, srcs}, err
}

// kindLabel names a kind of quantity in language l, for the form.
func kindLabel(l models.Lang, k models.QuantityKind) string {
	name := models.KindNameIn(l, k) // the name every page gives the kind
	r, size := utf8.DecodeRuneInString(name)
	name = string(unicode.ToUpper(r)) + name[size:]
	switch k {
	case models.Flow:
		return i18n.T(l, "figure_form.kind_flow", "Kind", name)
	case models.Stock:
		return i18n.T(l, "figure_form.kind_stock", "Kind", name)
	case models.Cumulative:
		return i18n.T(l, "figure_form.kind_cumulative", "Kind", name)
	}
	return string(k)
}

// figureFields are the figure form's fields in language l.
func figureFields(l models.Lang, v values, ch figureChoices, isNew bool) []formField {
	var metrics, sources, quals, kinds []formOption
	for _, m := range ch.metrics {
		metrics = append(metrics, formOption{Value: m.Slug, Label: m.LabelIn(l).Text + " (" + m.Slug + ")"})
	}
	for _, s := range ch.sources {
		sources = append(sources, formOption{Value: s.Key, Label: s.TitleIn(l).Text + " — " + s.Publisher + ", " + publishedOption(l, s)})
	}
	for _, q := range models.Qualifiers {
		quals = append(quals, formOption{Value: string(q), Label: string(q) + " — " + q.DescribeIn(l)})
	}
	for _, k := range models.QuantityKinds {
		kinds = append(kinds, formOption{Value: string(k), Label: kindLabel(l, k)})
	}
	statuses := []formOption{{Value: "published", Label: i18n.T(l, "figure_form.status_published")}, {Value: "draft", Label: i18n.T(l, "figure_form.status_draft")}}
	retracted := v["status"] == string(models.StatusRetracted)
	if retracted {
		statuses = append(statuses, formOption{Value: "retracted", Label: i18n.T(l, "figure_form.status_retracted")})
	}
	choose := i18n.T(l, "editor.choose")
	periodPlaceholder := i18n.T(l, "figure_form.period_placeholder")
	var fs []formField
	if isNew {
		fs = append(fs, formField{Name: "id", Label: i18n.T(l, "editor.id_label"), Kind: "text", Value: v["id"], Required: true, MaxLength: 100,
			Help: i18n.T(l, "figure_form.id_help")})
	}
	fs = append(fs,
		formField{Name: "source", Label: i18n.T(l, "figure_form.source"), Kind: "select", Value: v["source"], Required: true, Options: selectOptions(v["source"], choose, sources...)},
		formField{Name: "metric", Label: i18n.T(l, "figure_form.metric"), Kind: "select", Value: v["metric"], Required: true, Options: selectOptions(v["metric"], choose, metrics...)},
		formField{Name: "qualifier", Label: i18n.T(l, "figure_form.qualifier"), Kind: "select", Value: v["qualifier"], Required: true, Options: selectOptions(v["qualifier"], choose, quals...),
			Help: i18n.T(l, "figure_form.qualifier_help")},
		formField{Name: "value", Label: i18n.T(l, "figure_form.value"), Kind: "text", Value: v["value"], InputMode: "numeric", Help: i18n.T(l, "figure_form.value_help")},
		formField{Name: "value_low", Label: i18n.T(l, "figure_form.value_low"), Kind: "text", Value: v["value_low"], InputMode: "numeric", Help: i18n.T(l, "figure_form.range_help")},
		formField{Name: "value_high", Label: i18n.T(l, "figure_form.value_high"), Kind: "text", Value: v["value_high"], InputMode: "numeric", Help: i18n.T(l, "figure_form.range_help")},
		formField{Name: "value_text", Label: i18n.T(l, "figure_form.value_text"), Kind: "text", Value: v["value_text"], Help: i18n.T(l, "figure_form.value_text_help")},
		formField{Name: "unit", Label: i18n.T(l, "figure_form.unit"), Kind: "text", Value: v["unit"], Required: true,
			Help: i18n.T(l, "figure_form.unit_help")},
		formField{Name: "period_start", Label: i18n.T(l, "figure_form.period_start"), Kind: "text", Value: v["period_start"], Required: true, Placeholder: periodPlaceholder,
			Help: i18n.T(l, "figure_form.period_start_help")},
		formField{Name: "period_end", Label: i18n.T(l, "figure_form.period_end"), Kind: "text", Value: v["period_end"], Placeholder: periodPlaceholder,
			Help: i18n.T(l, "figure_form.period_end_help")},
		formField{Name: "quantity_kind", Label: i18n.T(l, "figure_form.quantity_kind"), Kind: "select", Value: v["quantity_kind"], Required: true, Options: selectOptions(v["quantity_kind"], choose, kinds...)},
		formField{Name: "population", Label: i18n.T(l, "figure_form.population"), Kind: "text", Value: v["population"], Required: true, Placeholder: "North Koreans"},
		formField{Name: "acting_state", Label: i18n.T(l, "figure_form.acting_state"), Kind: "text", Value: v["acting_state"], Placeholder: "CN", MaxLength: 2, Help: i18n.T(l, "figure_form.iso_help")},
		formField{Name: "receiving_state", Label: i18n.T(l, "figure_form.receiving_state"), Kind: "text", Value: v["receiving_state"], Placeholder: "KP", MaxLength: 2, Help: i18n.T(l, "figure_form.iso_help")},
		formField{Name: "location", Label: i18n.T(l, "figure_form.location"), Kind: "text", Value: v["location"]},
		formField{Name: "subgroup_of", Label: i18n.T(l, "figure_form.subgroup_of"), Kind: "text", Value: v["subgroup_of"], Help: i18n.T(l, "figure_form.subgroup_of_help")},
		formField{Name: "share_of", Label: i18n.T(l, "figure_form.share_of"), Kind: "text", Value: v["share_of"],
			Help: i18n.T(l, "figure_form.share_of_help")},
		formField{Name: "derived", Label: i18n.T(l, "figure_form.derived"), Kind: "checkbox", Checked: v["derived"] == "true"},
		formField{Name: "formula", Label: i18n.T(l, "figure_form.formula"), Kind: "text", Value: v["formula"], Placeholder: "{total-id} - {part-id}", Help: i18n.T(l, "figure_form.formula_help")},
		formField{Name: "evidence", Label: i18n.T(l, "figure_form.evidence"), Kind: "select", Value: v["evidence"], Required: true, Options: selectOptions(v["evidence"], "",
			formOption{Value: "quote", Label: i18n.T(l, "figure_form.evidence_quote")},
			formOption{Value: "paraphrase", Label: i18n.T(l, "figure_form.evidence_paraphrase")}),
			Help: i18n.T(l, "figure_form.evidence_help")},
		formField{Name: "quote", Label: i18n.T(l, "figure_form.quote"), Kind: "textarea", Value: v["quote"], Rows: 4,
			Help: i18n.T(l, "figure_form.quote_help")},
		formField{Name: "paraphrase", Label: i18n.T(l, "figure_form.paraphrase"), Kind: "textarea", Value: v["paraphrase"], Rows: 3,
			Help: i18n.T(l, "figure_form.paraphrase_help")},
		formField{Name: "paraphrased_by", Label: i18n.T(l, "figure_form.paraphrased_by"), Kind: "text", Value: v["paraphrased_by"],
			Help: i18n.T(l, "figure_form.paraphrased_by_help")},
		formField{Name: "reported_by", Label: i18n.T(l, "figure_form.reported_by"), Kind: "text", Value: v["reported_by"], Required: true, Help: i18n.T(l, "figure_form.reported_by_help")},
		formField{Name: "status", Label: i18n.T(l, "figure_form.status"), Kind: "select", Value: v["status"], Required: true, Options: selectOptions(v["status"], "", statuses...)},
	)
	if retracted || v["retract_reason"] != "" {
		fs = append(fs, formField{Name: "retract_reason", Label: i18n.T(l, "figure_form.retract_reason"), Kind: "text", Value: v["retract_reason"]})
	}
	return append(fs,
		formField{Name: "notes", Label: i18n.T(l, "editor.notes"), Kind: "textarea", Value: v["notes"], Rows: 3},
		reasonField(l, v["reason"]),
	)
}

// renderFigureForm renders the new or edit form with v and the problems of err.
func (s *Server) renderFigureForm(c *gin.Context, status int, key string, version int, v values, err error, conflict *conflictView) error {
	ch, cerr := s.figureChoices(c.Request.Context())
	if cerr != nil {
		return cerr
	}
	isNew := key == ""
	l := httpx.Lang(c)
	if conflict != nil {
		conflict.WhatText = i18n.T(l, "editor.entity_figure")
	}
	page := editPage{Heading: i18n.T(l, "figure_form.heading_new"), Conflict: conflict,
		Intro: i18n.T(l, "figure_form.intro")}
	f := formView{Action: httpx.LangPath(l, "/figures/new"), Submit: i18n.T(l, "figure_form.submit_new"), Cancel: httpx.LangPath(l, "/figures")}
	if v["source"] != "" && models.ValidKey(v["source"]) {
		f.Cancel = httpx.LangPath(l, "/sources/"+v["source"])
	}
	if !isNew {
		page.Heading, page.Intro = i18n.T(l, "figure_form.heading_edit", "Key", key), ""
		f = formView{Action: httpx.LangPath(l, "/figures/"+key+"/edit"), Submit: i18n.T(l, "editor.save_changes"), Cancel: httpx.LangPath(l, "/figures/"+key),
			Hidden: []hiddenField{{"version", strconv.Itoa(version)}}}
	}
	f.Fields, f.Other = withErrors(l, figureFields(l, v, ch, isNew), err)
	if err != nil && conflict == nil {
		page.Message = formMessage(l, err)
	}
	page.Form = f
	s.renderPage(c, status, "edit.html", pageData{Title: page.Heading, Nav: "figures", Data: page})
	return nil
}

func (s *Server) figureNew(c *gin.Context) error {
	v := values{"qualifier": string(models.QualExact), "unit": "people", "status": string(models.StatusPublished)}
	if src := c.Query("source"); models.ValidKey(src) {
		v["source"] = src
	}
	return s.renderFigureForm(c, http.StatusOK, "", 0, v, nil, nil)
}

func (s *Server) figureCreate(c *gin.Context) error {
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	v := valuesOf(c.Request.PostForm, figureInputs)
	f, p := figureFromValues(v)
	edit.RequireReason(&p, v["reason"])
	err := edit.SaveFigure(c.Request.Context(), s.store, &f, nil, p, edit.Change(c, v["reason"]))
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/figures/"+f.Key))
		return nil
	case models.ErrorCode(err) == models.EInvalid:
		return s.renderFigureForm(c, http.StatusBadRequest, "", 0, v, err, nil)
	case unavailable(err):
		return s.renderFigureForm(c, http.StatusServiceUnavailable, "", 0, v, err, nil)
	case models.ErrorCode(err) == models.EConflict:
		return s.renderFigureForm(c, http.StatusConflict, "", 0, v, fieldError("id", err), nil)
	}
	return err
}

func (s *Server) figureEdit(c *gin.Context) error {
	cur, err := edit.Figure(c, s.store)
	if err != nil {
		return err
	}
	return s.renderFigureForm(c, http.StatusOK, cur.Key, cur.Version, figureValues(cur), nil, nil)
}

// figureUpdate saves an edit unless the figure changed since the form
// was opened: then nothing is written and the conflict page shows who
// changed what, with the editor's values kept in the form.
func (s *Server) figureUpdate(c *gin.Context) error {
	ctx := c.Request.Context()
	cur, err := edit.Figure(c, s.store)
	if err != nil {
		return err
	}
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	v := valuesOf(c.Request.PostForm, figureInputs)
	basedOn := intOr(c.Request.PostForm.Get("version"), 0)
	v["id"] = cur.Key
	if basedOn != cur.Version {
		return s.figureConflict(c, cur, basedOn, v)
	}
	f, p := figureFromValues(v)
	f.Version = basedOn
	edit.RequireReason(&p, v["reason"])
	err = edit.SaveFigure(ctx, s.store, &f, &cur, p, edit.Change(c, v["reason"]))
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/figures/"+f.Key))
		return nil
	case models.ErrorCode(err) == models.EInvalid:
		return s.renderFigureForm(c, http.StatusBadRequest, cur.Key, basedOn, v, err, nil)
	case unavailable(err):
		return s.renderFigureForm(c, http.StatusServiceUnavailable, cur.Key, basedOn, v, err, nil)
	case models.ErrorCode(err) == models.EConflict: // saved by someone else meanwhile
		if cur, err = edit.Figure(c, s.store); err != nil {
			return err
		}
		return s.figureConflict(c, cur, basedOn, v)
	}
	return err
}

func (s *Server) figureConflict(c *gin.Context, cur models.Figure, basedOn int, v values) error {
	cv, err := s.conflict(c.Request.Context(), models.EntityFigure, cur.Key, basedOn, cur.Version)
	if err != nil {
		return err
	}
	return s.renderFigureForm(c, http.StatusConflict, cur.Key, cur.Version, v, nil, cv)
}

// publishedOption writes when a source was published in a form's list of
// sources: as the import format writes it in English (2017-09-18), in
// the language's own form otherwise ("2017년 9월 18일").
func publishedOption(l models.Lang, s models.Source) string {
	if l == models.English {
		return s.PublishedText()
	}
	return s.PublishedShortIn(l)
}
