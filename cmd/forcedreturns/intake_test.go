package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"forcedreturns/internal/provenance"
	"forcedreturns/models"
	"forcedreturns/seeds"
	"forcedreturns/seeds/seedtest"
)

// TestIntakeRoundTrip runs intake on the seed article against a database
// holding only the seed's metrics and source, imports what it printed,
// and verifies every imported quote against the article: each is found,
// at the offsets intake gave it.
func TestIntakeRoundTrip(t *testing.T) {
	text, path := seedtest.Article(t)
	c := newCLI(t)
	c.ok("migrate")
	b, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	s := c.store()
	if _, err := s.ApplyBatch(ctx, models.Batch{Metrics: b.Metrics, Sources: b.Sources}, models.Change{Editor: "test", Reason: "metrics and source only"}, false); err != nil {
		t.Fatal(err)
	}
	src := b.Sources[0].Key
	out := c.ok("intake", "--source", src, "--text", path)
	// --text - reads the same text from standard input.
	if r := c.runStdin(strings.NewReader(text), "intake", "--source", src, "--text", "-"); r.code != exitOK || r.stdout != strings.Replace(out, path, "-", 1) {
		t.Errorf("intake --text - differs from intake --text FILE:\n%s", r)
	}
	if !strings.Contains(out, "status: draft") || !strings.Contains(out, "# p-") {
		t.Fatalf("intake printed no commented drafts:\n%s", out)
	}
	// What the editor must still set is said, never guessed: a figure
	// whose sentence gives no period has none, and a PROBLEM line says so.
	// The editor sets it (here: the period the seed's own editor gave
	// these figures), then imports.
	file := c.write("proposals.yaml", editorSetsPeriods(t, out, "2016-06", "2017-09-18"))
	c.ok("import", "--quiet", "--reason", "from intake", file)
	figs, err := s.SourceFigures(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) < 10 {
		t.Fatalf("imported %d figures, want the 10 intake proposes from the seed article", len(figs))
	}
	// A second run proposes nothing: every proposal is a figure now.
	if again := c.ok("intake", "--source", src, "--text", path); !strings.HasPrefix(again, "# 0 figures proposed") ||
		!strings.Contains(again, fmt.Sprintf("Left out as decided already: %d stored as figures of the source, 0 rejected", len(figs))) {
		t.Errorf("intake after importing its proposals proposes again:\n%s", again)
	}
	res, err := provenance.VerifySource([]byte(text), false, figs)
	if err != nil {
		t.Fatal(err)
	}
	quotes := res.Quotes()
	for _, f := range figs {
		if f.Status != models.StatusDraft {
			t.Errorf("%s: status %s, want draft: intake publishes nothing", f.Key, f.Status)
		}
		q, ok := quotes[f.Key]
		switch {
		case !ok:
			t.Errorf("%s: quote not found in the article: %q", f.Key, f.Quote)
		case f.QuoteStart == nil || f.QuoteEnd == nil || *f.QuoteStart != q[0] || *f.QuoteEnd != q[1]:
			t.Errorf("%s: offsets %v–%v imported, verification finds %d–%d", f.Key, f.QuoteStart, f.QuoteEnd, q[0], q[1])
		case text[q[0]:q[1]] != f.Quote:
			t.Errorf("%s: quote %q is not the text at its offsets, %q", f.Key, f.Quote, text[q[0]:q[1]])
		}
	}
}

// editorSetsPeriods gives every proposal of the intake output out that
// has no period the period start–end, as an editor would before import,
// and checks that exactly those carried a PROBLEM comment for it.
func editorSetsPeriods(t *testing.T, out, start, end string) string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	var figures *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "figures" {
			figures = root.Content[i+1]
		}
	}
	if figures == nil {
		t.Fatalf("no figures in the intake output:\n%s", out)
	}
	set := 0
	for _, f := range figures.Content {
		has := false
		for i := 0; i+1 < len(f.Content); i += 2 {
			has = has || f.Content[i].Value == "period"
		}
		if has {
			continue
		}
		if !strings.Contains(f.HeadComment, "PROBLEM period_start") {
			t.Errorf("a proposal without a period has no PROBLEM line for it:\n%s", f.HeadComment)
		}
		p := &yaml.Node{Kind: yaml.MappingNode}
		for _, kv := range [][2]string{{"start", start}, {"end", end}} {
			p.Content = append(p.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: kv[0]}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kv[1]})
		}
		f.Content = append(f.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "period"}, p)
		set++
	}
	if set == 0 {
		t.Errorf("every proposal of the seed has a period: the seed's undated sentences were given one")
	}
	b, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestIntakeHTML: an .html text is read as the text a browser shows, the
// text verification records, so the offsets point into it.
func TestIntakeHTML(t *testing.T) {
	c := newSeededCLI(t)
	page := c.write("report.html", "<html><body><h1>Returns</h1><p>Police <b>deported</b> at least 41&nbsp;people in May 2017.</p><script>var x = 99;</script></body></html>")
	out := c.ok("intake", "--source", "refugees-deeply-2017-09-18-china-dragnet", "--text", page)
	raw, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	text, err := provenance.SourceText(raw, true)
	if err != nil {
		t.Fatal(err)
	}
	quote := "Police deported at least 41\u00a0people in May 2017."
	start := strings.Index(text, quote)
	if start < 0 || !strings.Contains(out, "qualifier: at_least") || !strings.Contains(out, fmt.Sprintf("quote_start: %d\n", start)) ||
		!strings.Contains(out, fmt.Sprintf("quote_end: %d\n", start+len(quote))) || strings.Contains(out, "value: 99") {
		t.Errorf("intake of an HTML page: want one at_least figure quoting %q at %d in the shown text %q, got\n%s", quote, start, text, out)
	}
}

// TestIntakeErrors: bad arguments are usage errors naming what is
// expected; an unknown source is refused; nothing is printed as YAML.
func TestIntakeErrors(t *testing.T) {
	c := newSeededCLI(t)
	text := c.write("report.txt", "Police deported 41 people in May 2020.\n")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"intake", "--text", text}, exitUsage, "--source is required"},
		{[]string{"intake", "--source", "refugees-deeply-2017-09-18-china-dragnet"}, exitUsage, "--text is required"},
		{[]string{"intake", "--source", "no-such-source", "--text", text}, exitFailure, "no-such-source"},
		{[]string{"intake", "--source", "refugees-deeply-2017-09-18-china-dragnet", "--text", c.path("missing.txt")}, exitFailure, "missing.txt"},
	} {
		r := c.run(tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stdout, "figures:") {
			t.Errorf("%v: want exit %d and %q on stderr, got %s", tc.args, tc.code, tc.want, r)
		}
	}
	empty := c.write("empty.txt", "   \n")
	if r := c.run("intake", "--source", "refugees-deeply-2017-09-18-china-dragnet", "--text", empty); r.code == exitOK || !strings.Contains(r.stderr, "empty") {
		t.Errorf("an empty text: want a failure saying it is empty, got %s", r)
	}
}
