package intake

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"forcedreturns/internal/importer"
	"forcedreturns/internal/provenance"
	"forcedreturns/models"
	"forcedreturns/seeds"
	"forcedreturns/seeds/seedtest"
)

// label is a figure a document of the corpus should yield.
type label struct {
	Value     int64  `yaml:"value"`
	ValueLow  int64  `yaml:"value_low"`
	ValueHigh int64  `yaml:"value_high"`
	ValueText string `yaml:"value_text"`
	Unit      string `yaml:"unit"`
	Qualifier string `yaml:"qualifier"`
	Metric    string `yaml:"metric"`
	Period    struct {
		Start string `yaml:"start"`
		End   string `yaml:"end"`
	} `yaml:"period"`
	Note string `yaml:"note"`
}

// labels is a document's labels file.
type labels struct {
	Source struct {
		ID          string `yaml:"id"`
		PublishedOn string `yaml:"published_on"`
		Language    string `yaml:"language"`
		Publisher   string `yaml:"publisher"`
	} `yaml:"source"`
	Figures []label `yaml:"figures"`
}

// document is one report of the corpus with its labels.
type document struct {
	name   string
	text   string
	source models.Source
	labels []label
}

// corpus reads testdata/corpus.
func corpus(t testing.TB) []document {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.yaml"))
	if err != nil || len(names) < 8 {
		t.Fatalf("corpus: %d labelled documents (%v), want at least 8", len(names), err)
	}
	var docs []document
	for _, n := range names {
		raw, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		var l labels
		if err := yaml.Unmarshal(raw, &l); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		text, err := os.ReadFile(strings.TrimSuffix(n, ".yaml") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		pd, err := models.ParsePartialDate(l.Source.PublishedOn)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		src := models.Source{Key: l.Source.ID, Language: l.Source.Language, Publisher: l.Source.Publisher}
		src.SetPublished(pd)
		docs = append(docs, document{name: strings.TrimSuffix(filepath.Base(n), ".yaml"), text: string(text), source: src, labels: l.Figures})
	}
	return docs
}

// seedDocument is the seed article with the seed figures as its labels.
func seedDocument(t testing.TB) (document, []models.Metric) {
	t.Helper()
	text, _ := seedtest.Article(t)
	b, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	d := document{name: "seed", text: text, source: b.Sources[0]}
	for _, f := range b.Figures {
		l := label{Value: f.Value, ValueLow: f.ValueLow, ValueHigh: f.ValueHigh, ValueText: f.ValueText, Unit: f.Unit,
			Qualifier: string(f.Qualifier), Metric: f.Metric}
		l.Period.Start, l.Period.End = f.Period.StartText(), f.Period.EndText()
		d.labels = append(d.labels, l)
	}
	return d, b.Metrics
}

// heldOut is the invented multi-report test set of seeds/testdata,
// labelled by the people who wrote it for other tests (not for intake):
// each text's labels are the figures quoting it, and those whose
// paraphrase it holds. The recogniser was never tuned on it.
func heldOut(t testing.TB) []document {
	t.Helper()
	yamlPath, _ := seedtest.MultiReport(t)
	f, err := os.Open(yamlPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := importer.Parse(yamlPath, f, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	texts := seedtest.MultiReportTexts(t)
	var docs []document
	for _, src := range b.Sources {
		path, ok := texts[src.Key]
		if !ok {
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		d := document{name: "held-out " + src.Key, text: text, source: src}
		for _, fg := range b.Figures {
			if fg.Source != src.Key && !(fg.Paraphrased() && strings.Contains(provenance.Normalize(text), provenance.Normalize(fg.Paraphrase))) {
				continue
			}
			l := label{Value: fg.Value, ValueLow: fg.ValueLow, ValueHigh: fg.ValueHigh, ValueText: fg.ValueText, Unit: fg.Unit,
				Qualifier: string(fg.Qualifier), Metric: fg.Metric}
			l.Period.Start, l.Period.End = fg.Period.StartText(), fg.Period.EndText()
			d.labels = append(d.labels, l)
		}
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].name < docs[j].name })
	return docs
}

// sameValue reports whether a proposal states a label's value with its
// qualifier (and unit: a percentage is not a count).
func sameValue(f models.Figure, l label) bool {
	unit := l.Unit
	if unit == "" {
		unit = models.UnitPeople
	}
	if string(f.Qualifier) != l.Qualifier || f.Unit != unit {
		return false
	}
	switch f.Qualifier {
	case models.QualUnquantified:
		// The source's words, with or without the "of" that follows
		// them: labels of either convention count.
		words := func(s string) string { return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), " of") }
		return words(f.ValueText) == words(l.ValueText)
	case models.QualRange:
		return f.ValueLow == l.ValueLow && f.ValueHigh == l.ValueHigh
	}
	return f.Value == l.Value
}

// samePeriod reports whether a proposal's period is the label's, each end
// at its precision.
func samePeriod(p models.Period, l label) bool {
	want, err := models.ParsePeriod(l.Period.Start, l.Period.End)
	if err != nil {
		return false
	}
	return p.StartText() == want.StartText() && p.EndText() == want.EndText()
}

// score is what the recogniser got right in one document.
type score struct {
	labels, proposals, found, rightPeriod, rightMetric int
	missed, wrong, offPeriod, offMetric                []string
}

