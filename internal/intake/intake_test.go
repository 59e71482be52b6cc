package intake

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"forcedreturns/internal/importer"
	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// source is a source published on pub (YYYY, YYYY-MM or YYYY-MM-DD).
func source(t testing.TB, pub string) models.Source {
	t.Helper()
	src := models.Source{Key: "test-report", Language: "en", Publisher: "Test Publisher"}
	if pub != "" {
		d, err := models.ParsePartialDate(pub)
		if err != nil {
			t.Fatal(err)
		}
		src.SetPublished(d)
	}
	return src
}

// checkInvariants fails when a proposal breaks what every proposal must
// hold, whatever the text: its quote is the text at its offsets, its
// number is in its quote, its value agrees with its qualifier, its ids
// are well formed.
func checkInvariants(t testing.TB, text string, ps []Proposal) {
	t.Helper()
	ids := map[string]bool{}
	keys := map[string]bool{}
	for _, p := range ps {
		f := p.Figure
		if f.QuoteStart == nil || f.QuoteEnd == nil {
			t.Fatalf("%s: no quote offsets", p.ID)
		}
		s, e := *f.QuoteStart, *f.QuoteEnd
		if s < 0 || e > len(text) || s >= e {
			t.Fatalf("%s: quote offsets %d–%d outside the text (%d bytes)", p.ID, s, e, len(text))
		}
		if text[s:e] != f.Quote {
			t.Fatalf("%s: quote %q is not the text at %d–%d, %q", p.ID, f.Quote, s, e, text[s:e])
		}
		if strings.TrimSpace(f.Quote) != f.Quote || !utf8.ValidString(f.Quote) || utf8.RuneCountInString(f.Quote) > maxQuoteRunes {
			t.Fatalf("%s: quote %q not trimmed, not UTF-8 or too long", p.ID, f.Quote)
		}
		if m, err := provenance.NewText(text).Find(f.Quote); err != nil || provenance.Normalize(text[m.Start:m.End]) != provenance.Normalize(f.Quote) {
			t.Fatalf("%s: quote verification does not find %q: %v", p.ID, f.Quote, err)
		}
		if p.NumberStart < 0 || p.NumberEnd > len(f.Quote) || p.NumberStart >= p.NumberEnd || f.Quote[p.NumberStart:p.NumberEnd] != p.Written {
			t.Fatalf("%s: number %q not at %d–%d of its quote %q", p.ID, p.Written, p.NumberStart, p.NumberEnd, f.Quote)
		}
		switch {
		case !f.Qualifier.Valid():
			t.Fatalf("%s: qualifier %q", p.ID, f.Qualifier)
		case !f.Qualifier.HasNumber() && (f.Value != 0 || f.ValueLow != 0 || f.ValueHigh != 0 || f.ValueText == ""):
			t.Fatalf("%s: unquantified with a number (%d, %d–%d) or without words %q", p.ID, f.Value, f.ValueLow, f.ValueHigh, f.ValueText)
		case f.Qualifier == models.QualRange && (f.ValueHigh <= f.ValueLow || f.Value != 0):
			t.Fatalf("%s: range %d–%d, value %d", p.ID, f.ValueLow, f.ValueHigh, f.Value)
		case f.Qualifier != models.QualRange && (f.ValueLow != 0 || f.ValueHigh != 0):
			t.Fatalf("%s: bounds on a %s figure", p.ID, f.Qualifier)
		case f.Value < 0 || f.Value > models.MaxValue || f.ValueHigh > models.MaxValue:
			t.Fatalf("%s: value %d out of bounds", p.ID, f.Value)
		}
		if f.Status != models.StatusDraft {
			t.Fatalf("%s: status %s, want draft", p.ID, f.Status)
		}
		if ids[p.ID] || keys[f.Key] || !models.ValidKey(f.Key) || len(p.Fingerprint) != 64 || p.ID != "p-"+p.Fingerprint[:12] {
			t.Fatalf("%s: id, key %q or fingerprint %q repeated or malformed", p.ID, f.Key, p.Fingerprint)
		}
		ids[p.ID], keys[f.Key] = true, true
		if f.SubgroupOf != "" && f.SubgroupOf == f.Key {
			t.Fatalf("%s: a subgroup of itself", p.ID)
		}
	}
	for _, p := range ps {
		if p.Figure.SubgroupOf != "" && !keys[p.Figure.SubgroupOf] {
			t.Fatalf("%s: subgroup of %s, which is not proposed", p.ID, p.Figure.SubgroupOf)
		}
		for _, r := range p.Restates {
			if ids[r] {
				t.Fatalf("%s: restates %s, which is proposed on its own too", p.ID, r)
			}
		}
	}
}

