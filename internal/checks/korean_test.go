package checks

import (
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// everyResult runs the checks on every invented set (each kind of check
// with each status it can have), the seed, the multi-report set and random
// figures, and returns the results with the figures they were run on.
func everyResult(t *testing.T) ([]Result, []models.Figure) {
	t.Helper()
	var rs []Result
	var all []models.Figure
	ms := seedMetrics(t)
	for _, set := range [][]invented{partsCases(), cohortCases(), subgroupsCases(), sharesCases(), derivedCases(), agreementCases(), publicationCases()} {
		for _, c := range set {
			figs := c.figs(t)
			all = append(all, figs...)
			rs = append(rs, Options{Cohorts: DefaultCohorts(), Sources: c.sources, Metrics: ms}.Run(figs)...)
		}
	}
	seed := seedFigures(t)
	rs = append(rs, Options{Cohorts: DefaultCohorts(), Sources: seedSources(t), Metrics: ms}.Run(seed)...)
	figs, srcs := multiReportFigures(t)
	carried := Carried{}
	for k, s := range srcs {
		if s.Original != "" {
			carried[k] = s.Original
		}
	}
	rs = append(rs, Default(srcs, carried, ms).Run(figs)...)
	all = append(append(all, seed...), figs...)
	r := rand.New(rand.NewSource(14))
	for range 30 {
		figs := randomFigures(r, 5+r.Intn(60))
		all = append(all, figs...)
		rs = append(rs, Options{Cohorts: DefaultCohorts(), Metrics: ms}.Run(figs)...)
	}
	return rs, all
}

// The English a Korean text may keep: what the data says in its own
// words (populations, who reported, keys, units, retraction
// reasons, a quantity's words); and the messages of other packages a few
// results quote (a formula's parse error, a share's validation problems),
// which are the validation catalogue's wording (i18n.Problem), not the
// checks'.
var (
	word            = regexp.MustCompile(`[A-Za-z]{3,}`)
	latinWords      = regexp.MustCompile(`[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*)*`)
	oneThing        = regexp.MustCompile(`\bone (source|figure|day|month)`)
	numbers         = regexp.MustCompile(`\d+(?:[.,]\d+)*`)
	monthNames      = strings.NewReplacer("Jan ", "1 ", "Feb ", "2 ", "Mar ", "3 ", "Apr ", "4 ", "May ", "5 ", "Jun ", "6 ", "Jul ", "7 ", "Aug ", "8 ", "Sep ", "9 ", "Oct ", "10 ", "Nov ", "11 ", "Dec ", "12 ")
	quotedFromOther = []string{"formula refers to"}
)

func dataWords(figs []models.Figure) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if len(s) >= 3 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, f := range figs {
		for _, base := range figs {
			if f.ShareOf != "" && base.Key == f.ShareOf {
				for _, p := range models.FieldErrors(f.CheckShareBase(base)) {
					add(p.Field + " " + p.Message)
					add(p.Field + " " + i18n.Problem(models.Korean, p.Message).Text)
				}
			}
		}
		if f.Formula != "" {
			if _, err := models.ParseFormula(f.Formula); err != nil {
				add(err.Error())
				add(i18n.Problem(models.Korean, err.Error()).Text)
			}
		}
		for _, s := range []string{f.Population, f.ReportedBy, f.Key, f.Source, f.SubgroupOf, f.ShareOf,
			f.Unit, f.RetractReason, f.ValueText, f.ActingState, f.ReceivingState, f.Formula} {
			add(s)
		}
	}
	// The longest first, so that a population is not cut by a shorter one
	// inside it.
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// numberSet lists the numbers a text writes, each once (a Korean period
// leaves out a year or month its start already says), with English month
// names and "one" read as the numbers they are.
func numberSet(s string) []string {
	s = monthNames.Replace(oneThing.ReplaceAllString(s, "1 $1"))
	var out []string
	for _, n := range numbers.FindAllString(s, -1) {
		out = append(out, strings.ReplaceAll(n, ",", ""))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestKoreanWording runs every kind of check on inputs that give each of
// its outcomes and holds the Korean wording of each result to its English:
// the same numbers in every title, explanation and note, and no English
// sentence of the checks' own left once the data's words are taken out.
// That the English stays as it was is the invented sets' and the seed's
// tests (exact texts), and TestVersion's English hashes.
func TestKoreanWording(t *testing.T) {
	rs, figs := everyResult(t)
	words := dataWords(figs)
	kinds := map[string]int{}
	for _, r := range rs {
		kinds[r.Kind]++
		if r.Korean == nil {
			t.Errorf("%s: no Korean text", r.Title)
			continue
		}
		en, ko := r.In(models.English), r.In(models.Korean)
		if en.Korean != nil || ko.Korean != nil || en.Title != r.Title || en.Explanation != r.Explanation || !slices.Equal(en.Notes, r.Notes) {
			t.Errorf("%s: In(English) is not the result's English", r.Title)
		}
		if len(ko.Notes) != len(en.Notes) {
			t.Errorf("%s: %d notes in English, %d in Korean", r.Title, len(en.Notes), len(ko.Notes))
			continue
		}
		pairs := [][2]string{{en.Title, ko.Title}, {en.Explanation, ko.Explanation}}
		for i := range en.Notes {
			pairs = append(pairs, [2]string{en.Notes[i], ko.Notes[i]})
		}
		for _, p := range pairs {
			if !slices.Equal(numberSet(p[0]), numberSet(p[1])) {
				t.Errorf("numbers differ:\n en %q %v\n ko %q %v", p[0], numberSet(p[0]), p[1], numberSet(p[1]))
			}
			if !strings.ContainsFunc(p[1], func(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }) && !onlyData(p[1], words) {
				t.Errorf("no Hangul in the Korean of %q: %q", p[0], p[1])
			}
			rest := p[1]
			for _, w := range words {
				rest = strings.ReplaceAll(rest, w, "")
			}
			for _, m := range latinWords.FindAllString(rest, -1) {
				if quoted(p[1]) || !word.MatchString(m) { // codes: "CN → KP"
					continue
				}
				t.Errorf("English left in the Korean of %q:\n %q (%q)", p[0], p[1], m)
			}
		}
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("no %s result was worded", k)
		}
	}
}

// onlyData reports whether a text is made of the data's words and
// numbers alone (a subgroup's note "4: older women.").
func onlyData(s string, words []string) bool {
	for _, w := range words {
		s = strings.ReplaceAll(s, w, "")
	}
	return !word.MatchString(s)
}

func quoted(s string) bool {
	for _, q := range quotedFromOther {
		if strings.Contains(s, q) {
			return true
		}
	}
	return false
}

// TestMetricName: the checks name a metric in English by its slug's words,
// as they always have, and in Korean by the label a Korean reader is
// shown everywhere else (models.Metric.LabelIn).
func TestMetricName(t *testing.T) {
	ms := MetricsOf([]models.Metric{
		{Slug: "in_custody", Label: "Still in custody", LabelKo: "구금 중"},
		{Slug: "deaths", Label: "Deaths"},
	})
	for _, c := range []struct {
		l          models.Lang
		slug, want string
	}{
		{models.English, "in_custody", "in custody"},
		{models.Korean, "in_custody", "구금 중"},
		{models.English, "deaths", "deaths"},
		{models.Korean, "deaths", "Deaths"}, // no Korean label: the English one, as the metrics page shows it
		{models.Korean, "forcibly_returned", "forcibly returned"},
		{models.English, "forcibly_returned", "forcibly returned"},
	} {
		if got := ms.Name(c.l, c.slug); got != c.want {
			t.Errorf("Name(%s, %s) = %q, want %q", c.l, c.slug, got, c.want)
		}
		if m, ok := ms[c.slug]; ok && c.l == models.Korean && ms.Name(c.l, c.slug) != m.LabelIn(c.l).Text {
			t.Errorf("Name(%s, %s) is not the label the pages show", c.l, c.slug)
		}
	}
	if got := Metrics(nil).Name(models.Korean, "in_custody"); got != "in custody" {
		t.Errorf("no metrics: %q", got)
	}
}

// TestLabelsLeaveEnglish: the metrics' labels change the Korean wording
// of the seed's results, and not one byte of their English.
func TestLabelsLeaveEnglish(t *testing.T) {
	seed, srcs := seedFigures(t), seedSources(t)
	without := Options{Cohorts: DefaultCohorts(), Sources: srcs}.Run(seed)
	with := Options{Cohorts: DefaultCohorts(), Sources: srcs, Metrics: seedMetrics(t)}.Run(seed)
	if len(with) != len(without) {
		t.Fatalf("%d results with labels, %d without", len(with), len(without))
	}
	changed := 0
	for i := range with {
		en, en0 := with[i].In(models.English), without[i].In(models.English)
		if en.Title != en0.Title || en.Explanation != en0.Explanation || !slices.Equal(en.Notes, en0.Notes) {
			t.Errorf("the English changed with labels:\n %q\n %q", en0.Title, en.Title)
		}
		if with[i].Korean.Title != without[i].Korean.Title {
			changed++
		}
		if strings.Contains(with[i].Korean.Title, "apprehended") || strings.Contains(with[i].Korean.Title, "forcibly returned") {
			t.Errorf("a slug in the Korean title: %q", with[i].Korean.Title)
		}
	}
	if changed == 0 {
		t.Error("the labels changed no Korean title")
	}
}

// TestRelationIn: every relation's English is Relation.String's, and its
// Korean has no English word.
func TestRelationIn(t *testing.T) {
	for r := Relation(0); r < 1<<6; r++ {
		if got := RelationIn(models.English, r); got != r.String() {
			t.Errorf("RelationIn(English, %v) = %q", r, got)
		}
		if ko := RelationIn(models.Korean, r); word.MatchString(ko) {
			t.Errorf("RelationIn(Korean, %v) = %q", r, ko)
		}
	}
}