func (s *score) add(o score) {
	s.labels += o.labels
	s.proposals += o.proposals
	s.found += o.found
	s.rightPeriod += o.rightPeriod
	s.rightMetric += o.rightMetric
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// measure matches a document's proposals to its labels: a label is found
// by a proposal stating its value with its qualifier (one proposal per
// label; among several, the one with the label's metric and period).
func measure(d document, ps []Proposal) score {
	s := score{labels: len(d.labels), proposals: len(ps)}
	used := make([]bool, len(ps))
	for _, l := range d.labels {
		best, bestScore := -1, -1
		for i, p := range ps {
			if used[i] || !sameValue(p.Figure, l) {
				continue
			}
			sc := 0
			if p.Figure.Metric == l.Metric {
				sc += 2
			}
			if samePeriod(p.Figure.Period, l) {
				sc++
			}
			if sc > bestScore {
				best, bestScore = i, sc
			}
		}
		if best < 0 {
			s.missed = append(s.missed, labelText(l))
			continue
		}
		used[best] = true
		s.found++
		if ps[best].Figure.Metric == l.Metric {
			s.rightMetric++
		} else {
			s.offMetric = append(s.offMetric, fmt.Sprintf("%s: %s, want %s", ps[best].Written, ps[best].Figure.Metric, l.Metric))
		}
		if samePeriod(ps[best].Figure.Period, l) {
			s.rightPeriod++
		} else {
			s.offPeriod = append(s.offPeriod, fmt.Sprintf("%s: %s to %s, want %s to %s", ps[best].Written,
				ps[best].Figure.Period.StartText(), ps[best].Figure.Period.EndText(), l.Period.Start, l.Period.End))
		}
	}
	for i, p := range ps {
		if !used[i] {
			s.wrong = append(s.wrong, fmt.Sprintf("%s %s %s (%s)", p.Figure.Metric, p.Figure.Qualifier, valueText(p.Figure), p.Written))
		}
	}
	return s
}

func labelText(l label) string {
	v := fmt.Sprint(l.Value)
	switch l.Qualifier {
	case "range":
		v = fmt.Sprintf("%d–%d", l.ValueLow, l.ValueHigh)
	case "unquantified":
		v = "“" + l.ValueText + "”"
	}
	return fmt.Sprintf("%s %s %s %s", l.Metric, l.Qualifier, v, l.Unit)
}

func valueText(f models.Figure) string {
	return f.Quantity().Text() + map[bool]string{true: " %", false: ""}[f.Percent()]
}

// TestCorpus measures the recogniser on the labelled corpus and fails
// below the targets of issue 13: on the seed article at least 10 of its
// 11 figures with the right value and qualifier and at most 3 wrong
// proposals; on the whole corpus a recall of 0.9 and a precision of 0.8.
// With -v it prints, per document and overall, recall, precision and the
// share of found figures whose period and metric are right.
func TestCorpus(t *testing.T) {
	seed, metrics := seedDocument(t)
	docs := append([]document{seed}, corpus(t)...)
	var total score
	var table strings.Builder
	fmt.Fprintf(&table, "%-40s %6s %6s %6s %9s %6s %6s\n", "document", "labels", "props", "found", "precision", "period", "metric")
	scores := map[string]score{}
	for _, d := range docs {
		ps := Propose(d.text, d.source, Options{Metrics: metrics})
		s := measure(d, ps)
		scores[d.name] = s
		total.add(s)
		fmt.Fprintf(&table, "%-40s %6d %6d %6d %9.2f %6.2f %6.2f\n", d.name, s.labels, s.proposals, s.found,
			ratio(s.found, s.proposals), ratio(s.rightPeriod, s.found), ratio(s.rightMetric, s.found))
	}
	recall, precision := ratio(total.found, total.labels), ratio(total.found, total.proposals)
	fmt.Fprintf(&table, "%-40s %6d %6d %6d %9.2f %6.2f %6.2f\n", "overall", total.labels, total.proposals, total.found,
		precision, ratio(total.rightPeriod, total.found), ratio(total.rightMetric, total.found))
	fmt.Fprintf(&table, "recall %.2f (%d of %d labels), precision %.2f (%d of %d proposals)\n", recall, total.found, total.labels, precision, total.found, total.proposals)
	// The held-out set is measured and printed, not held to the targets:
	// it was written for other tests, and says how the rules carry over.
	var held score
	for _, d := range heldOut(t) {
		s := measure(d, Propose(d.text, d.source, Options{Metrics: metrics}))
		scores[d.name] = s
		held.add(s)
		fmt.Fprintf(&table, "%-40s %6d %6d %6d %9.2f %6.2f %6.2f\n", d.name, s.labels, s.proposals, s.found,
			ratio(s.found, s.proposals), ratio(s.rightPeriod, s.found), ratio(s.rightMetric, s.found))
	}
	fmt.Fprintf(&table, "held out: recall %.2f (%d of %d labels), precision %.2f (%d of %d proposals)\n", ratio(held.found, held.labels), held.found, held.labels,
		ratio(held.found, held.proposals), held.found, held.proposals)
	names := make([]string, 0, len(scores))
	for n := range scores {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, m := range scores[n].missed {
			fmt.Fprintf(&table, "  missed  %s: %s\n", n, m)
		}
		for _, w := range scores[n].wrong {
			fmt.Fprintf(&table, "  wrong   %s: %s\n", n, w)
		}
		for _, w := range scores[n].offMetric {
			fmt.Fprintf(&table, "  metric  %s: %s\n", n, w)
		}
		for _, w := range scores[n].offPeriod {
			fmt.Fprintf(&table, "  period  %s: %s\n", n, w)
		}
	}
	t.Log("\n" + table.String())
	if s := scores["seed"]; s.found < 10 || len(s.wrong) > 3 {
		t.Errorf("seed article: %d of %d figures found, %d wrong proposals; want at least 10 and at most 3", s.found, s.labels, len(s.wrong))
	}
	if recall < 0.9 {
		t.Errorf("corpus recall %.2f, want at least 0.9", recall)
	}
	if precision < 0.8 {
		t.Errorf("corpus precision %.2f, want at least 0.8", precision)
	}
}