// one proposes from text and returns the only proposal, failing when
// there is not exactly one.
func one(t *testing.T, text, pub string) Proposal {
	t.Helper()
	ps := Propose(text, source(t, pub), Options{})
	checkInvariants(t, text, ps)
	if len(ps) != 1 {
		var got []string
		for _, p := range ps {
			got = append(got, p.Written)
		}
		t.Fatalf("%q: %d proposals %q, want 1", text, len(ps), got)
	}
	return ps[0]
}

func TestNumbersAndQualifiers(t *testing.T) {
	for _, tc := range []struct {
		text      string
		qual      models.Qualifier
		value     int64
		low, high int64
		words     string
		written   string
	}{
		{"Police deported 1,204 Syrians in March 2020.", models.QualExact, 1204, 0, 0, "", "1,204"},
		{"Police deported forty-one Syrians in March 2020.", models.QualExact, 41, 0, 0, "", "forty-one"},
		{"Police deported a dozen Syrians in March 2020.", models.QualExact, 12, 0, 0, "", "a dozen"},
		{"Police deported one hundred and twelve Syrians in March 2020.", models.QualExact, 112, 0, 0, "", "one hundred and twelve"},
		{"Police deported 1.5 million Afghans in 2023.", models.QualExact, 1_500_000, 0, 0, "", "1.5 million"},
		{"Police deported at least 41 Syrians in March 2020.", models.QualAtLeast, 41, 0, 0, "", "41"},
		{"Police deported more than 500 Syrians in March 2020.", models.QualMoreThan, 500, 0, 0, "", "500"},
		{"Police deported over 500 Syrians in March 2020.", models.QualMoreThan, 500, 0, 0, "", "500"},
		{"Police deported nearly 500 Syrians in March 2020.", models.QualAbout, 500, 0, 0, "", "500"},
		{"Police deported about 500 Syrians in March 2020.", models.QualAbout, 500, 0, 0, "", "500"},
		{"Police deported as many as 600 Syrians in March 2020.", models.QualAtMost, 600, 0, 0, "", "600"},
		{"Police deported up to 600 Syrians in March 2020.", models.QualAtMost, 600, 0, 0, "", "600"},
		{"Police deported only 46 Syrians in March 2020.", models.QualExact, 46, 0, 0, "", "46"},
		{"The group documented the deportation of 41 Syrians in March 2020.", models.QualDocumented, 41, 0, 0, "", "41"},
		{"Police deported between 30 and 40 Syrians in March 2020.", models.QualRange, 0, 30, 40, "", "between 30 and 40"},
		{"Police deported 30 to 40 Syrians in March 2020.", models.QualRange, 0, 30, 40, "", "30 to 40"},
		{"Police deported dozens of Syrians in March 2020.", models.QualUnquantified, 0, 0, 0, "dozens", "dozens"},
		{"Police deported hundreds of thousands, if not millions, of Syrians in 2020.", models.QualUnquantified, 0, 0, 0, "hundreds of thousands, if not millions", "hundreds of thousands, if not millions"},
		{"Police arrested a number of guides in March 2020.", models.QualUnquantified, 0, 0, 0, "a number of", "a number of"},
		{"An undetermined number of Syrians were deported in March 2020.", models.QualUnquantified, 0, 0, 0, "An undetermined number of", "An undetermined number of"},
		{"Police handed over seven Syrians in March 2020.", models.QualExact, 7, 0, 0, "", "seven"},
	} {
		p := one(t, tc.text, "2020-06-01")
		f := p.Figure
		if f.Qualifier != tc.qual || f.Value != tc.value || f.ValueLow != tc.low || f.ValueHigh != tc.high || f.ValueText != orWords(tc.words, tc.written) && tc.words != "" || p.Written != tc.written {
			t.Errorf("%q: got %s %d %d–%d %q written %q; want %s %d %d–%d %q written %q", tc.text,
				f.Qualifier, f.Value, f.ValueLow, f.ValueHigh, f.ValueText, p.Written, tc.qual, tc.value, tc.low, tc.high, tc.words, tc.written)
		}
	}
}

