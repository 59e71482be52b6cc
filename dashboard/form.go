package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/format"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// Forms: every edit page is one editPage rendered by edit.html, whose
// fields come from Go (formField), so that each field shows its own
// problems next to it and every form keeps exactly what was typed.

// formOption is one choice of a select.
type formOption struct {
	Value, Label string
	Selected     bool
}

// formField is one input with its label, value and problems.
type formField struct {
	Name        string
	Label       string
	Kind        string // text, textarea, select, checkbox, date-ish text, url, email, password, file
	Value       string
	Help        string
	Placeholder string
	Required    bool
	Checked     bool
	Rows        int
	MaxLength   int
	InputMode   string
	// Lang is the language the value is written in, when the field asks
	// for one (a title in Korean): the input's lang attribute.
	Lang    string
	Options []formOption
	// Errors are the field's problems, each with the language it is
	// written in when that is not the page's (fieldMessage).
	Errors []models.Shown
}

// hiddenField is an input the editor does not see (the version a form
// was based on).
type hiddenField struct{ Name, Value string }

// formView is one form.
type formView struct {
	Action    string
	Multipart bool
	Hidden    []hiddenField
	Fields    []formField
	Other     []models.FieldError // problems that name no field of the form
	Submit    string
	Cancel    string // link back
}

// ErrorCount is how many problems the form shows.
func (f formView) ErrorCount() int {
	n := len(f.Other)
	for _, x := range f.Fields {
		n += len(x.Errors)
	}
	return n
}

// editPage is what edit.html shows: a heading, optionally why the form
// could not be saved (a conflict, quotes missing from a text), the form.
type editPage struct {
	Heading  string
	Intro    string
	Message  string // a summary of what went wrong, if anything
	Conflict *conflictView
	Missing  []missingQuote
	Form     formView
}

// values are a form's submitted or initial values by input name.
type values map[string]string

func valuesOf(form url.Values, names []string) values {
	v := values{}
	for _, n := range names {
		// Browsers send a textarea's line breaks as CRLF; the domain stores
		// plain new lines (and refuses a bare CR as a control character).
		v[n] = strings.ReplaceAll(strings.ReplaceAll(form.Get(n), "\r\n", "\n"), "\r", "\n")
	}
	return v
}

// fieldAliases sends problems about model fields without an input of
// their own to the input that sets them.
var fieldAliases = map[string]string{
	"period_precision":     "period_start",
	"period_end_precision": "period_end",
	"quote_start":          "quote",
	"quote_end":            "quote",
	"change_reason":        "reason",
}

// withErrors places each problem of err next to its input, in language
// l as far as it is translated (fieldMessage); those naming no input of
// fields are returned.
func withErrors(l models.Lang, fields []formField, err error) ([]formField, []models.FieldError) {
	idx := map[string]int{}
	for i, f := range fields {
		idx[f.Name] = i
	}
	var other []models.FieldError
	for _, fe := range models.FieldErrors(err) {
		name := fe.Field
		if a, ok := fieldAliases[name]; ok {
			name = a
		}
		if i, ok := idx[name]; ok {
			fields[i].Errors = append(fields[i].Errors, fieldMessage(l, fe.Message))
			continue
		}
		other = append(other, fe)
	}
	return fields, other
}

// selectOptions builds the options of a select with v chosen. A value not
// among them (typed by hand, or stored before an option was renamed) is
// kept as an extra option, so that re-rendering loses nothing.
func selectOptions(v, blank string, opts ...formOption) []formOption {
	var out []formOption
	if blank != "" {
		out = append(out, formOption{Value: "", Label: blank, Selected: v == ""})
	}
	found := v == ""
	for _, o := range opts {
		o.Selected = o.Value == v
		found = found || o.Selected
		out = append(out, o)
	}
	if !found {
		out = append(out, formOption{Value: v, Label: v, Selected: true})
	}
	return out
}

// parseCount reads a whole number from a form; empty is zero. Surrounding
// spaces are dropped; the number itself is strict (see
// models.ParseWholeNumber), so "007" or "0,123" is questioned, not guessed.
func parseCount(p *edit.Problems, field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := models.ParseWholeNumber(s)
	if err != nil {
		if format.WordsOnly(field, s) {
			p.Addf(field, "%v"+format.WordsHint, err)
		} else {
			p.Addf(field, "%v", err)
		}
		return 0
	}
	return n
}

