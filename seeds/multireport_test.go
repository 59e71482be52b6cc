package seeds_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/internal/importer/importertest"
	"forcedreturns/models"
	"forcedreturns/seeds/seedtest"
)

// TestMultiReportIsHonest: the invented test set invents nothing beyond
// its invented texts. Every quote occurs, byte for byte, in the text of
// its source; a paraphrase's source has no text, and the paraphrase
// occurs in the text of the outlet named as having written it; every
// text belongs to a source of the set and says it is invented, and so do
// the sources' notes.
func TestMultiReportIsHonest(t *testing.T) {
	b := multiReportBatch(t)
	texts := map[string]string{}
	for id, path := range seedtest.MultiReportTexts(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		texts[id] = string(raw)
	}
	sources := map[string]models.Source{}
	for _, s := range b.Sources {
		sources[s.Key] = s
		if !strings.HasPrefix(s.Notes, "Invented for tests.") {
			t.Errorf("source %s: notes %q do not say it is invented", s.Key, s.Notes)
		}
	}
	for id, text := range texts {
		if _, ok := sources[id]; !ok {
			t.Errorf("texts/%s.txt belongs to no source of the set", id)
		}
		if head, _, _ := strings.Cut(text, "\n\n"); !strings.Contains(head, "An invented") {
			t.Errorf("texts/%s.txt does not open by saying it is invented: %q", id, head)
		}
	}
	for _, f := range b.Figures {
		text, hasText := texts[f.Source]
		switch {
		case f.Paraphrased():
			if hasText {
				t.Errorf("%s is a paraphrase, but its source %s has a text to quote", f.Key, f.Source)
			}
			found := false
			for id, text := range texts {
				found = found || (sources[id].Publisher == f.ParaphrasedBy && strings.Contains(text, f.Paraphrase))
			}
			if !found {
				t.Errorf("%s: the paraphrase is in no text published by %q: %q", f.Key, f.ParaphrasedBy, f.Paraphrase)
			}
		case !hasText:
			t.Errorf("%s quotes source %s, which has no text", f.Key, f.Source)
		case f.Quote == "" || !strings.Contains(text, f.Quote):
			t.Errorf("%s: the quote is not in texts/%s.txt: %q", f.Key, f.Source, f.Quote)
		}
		if f.QuoteStart != nil || f.QuoteEnd != nil {
			t.Errorf("%s carries offsets: the tests record them with verify", f.Key)
		}
		if f.Qualifier.HasNumber() && f.Qualifier != models.QualRange {
			if n := f.Value; !strings.Contains(f.Quote+f.Paraphrase, strconv.FormatInt(n, 10)) {
				t.Errorf("%s: the value %d is not in its evidence", f.Key, n)
			}
		}
	}
}

// TestMultiReportHasEveryCase: the set holds each kind of report issue 10
// asks the tests to exercise, so that a later edit of the file cannot
// quietly drop one.
func TestMultiReportHasEveryCase(t *testing.T) {
	b := multiReportBatch(t)
	sources := map[string]models.Source{}
	years := map[int]bool{}
	for _, s := range b.Sources {
		sources[s.Key] = s
		years[s.PublishedOn.Year] = true
	}
	periodYears := map[int]bool{}
	for _, f := range b.Figures {
		for y := f.Period.Start.Year; y <= f.Period.End.Year; y++ {
			periodYears[y] = true
		}
	}
	// The reports of one day's event from different sources.
	byDay := map[string]map[string]bool{}
	for _, f := range b.Figures {
		if f.Period.Start == f.Period.End && f.Kind == models.Flow {
			k := f.Metric + " " + f.Period.Label()
			if byDay[k] == nil {
				byDay[k] = map[string]bool{}
			}
			byDay[k][f.Source] = true
		}
	}
	oneDay := 0
	for _, srcs := range byDay {
		oneDay = max(oneDay, len(srcs))
	}
	any := func(pred func(models.Figure) bool) bool {
		for _, f := range b.Figures {
			if pred(f) {
				return true
			}
		}
		return false
	}
	anySource := func(pred func(models.Source) bool) bool {
		for _, s := range b.Sources {
			if pred(s) {
				return true
			}
		}
		return false
	}
	for _, tt := range []struct {
		what string
		ok   bool
	}{
		{"sources published in more than one year", len(years) >= 2},
		{"figures over more than one year", len(periodYears) >= 2},
		{"a source carrying another (a repost)", anySource(func(s models.Source) bool { return s.Original != "" && sources[s.Original].Key != "" })},
		{"a source known to the month", anySource(func(s models.Source) bool { return s.PublishedPrecision == models.PrecisionMonth })},
		{"a source known to the year", anySource(func(s models.Source) bool { return s.PublishedPrecision == models.PrecisionYear })},
		{"a source with an archived copy", anySource(func(s models.Source) bool { return s.ArchiveURL != "" })},
		{"a paraphrase", any(func(f models.Figure) bool { return f.Paraphrased() && f.ParaphrasedBy != "" })},
		{"a share in percent", any(func(f models.Figure) bool { return f.ShareOf != "" && f.Unit == models.UnitPercent })},
		{"an unquantified figure", any(func(f models.Figure) bool { return f.Qualifier == models.QualUnquantified && f.ValueText != "" })},
		{"an open 'since' period (year start, day end)", any(func(f models.Figure) bool {
			return f.Period.PrecisionOfStart() == models.PrecisionYear && f.Period.PrecisionOfEnd() == models.PrecisionDay
		})},
		{"a subgroup", any(func(f models.Figure) bool { return f.SubgroupOf != "" })},
		{"a cumulative total", any(func(f models.Figure) bool { return f.Kind == models.Cumulative })},
		{"a stock", any(func(f models.Figure) bool { return f.Kind == models.Stock })},
		{"one day's event reported by three sources", oneDay >= 3},
	} {
		if !tt.ok {
			t.Errorf("the multi-report test set lacks %s", tt.what)
		}
	}
}

// multiReportBatch parses the multi-report test set as the import command
// does, or fails the test.
func multiReportBatch(t testing.TB) models.Batch { return importertest.MultiReport(t) }
