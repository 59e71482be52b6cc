package intake

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"forcedreturns/models"
)

// TestReasonsInKorean: every reason intake gives is the same English as
// Guess.Reason, and in Korean has no English word of its own: what is
// left once the text's own words (in quotes, the number as written, the
// people, a weekday) are taken out is Korean.
func TestReasonsInKorean(t *testing.T) {
	texts := []string{
		"Last year, at least 41 North Koreans were arrested in China, according to the Interior Ministry.",
		"As of 3 March, 46 North Koreans remain in custody. Since 2013, when nine were sent back to North Korea, dozens have been returned.",
		"This month about 20 Syrians were deported to Syria. On Tuesday police detained 12 Eritreans. Yesterday, dozens were returned.",
		"In the past week 30 people were deported. Between July and August 2017, 41 people were apprehended, a steep rise from the 51 caught the year before.",
		"Among the 92 North Koreans Human Rights Watch knows were caught since June 2016 were a newborn baby, 11 other children and four older women.",
		"Human Rights Watch documented the arrest of as many as 600 refugees in early 2019, and 14 smugglers who help others flee.",
		"This year some 300 Afghans were forcibly returned; this week 40 more. Last month 25 were deported, and last week 10.",
		"Police said 17 people were detained. Today 5 more were held. More than 60 percent of those deported were women.",
		"In March 2018, 46 North Koreans were in custody. Later, 12 were deported.",
	}
	names, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	quoted := regexp.MustCompile(`“[^”]*”`)
	english := regexp.MustCompile(`[A-Za-z]{3,}`)
	seen := map[string]int{}
	for _, pub := range []string{"2017-09-18", "2022-11", "2020", ""} {
		src := source(t, pub)
		src.Publisher = "테스트 발행처"
		for _, text := range texts {
			for _, p := range Propose(text, src, Options{}) {
				data := []string{p.Written, p.Figure.Population, p.Figure.ReportedBy, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
				for _, pr := range Propose(text, src, Options{}) {
					data = append(data, pr.Written)
				}
				for _, g := range p.Guesses {
					if g.ReasonIn(models.English) != g.Reason {
						t.Errorf("%s: ReasonIn(English) %q is not Reason %q", g.Field, g.ReasonIn(models.English), g.Reason)
					}
					ko := g.ReasonIn(models.Korean)
					for _, r := range []string{g.Reason, ko} {
						// A reason left empty inside another: "from “In March 2018”:", "(…)" with nothing.
						if trimmed := strings.TrimSpace(r); strings.HasSuffix(trimmed, ":") || strings.Contains(r, "()") || strings.Contains(r, ": ;") || strings.Contains(r, ":;") {
							t.Errorf("%s: a reason with an empty part: %q", g.Field, r)
						}
					}
					if g.Reason != "" && ko == g.Reason {
						t.Errorf("%s: the Korean reason is the English %q", g.Field, ko)
					}
					rest := quoted.ReplaceAllString(ko, "")
					for _, d := range data {
						if len(d) >= 3 {
							rest = strings.ReplaceAll(rest, d, "")
						}
					}
					if m := english.FindString(rest); m != "" {
						t.Errorf("%s: English %q left in the Korean reason %q (English %q)", g.Field, m, ko, g.Reason)
					}
					seen[g.Field]++
				}
			}
		}
	}
	for _, f := range []string{"value", "qualifier", "period", "metric", "quantity_kind", "population", "reported_by", "acting_state", "receiving_state", "subgroup_of"} {
		if seen[f] == 0 {
			t.Errorf("no %s guess was read", f)
		}
	}
}
