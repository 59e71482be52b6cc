package dashboard

import (
	"html/template"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/internal/intake"
	"forcedreturns/models"
)

// bilingualFuncs are the template functions of language l for stored
// texts kept in two languages (models.Shown: the text and the language it
// is written in, for its lang attribute) and for the editor's pages.
func bilingualFuncs(l models.Lang) template.FuncMap {
	return template.FuncMap{
		// pageLang is the page's language code.
		"pageLang": func() string { return string(l) },
		// qualName and statusName name a qualifier and a status in the
		// page's language (as written, in English).
		"qualName":   func(q models.Qualifier) string { return q.NameIn(l) },
		"statusName": func(st models.Status) string { return checks.StatusName(l, st) },
		// guessReason is why intake guessed a field, in the page's language.
		"guessReason": func(g intake.Guess) string { return g.ReasonIn(l) },
		// problem is a field problem in the page's language, or its
		// English marked as such (i18n.Problem).
		"problem": func(msg string) models.Shown { return i18n.Problem(l, msg) },
		// title is a source's title for the page (models.Source.TitleIn).
		"title": func(s models.Source) models.Shown { return s.TitleIn(l) },
		// metricLabel and metricDefinition are a metric's texts for the
		// page (models.Metric.LabelIn).
		"metricLabel":      func(m models.Metric) models.Shown { return m.LabelIn(l) },
		"metricDefinition": func(m models.Metric) models.Shown { return m.DefinitionIn(l) },
		// tokenName is the name of a new API token as the account page's
		// notice puts it after "Your new token": ` “name”`, or nothing.
		"tokenName": func(name string) string {
			if name == "" {
				return ""
			}
			return " “" + name + "”"
		},
	}
}
