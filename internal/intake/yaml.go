package intake

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"forcedreturns/models"
)

// WriteYAML writes proposals as an import file (the YAML format `import`
// reads: a figures list), each figure a draft preceded by comments giving
// the number as written and, field by field, why it was guessed so, and
// any problem the editor must fix before it can be imported. header, if
// not empty, is written first as comment lines.
func WriteYAML(w io.Writer, ps []Proposal, header string) error {
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, p := range ps {
		m := figureNode(p.Figure)
		m.HeadComment = proposalComment(p)
		seq.Content = append(seq.Content, m)
	}
	top := &yaml.Node{Kind: yaml.MappingNode}
	key := str("figures")
	if len(ps) == 0 {
		seq.Style = yaml.FlowStyle
	}
	top.Content = append(top.Content, key, seq)
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}
	if header != "" {
		doc.HeadComment = commentLines(header)
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}

// proposalComment says what a proposal rests on, one guess a line.
func proposalComment(p Proposal) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %q at bytes %d–%d of the quote (fingerprint %s)", p.ID, p.Written, p.NumberStart, p.NumberEnd, p.Fingerprint[:16])
	if len(p.Restates) > 0 {
		fmt.Fprintf(&b, "\nalso stated as %s: proposed once", strings.Join(p.Restates, ", "))
	}
	for _, g := range p.Guesses {
		if g.Reason == "" {
			continue
		}
		v := g.Value
		if v == "" {
			v = "—"
		}
		fmt.Fprintf(&b, "\n%s %s: %s", g.Field, v, g.Reason)
	}
	for _, pr := range p.Problems {
		fmt.Fprintf(&b, "\nPROBLEM %s", pr)
	}
	return commentLines(b.String())
}

// commentLines makes s safe as comment text: one comment line per line,
// control characters shown as spaces.
func commentLines(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if r < ' ' || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return ' '
		}
		return r
	}, s)
	return s
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func num(n int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(n, 10)}
}

// figureNode writes a figure with the fields of the import format, in its
// order, leaving out those that are empty.
func figureNode(f models.Figure) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	addStr := func(k, v string) {
		if v != "" {
			add(k, str(v))
		}
	}
	addStr("id", f.Key)
	addStr("metric", f.Metric)
	addStr("qualifier", string(f.Qualifier))
	switch {
	case f.Qualifier == models.QualRange:
		add("value_low", num(f.ValueLow))
		add("value_high", num(f.ValueHigh))
	case f.Qualifier.HasNumber():
		add("value", num(f.Value))
	}
	addStr("value_text", f.ValueText)
	addStr("unit", f.Unit)
	if !f.Period.Start.IsZero() {
		per := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		per.Content = append(per.Content, str("start"), str(f.Period.StartText()))
		if e := f.Period.EndText(); e != f.Period.StartText() || f.Period.Start != f.Period.End {
			per.Content = append(per.Content, str("end"), str(e))
		}
		add("period", per)
	}
	addStr("quantity_kind", string(f.Kind))
	addStr("population", f.Population)
	addStr("acting_state", f.ActingState)
	addStr("receiving_state", f.ReceivingState)
	addStr("location", f.Location)
	addStr("subgroup_of", f.SubgroupOf)
	addStr("share_of", f.ShareOf)
	addStr("source", f.Source)
	addStr("quote", f.Quote)
	if f.QuoteStart != nil && f.QuoteEnd != nil {
		add("quote_start", num(int64(*f.QuoteStart)))
		add("quote_end", num(int64(*f.QuoteEnd)))
	}
	addStr("reported_by", f.ReportedBy)
	addStr("status", string(f.Status))
	addStr("notes", f.Notes)
	return m
}
