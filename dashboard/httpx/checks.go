package httpx

import (
	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// ChecksNotice is what /checks and the API say, in l, of a page of the
// checks read while they are being computed again (checks.Page.Computing):
// that they are, and what is shown meanwhile (nothing yet, or the last
// computation and when its figures were read); empty when the page is
// current.
func ChecksNotice(l models.Lang, p checks.Page) string {
	switch {
	case !p.Computing:
		return ""
	case !p.Stored:
		return i18n.T(l, "checks.computing_first")
	case p.AsOf.IsZero():
		return i18n.T(l, "checks.computing_earlier")
	}
	return i18n.T(l, "checks.computing_as_of", "AsOf", models.DateTimeIn(l, p.AsOf))
}