// TestNotCounts: numbers that count no people are never proposed as
// counts; a percentage is proposed as a share.
func TestNotCounts(t *testing.T) {
	for _, text := range []string{
		"China is a party to the 1951 Refugee Convention and deported people in 2017.",
		"The deported boy, aged 17, said police detained him.",
		"A 17-year-old was deported last week.",
		"Deportees paid $1,500 to smugglers.",
		"Deportations breach Article 33 of the Convention.",
		"Call +90 212 555 0147 to report a deportation.",
		"Deportees were held for 10 days before removal.",
		"One in 5 deportees had been detained before.",
		"Deportations rose 12% more than last year.",
		"Many North Koreans were deported, and thousands of kilometres were travelled.",
		"Under the law, no one may be deported to danger.",
		"Since the COVID-19 pandemic, deportations resumed.",
	} {
		ps := Propose(text, source(t, "2020-06-01"), Options{})
		checkInvariants(t, text, ps)
		for _, p := range ps {
			t.Errorf("%q: proposed %q (%s %s)", text, p.Written, p.Figure.Metric, p.Figure.Qualifier)
		}
	}
	p := one(t, "About 60 percent of those deported in May 2020 were women.", "2020-06-01")
	if p.Figure.Unit != models.UnitPercent || p.Figure.Value != 60 || p.Figure.Qualifier != models.QualAbout || p.Figure.ShareOf != "" {
		t.Errorf("a percentage: got %s %d %s, share_of %q; want about 60 percent, share_of left to the editor", p.Figure.Qualifier, p.Figure.Value, p.Figure.Unit, p.Figure.ShareOf)
	}
}

// TestPeriods: periods resolved against the publication date, each end
// at its precision, and the kind of quantity they imply.
func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		text, pub  string
		start, end string
		kind       models.QuantityKind
	}{
		{"Police deported 41 people in July and August.", "2017-09-18", "2017-07", "2017-08", models.Flow},
		{"Police deported 41 people in November and December.", "2017-09-18", "2016-11", "2016-12", models.Flow},
		{"Police deported 41 people between July 2016 and June 2017.", "2017-09-18", "2016-07", "2017-06", models.Flow},
		{"Police deported 92 people since June 2016.", "2017-09-18", "2016-06", "2017-09-18", models.Cumulative},
		{"Police deported 92 people since 2019.", "2023-12", "2019", "2023-12", models.Cumulative},
		{"Police deported 41 people on March 3.", "2021-05-10", "2021-03-03", "2021-03-03", models.Flow},
		{"Police deported 41 people on 3 March 2020.", "2021-05-10", "2020-03-03", "2020-03-03", models.Flow},
		{"Police deported 41 people last year.", "2021-05-10", "2020", "2020", models.Flow},
		{"Police deported 41 people in early 2019.", "2021-05-10", "2019", "2019", models.Flow},
		{"Police deported 41 people this week.", "2019-06-12", "2019-06-10", "2019-06-12", models.Flow},
		{"Police deported 41 people on Tuesday.", "2019-06-12", "2019-06-11", "2019-06-11", models.Flow},
		{"Police deported 41 people in the first half of 2022.", "2022-11", "2022-01", "2022-06", models.Flow},
		{"As of 31 October 2022, 212 Afghans were still being held.", "2022-11", "2022-10-31", "2022-10-31", models.Stock},
		{"Only 46 are still in Chinese custody.", "2017-09-18", "2017-09-18", "2017-09-18", models.Stock},
		// No period written: left open for the editor, never the
		// publication date read as the events' date.
		{"Police deported 41 people.", "2017-09-18", "", "", models.Flow},
	} {
		p := one(t, tc.text, tc.pub)
		per := p.Figure.Period
		if per.StartText() != tc.start || per.EndText() != tc.end || p.Figure.Kind != tc.kind {
			g, _ := p.Guess("period")
			t.Errorf("%q (published %s): period %s to %s, %s; want %s to %s, %s (%s)", tc.text, tc.pub, per.StartText(), per.EndText(), p.Figure.Kind, tc.start, tc.end, tc.kind, g.Reason)
		}
		if g, ok := p.Guess("period"); !ok || g.Reason == "" {
			t.Errorf("%q: period guessed without a reason", tc.text)
		}
		if tc.start == "" && !hasProblem(p, "period") {
			t.Errorf("%q: no period and no problem said for it: %q", tc.text, p.Problems)
		}
	}
}

