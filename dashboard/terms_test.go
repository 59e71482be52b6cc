package dashboard

import (
	"strings"
	"testing"

	"forcedreturns/models"
)

// TestOneNameForEachKind: the charts, the figure page, the lists and the
// editor's form name a kind of quantity by models.KindNameIn, so a Korean
// reader meets one term for it everywhere ("시점 현황" for a stock, "기간
// 발생" for a flow), and English reads as it did.
func TestOneNameForEachKind(t *testing.T) {
	want := map[models.QuantityKind]string{models.Flow: "기간 발생", models.Stock: "시점 현황", models.Cumulative: "누적"}
	for k, name := range want {
		if got := models.KindNameIn(models.Korean, k); got != name {
			t.Errorf("KindNameIn(ko, %s) = %q, want %q", k, got, name)
		}
		for what, s := range map[string]string{
			"chart (KindTextIn)":        models.KindTextIn(models.Korean, k),
			"figure page (kindText)":    kindText(models.Korean, k),
			"editor's form (kindLabel)": kindLabel(models.Korean, k),
		} {
			if !strings.HasPrefix(s, name) {
				t.Errorf("%s names %s %q, want it to start with %q", what, k, s, name)
			}
		}
	}
	for got, want := range map[string]string{
		kindText(models.English, models.Flow):           "flow — people counted over the period",
		kindText(models.English, models.Cumulative):     "cumulative — everyone counted since the period's start",
		kindLabel(models.English, models.Stock):         "Stock — at one date (start = end)",
		models.KindNameIn(models.English, models.Stock): "stock",
	} {
		if got != want {
			t.Errorf("English: %q, want %q", got, want)
		}
	}
}

// TestOneNameForEachAction: recent changes and the notice of a form
// changed meanwhile name a revision's action by the same function.
func TestOneNameForEachAction(t *testing.T) {
	for _, l := range models.Langs {
		text := bilingualFuncs(l)["actionText"].(func(string) string)
		for _, a := range []string{models.ActionCreate, models.ActionUpdate, models.ActionRetract, models.ActionRestore} {
			if got, label := text(a), actionLabel(l, a); got != strings.ToLower(label) {
				t.Errorf("%s %s: the conflict notice says %q, recent changes %q", l, a, got, label)
			}
		}
	}
	if got := bilingualFuncs(models.Korean)["actionText"].(func(string) string)(models.ActionUpdate); got != "변경" {
		t.Errorf("Korean update = %q, want 변경 (as recent changes says it)", got)
	}
}
