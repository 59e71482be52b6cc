package dashboard

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
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

var kindLabels = map[models.QuantityKind]string{
	models.Flow: "Flow — counted over the period", models.Stock: "Stock — at one date (start = end)",
	models.Cumulative: "Cumulative — everything since the start",
}

func figureFields(v values, ch figureChoices, isNew bool) []formField {
	var metrics, sources, quals, kinds []formOption
	for _, m := range ch.metrics {
		metrics = append(metrics, formOption{Value: m.Slug, Label: m.Label + " (" + m.Slug + ")"})
	}
	for _, s := range ch.sources {
		sources = append(sources, formOption{Value: s.Key, Label: s.Title + " — " + s.Publisher + ", " + s.PublishedText()})
	}
	for _, q := range models.Qualifiers {
		quals = append(quals, formOption{Value: string(q), Label: string(q) + " — " + q.Describe()})
	}
	for _, k := range models.QuantityKinds {
		kinds = append(kinds, formOption{Value: string(k), Label: kindLabels[k]})
	}
	statuses := []formOption{{Value: "published", Label: "Published"}, {Value: "draft", Label: "Draft (not shown in charts and totals)"}}
	retracted := v["status"] == string(models.StatusRetracted)
	if retracted {
		statuses = append(statuses, formOption{Value: "retracted", Label: "Retracted"})
	}
	var fs []formField
	if isNew {
		fs = append(fs, formField{Name: "id", Label: "Id", Kind: "text", Value: v["id"], Required: true, MaxLength: 100,
			Help: "A permanent key: lower-case letters, digits and hyphens, such as hrw-2017-apprehended-2017-07-to-08."})
	}
	fs = append(fs,
		formField{Name: "source", Label: "Source", Kind: "select", Value: v["source"], Required: true, Options: selectOptions(v["source"], "Choose…", sources...)},
		formField{Name: "metric", Label: "Metric", Kind: "select", Value: v["metric"], Required: true, Options: selectOptions(v["metric"], "Choose…", metrics...)},
		formField{Name: "qualifier", Label: "Qualifier", Kind: "select", Value: v["qualifier"], Required: true, Options: selectOptions(v["qualifier"], "Choose…", quals...),
			Help: "How the report states the number: “at least 41” is at_least 41, never exact; words without a number (“a number of”, “dozens”) are unquantified."},
		formField{Name: "value", Label: "Value", Kind: "text", Value: v["value"], InputMode: "numeric", Help: "A whole number; leave empty for a range, and for unquantified."},
		formField{Name: "value_low", Label: "Range from", Kind: "text", Value: v["value_low"], InputMode: "numeric", Help: "For a range only."},
		formField{Name: "value_high", Label: "Range to", Kind: "text", Value: v["value_high"], InputMode: "numeric", Help: "For a range only."},
		formField{Name: "value_text", Label: "The report's words", Kind: "text", Value: v["value_text"], Help: "When they say more than the number: “the rest”, “four”. Required for unquantified: the words are all the report gives (“a number of”)."},
		formField{Name: "unit", Label: "Unit", Kind: "text", Value: v["unit"], Required: true,
			Help: "The metric's unit (people unless it says otherwise), or percent for a share."},
		formField{Name: "period_start", Label: "Period start", Kind: "text", Value: v["period_start"], Required: true, Placeholder: "YYYY, YYYY-MM or YYYY-MM-DD",
			Help: "Written to the precision the report gives: 2017, 2017-07 or 2017-07-15."},
		formField{Name: "period_end", Label: "Period end", Kind: "text", Value: v["period_end"], Placeholder: "YYYY, YYYY-MM or YYYY-MM-DD",
			Help: "Written to the precision the report gives it, which may differ from the start's: “since 2019” counted as of a report of 5 December 2023 is 2019 to 2023-12-05. Empty means the same as the start (July 2017 is 2017-07)."},
		formField{Name: "quantity_kind", Label: "Kind of quantity", Kind: "select", Value: v["quantity_kind"], Required: true, Options: selectOptions(v["quantity_kind"], "Choose…", kinds...)},
		formField{Name: "population", Label: "Population", Kind: "text", Value: v["population"], Required: true, Placeholder: "North Koreans"},
		formField{Name: "acting_state", Label: "Acting state", Kind: "text", Value: v["acting_state"], Placeholder: "CN", MaxLength: 2, Help: "ISO 3166-1 alpha-2 code."},
		formField{Name: "receiving_state", Label: "Returned to", Kind: "text", Value: v["receiving_state"], Placeholder: "KP", MaxLength: 2, Help: "ISO 3166-1 alpha-2 code."},
		formField{Name: "location", Label: "Location", Kind: "text", Value: v["location"]},
		formField{Name: "subgroup_of", Label: "Subgroup of", Kind: "text", Value: v["subgroup_of"], Help: "The id of the figure this one is part of, if any."},
		formField{Name: "share_of", Label: "Share of", Kind: "text", Value: v["share_of"],
			Help: "For a percentage (“over 60 percent were women”): the id of the figure it is a percentage of. The unit is then percent, the value the percentage (more_than 60), the metric that figure's, and the population who the part is (women)."},
		formField{Name: "derived", Label: "Derived: the report implies this number but does not state it", Kind: "checkbox", Checked: v["derived"] == "true"},
		formField{Name: "formula", Label: "Formula", Kind: "text", Value: v["formula"], Placeholder: "{total-id} - {part-id}", Help: "For a derived figure: an expression over figure ids."},
		formField{Name: "evidence", Label: "Evidence", Kind: "select", Value: v["evidence"], Required: true, Options: selectOptions(v["evidence"], "",
			formOption{Value: "quote", Label: "Quote — the exact sentence of the source"},
			formOption{Value: "paraphrase", Label: "Paraphrase — known only through someone else's summary"}),
			Help: "A paraphrase is shown as “as summarised by …”, never linked to or verified as a sentence of the source."},
		formField{Name: "quote", Label: "Quote", Kind: "textarea", Value: v["quote"], Rows: 4,
			Help: "For a quote: the exact sentence the figure comes from. When the source's text is attached, it is checked against it."},
		formField{Name: "paraphrase", Label: "Paraphrase", Kind: "textarea", Value: v["paraphrase"], Rows: 3,
			Help: "For a paraphrase: the summary, in the words of whoever wrote it. Leave the quote empty."},
		formField{Name: "paraphrased_by", Label: "Summarised by", Kind: "text", Value: v["paraphrased_by"],
			Help: "For a paraphrase: who wrote the summary (a news agency, another report)."},
		formField{Name: "reported_by", Label: "Reported by", Kind: "text", Value: v["reported_by"], Required: true, Help: "Who gathered the number (may differ from the publisher)."},
		formField{Name: "status", Label: "Status", Kind: "select", Value: v["status"], Required: true, Options: selectOptions(v["status"], "", statuses...)},
	)
	if retracted || v["retract_reason"] != "" {
		fs = append(fs, formField{Name: "retract_reason", Label: "Retraction reason", Kind: "text", Value: v["retract_reason"]})
	}
	return append(fs,
		formField{Name: "notes", Label: "Notes", Kind: "textarea", Value: v["notes"], Rows: 3},
		reasonField(v["reason"]),
	)
}