func hasProblem(p Proposal, field string) bool {
	for _, pr := range p.Problems {
		if strings.HasPrefix(pr.Field, field) {
			return true
		}
	}
	return false
}

// TestMetricsAndSubgroups: the metric from the verb and its object,
// subgroups linked to their whole, restatements proposed once.
func TestMetricsAndSubgroups(t *testing.T) {
	text := "Police detained 140 Syrians in May 2020, among them 30 children. " +
		"Of those detained, 63 were deported to Syria on 28 May. " +
		"Police also arrested three smugglers in May 2020.\n\n" +
		"The 140 Syrians detained in May 2020 were held at Kapi. As of 1 June 2020, 12 remained in custody."
	ps := Propose(text, source(t, "2020-06-05"), Options{})
	checkInvariants(t, text, ps)
	got := map[string]Proposal{}
	for _, p := range ps {
		got[p.Written] = p
	}
	want := map[string]string{"140": "apprehended", "30": "apprehended", "63": "forcibly_returned", "three": "arrested", "12": "in_custody"}
	if len(ps) != len(want) {
		t.Errorf("%d proposals, want %d (the restated 140 once)", len(ps), len(want))
	}
	for w, m := range want {
		if got[w].Figure.Metric != m {
			t.Errorf("%s: metric %q, want %s", w, got[w].Figure.Metric, m)
		}
	}
	if got["30"].Figure.SubgroupOf != got["140"].Figure.Key || got["63"].Figure.SubgroupOf != "" {
		t.Errorf("subgroups: 30 of %q, 63 of %q; want 30 of the 140 (%s), 63 of none (another metric)", got["30"].Figure.SubgroupOf, got["63"].Figure.SubgroupOf, got["140"].Figure.Key)
	}
	if len(got["140"].Restates) != 1 {
		t.Errorf("140 restates %v, want the second statement", got["140"].Restates)
	}
	if got["63"].Figure.ReceivingState != "SY" {
		t.Errorf("63: receiving state %q, want SY", got["63"].Figure.ReceivingState)
	}
}

// TestHeadlinesAndSecondMetrics: a title's vague figure is proposed as
// the figure the report then counts; people counted twice ("detained …
// and deported them") are proposed under both metrics.
func TestHeadlinesAndSecondMetrics(t *testing.T) {
	text := "China detained dozens of North Koreans early this year\n\n" +
		"Police detained 36 North Koreans on March 4 and deported them last week."
	ps := Propose(text, source(t, "2023-03-10"), Options{})
	checkInvariants(t, text, ps)
	if len(ps) != 2 {
		t.Fatalf("%d proposals, want 2", len(ps))
	}
	a, b := ps[0].Figure, ps[1].Figure
	if a.Metric != "apprehended" || a.Value != 36 || a.Period.StartText() != "2023-03-04" || len(ps[0].Restates) != 1 {
		t.Errorf("first: %s %d %s, restates %v; want apprehended 36 on 2023-03-04, restating the title's dozens", a.Metric, a.Value, a.Period.StartText(), ps[0].Restates)
	}
	if b.Metric != "forcibly_returned" || b.Value != 36 || b.Period.StartText() != "2023-02-27" || b.Period.EndText() != "2023-03-05" {
		t.Errorf("second: %s %d %s to %s; want forcibly_returned 36 the week before (2023-02-27 to 2023-03-05)", b.Metric, b.Value, b.Period.StartText(), b.Period.EndText())
	}
	// "the figure was": the figure of the sentence before, in its own year.
	ps = Propose("Police returned 300 people to Syria in 2021. In 2020, the figure was 640.", source(t, "2022-01-10"), Options{})
	if len(ps) != 2 || ps[1].Figure.Metric != "forcibly_returned" || ps[1].Figure.Value != 640 || ps[1].Figure.Period.StartText() != "2020" {
		t.Errorf("the figure was: got %d proposals %+v", len(ps), ps)
	}
	// A metric the tracker does not have is still proposed, and said so.
	ps = Propose("Police deported 41 people in May 2020.", source(t, "2020-06-01"), Options{Metrics: []models.Metric{{Slug: "apprehended"}}})
	if g, _ := ps[0].Guess("metric"); !strings.Contains(g.Reason, "no such metric") {
		t.Errorf("an unknown metric: reason %q, want it said", g.Reason)
	}
}

