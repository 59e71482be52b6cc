package dashboard

import (
	"testing"

	"forcedreturns/models"
)

// TestSnapshotTitleInLanguage: recent changes name a figure as its
// revision recorded it; in Korean the amount is written again in Korean
// from the stored number and qualifier, and the metric takes the Korean
// label the revision recorded, where there is one.
func TestSnapshotTitleInLanguage(t *testing.T) {
	const (
		atLeast = `{"value_label":"at least 7","qualifier":"at_least","value":7,"value_low":null,"value_high":null,"unit":"people","metric":{"slug":"apprehended","label":"Apprehended","label_ko":"체포"},"population":"North Koreans"}`
		rng     = `{"value_label":"24–99","qualifier":"range","value":null,"value_low":24,"value_high":99,"unit":"people","metric":{"slug":"apprehended","label":"Apprehended","label_ko":""},"population":"North Koreans"}`
		words   = `{"value_label":"“dozens” (no number given)","qualifier":"unquantified","value":null,"value_text":"dozens","unit":"people","metric":"forcibly_returned","population":"North Koreans"}`
		bare    = `{"metric":"apprehended"}`
	)
	for _, c := range []struct {
		lang           models.Lang
		snapshot, want string
	}{
		{models.English, atLeast, "at least 7 Apprehended — North Koreans"},
		{models.Korean, atLeast, "최소 7 체포 — North Koreans"},
		{models.English, rng, "24–99 Apprehended — North Koreans"},
		{models.Korean, rng, "24–99 Apprehended — North Koreans"},
		{models.Korean, words, "“dozens” (숫자 없음) forcibly_returned — North Koreans"},
		{models.English, words, "“dozens” (no number given) forcibly_returned — North Koreans"},
	} {
		if got := snapshotTitle(c.lang, c.snapshot, "k"); got != c.want {
			t.Errorf("%s %s:\n got %q\nwant %q", c.lang, c.snapshot, got, c.want)
		}
	}
	if got, other := snapshotTitle(models.Korean, bare, "k"), snapshotTitle(models.English, bare, "k"); got == other || got == "" {
		t.Errorf("a snapshot without a value: %q in Korean, %q in English; want the figure named in each language", got, other)
	}
}