// renderFigureForm renders the new or edit form with v and the problems of err.
func (s *Server) renderFigureForm(c *gin.Context, status int, key string, version int, v values, err error, conflict *conflictView) error {
	ch, cerr := s.figureChoices(c.Request.Context())
	if cerr != nil {
		return cerr
	}
	isNew := key == ""
	page := editPage{Heading: "Add a figure", Conflict: conflict,
		Intro: "One sourced number, exactly as the report states it, with the sentence it comes from."}
	f := formView{Action: "/figures/new", Submit: "Add the figure", Cancel: "/figures"}
	if v["source"] != "" && models.ValidKey(v["source"]) {
		f.Cancel = "/sources/" + v["source"]
	}
	if !isNew {
		page.Heading, page.Intro = "Edit figure "+key, ""
		f = formView{Action: "/figures/" + key + "/edit", Submit: "Save changes", Cancel: "/figures/" + key,
			Hidden: []hiddenField{{"version", strconv.Itoa(version)}}}
	}
	f.Fields, f.Other = withErrors(figureFields(v, ch, isNew), err)
	if err != nil && conflict == nil {
		page.Message = formMessage(err)
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
		c.Redirect(http.StatusSeeOther, "/figures/"+f.Key)
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
		c.Redirect(http.StatusSeeOther, "/figures/"+f.Key)
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