// TestFingerprintStable: the same sentence gives the same fingerprint
// wherever it is and however its white space is laid out; another number
// of it gives another.
func TestFingerprintStable(t *testing.T) {
	a := Propose("Police deported 41 people in May 2020.", source(t, "2020-06-01"), Options{})
	b := Propose("Intro.\n\nPolice  deported 41\npeople in May 2020.", source(t, "2020-06-01"), Options{})
	c := Propose("Police deported 42 people in May 2020.", source(t, "2020-06-01"), Options{})
	if len(a) != 1 || len(b) != 1 || len(c) != 1 {
		t.Fatalf("%d, %d, %d proposals, want 1 each", len(a), len(b), len(c))
	}
	if a[0].Fingerprint != b[0].Fingerprint || a[0].Fingerprint == c[0].Fingerprint {
		t.Errorf("fingerprints %s, %s, %s: want the first two equal, the third different", a[0].Fingerprint[:12], b[0].Fingerprint[:12], c[0].Fingerprint[:12])
	}
}

// TestSentences: sentence ends, abbreviations, headings, quotes that a
// figure may hold.
func TestSentences(t *testing.T) {
	text := "Title line\nThe U.N. Security Council met. Mr. Kim said 4 people left! Approx. 4 minutes.\n\nA line\nwrapped here. Bad\x00byte."
	var got []string
	for _, s := range Sentences(text) {
		got = append(got, text[s.Start:s.End])
	}
	want := []string{"Title line", "The U.N. Security Council met.", "Mr. Kim said 4 people left!", "Approx. 4 minutes.", "A line\nwrapped here.", "Bad", "byte."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences\n got %q\nwant %q", got, want)
	}
}

// importBack writes proposals with WriteYAML and reads them back with
// the importer, failing unless every one is read.
func importBack(t testing.TB, ps []Proposal, header string) []models.Figure {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteYAML(&buf, ps, header); err != nil {
		t.Fatal(err)
	}
	b, err := importer.Parse("intake.yaml", &buf, importer.Options{})
	if err != nil {
		t.Fatalf("proposals do not import: %v\n%s", err, buf.String())
	}
	if len(b.Figures) != len(ps) {
		t.Fatalf("read %d figures of %d", len(b.Figures), len(ps))
	}
	return b.Figures
}

// TestWriteYAMLImports: what WriteYAML writes is an import file the
// importer reads back into the same figures.
func TestWriteYAMLImports(t *testing.T) {
	text := "Police deported at least 41 Syrians in March 2020, including 12 children.\n\nDozens of guides were arrested since 2019."
	ps := Propose(text, source(t, "2020-06-01"), Options{})
	if len(ps) != 3 {
		t.Fatalf("%d proposals, want 3", len(ps))
	}
	for i, f := range importBack(t, ps, "a header\nin two lines") {
		want := ps[i].Figure
		want.Normalize()
		if f.Key != want.Key || f.Quote != want.Quote || *f.QuoteStart != *want.QuoteStart || f.Qualifier != want.Qualifier ||
			f.Value != want.Value || f.ValueText != want.ValueText || f.Period != want.Period || f.SubgroupOf != want.SubgroupOf || f.Status != models.StatusDraft {
			t.Errorf("figure %d read back as\n%+v\nwant\n%+v", i, f, want)
		}
	}
}