// parseDate reads an optional full date (YYYY-MM-DD).
func parseDate(p *edit.Problems, field, s string) models.Date {
	var d models.Date
	if err := d.UnmarshalText([]byte(strings.TrimSpace(s))); err != nil {
		p.Addf(field, "%v", err)
	}
	return d
}

// parsePartialDate reads a date written to its precision (YYYY, YYYY-MM or
// YYYY-MM-DD); empty is the zero date, which validation reports.
func parsePartialDate(p *edit.Problems, field, s string) models.PartialDate {
	s = strings.TrimSpace(s)
	if s == "" {
		return models.PartialDate{}
	}
	d, err := models.ParsePartialDate(s)
	if err != nil {
		p.Addf(field, "%v", err)
	}
	return d
}

// parsePeriod reads a period written as partial dates, each end to the
// precision the report gives it (YYYY, YYYY-MM or YYYY-MM-DD: "2019" to
// "2023-12-05"); an empty end is the start's end.
func parsePeriod(p *edit.Problems, start, end string) models.Period {
	start, end = strings.TrimSpace(start), strings.TrimSpace(end)
	if start == "" {
		return models.Period{} // validation says it is required
	}
	if _, err := models.ParsePartialDate(start); err != nil {
		p.Addf("period_start", "%v", err)
	}
	if end != "" {
		if _, err := models.ParsePartialDate(end); err != nil {
			p.Addf("period_end", "%v", err)
		}
	}
	if p.Has("period_start") || p.Has("period_end") {
		return models.Period{}
	}
	per, err := models.ParsePeriod(start, end)
	if err != nil {
		p.Addf("period_end", "%v", err)
	}
	return per
}

// fieldMessage is a field's problem as a page in language l shows it
// (i18n.Problem: the validation part of the catalogue).
func fieldMessage(l models.Lang, msg string) models.Shown { return i18n.Problem(l, msg) }

// formMessage sums up why a form was not saved, above the form, in
// language l: a reader of another language than English is told what
// kind of problem it was (httpx.ErrorText).
func formMessage(l models.Lang, err error) string {
	if models.ErrorCode(err) == models.EInvalid && len(models.FieldErrors(err)) > 0 {
		return i18n.T(l, "editor.some_values")
	}
	if l != models.English {
		return httpx.ErrorText(l, err)
	}
	msg := strings.TrimSpace(models.ErrorMessage(err))
	if msg == "" {
		return ""
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// intOr reads the hidden version of a form.
func intOr(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

// requireValue refuses a figure whose number was left out: an empty value
// must never be stored as 0. A range needs both bounds, a figure that gives
// no number none (models.Qualifier.NumberFields), anything else a value.
func requireValue(p *edit.Problems, q models.Qualifier, value, low, high bool) {
	given := map[string]bool{"value": value, "value_low": low, "value_high": high}
	for _, field := range q.NumberFields() {
		if given[field] {
			continue
		}
		switch field {
		case "value_low":
			p.Addf(field, "required for a range: the lower bound as a whole number")
		case "value_high":
			p.Addf(field, "required for a range: the upper bound as a whole number")
		default:
			p.Addf(field, "required: the number as the source states it (a whole number such as 41); when it gives only words, choose unquantified and leave the value empty")
		}
	}
}

// parseForm reads a urlencoded or multipart body of at most limit bytes.
func parseForm(c *gin.Context, limit int64) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	var err error
	if ct := c.ContentType(); ct == "multipart/form-data" {
		err = c.Request.ParseMultipartForm(limit)
	} else {
		err = c.Request.ParseForm()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return httpx.TooLarge("form", limit)
		}
		return models.Errorf(models.EInvalid, "The form could not be read: %v", err)
	}
	return nil
}

// unavailable reports whether err is a busy or unreachable database, which
// a client may simply try again shortly (503), unlike a bug (500): a form
// is then shown again with what was typed.
func unavailable(err error) bool { return models.ErrorCode(err) == models.EUnavailable }
