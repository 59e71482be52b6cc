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

// CheckOutcome names a check's outcome: label (checks.Status.Label) in
// English, its name in other languages.
func CheckOutcome(l models.Lang, name, label string) string {
	if l == models.English {
		return label
	}
	switch checks.Status(name) {
	case checks.OK:
		return i18n.T(l, "checks.status.ok")
	case checks.Mismatch:
		return i18n.T(l, "checks.status.mismatch")
	case checks.Unknown:
		return i18n.T(l, "checks.status.cannot_tell")
	}
	return label
}

// CheckKind names a kind of check: label (checks.KindLabel) in English,
// its name in other languages.
func CheckKind(l models.Lang, name, label string) string {
	if l == models.English {
		return label
	}
	switch name {
	case checks.KindPartsWhole:
		return i18n.T(l, "checks.kinds.parts_whole")
	case checks.KindCohort:
		return i18n.T(l, "checks.kinds.cohort")
	case checks.KindSubgroups:
		return i18n.T(l, "checks.kinds.subgroups")
	case checks.KindShares:
		return i18n.T(l, "checks.kinds.shares")
	case checks.KindDerived:
		return i18n.T(l, "checks.kinds.derived")
	case checks.KindAgreement:
		return i18n.T(l, "checks.kinds.agreement")
	case checks.KindAfterPublication:
		return i18n.T(l, "checks.kinds.after_publication")
	}
	return label
}

// CheckTallies is tallies with each label in language l as name (CheckOutcome
// or CheckKind) gives it, for the API's summary as the /checks page shows
// it; English is returned as it is.
func CheckTallies(l models.Lang, tallies []checks.Tally, name func(l models.Lang, name, label string) string) []checks.Tally {
	if l == models.English {
		return tallies
	}
	out := make([]checks.Tally, len(tallies))
	for i, t := range tallies {
		t.Label = name(l, t.Name, t.Label)
		out[i] = t
	}
	return out
}
