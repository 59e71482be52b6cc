package provenance

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "paragraphs are separated by a blank line",
			in:   "<p>One.</p><p>Two.</p>",
			want: "One.\n\nTwo.",
		},
		{
			name: "entities decoded",
			in:   "<p>China&rsquo;s &ldquo;dragnet&rdquo; &amp; 41&nbsp;people &#8212; &#x2014; &lt;b&gt;</p>",
			want: "China’s “dragnet” & 41\u00A0people — — <b>",
		},
		{
			name: "script, style, noscript and template removed",
			in: `<html><head><style>p{color:red}</style><script>var x = "<p>not text</p>";</script></head>` +
				`<body><noscript>Enable JS</noscript><p>Kept</p><template><p>tmpl</p></template>` +
				`<script type="application/ld+json">{"a":1}</script></body></html>`,
			want: "Kept",
		},
		{
			name: "hidden content removed",
			in:   `<p>Shown</p><div hidden><p>Hidden</p></div><p>Also shown</p>`,
			want: "Shown\n\nAlso shown",
		},
		{
			name: "title kept as its own paragraph",
			in:   "<html><head><title>Dragnet</title></head><body><h1>Heading</h1><p>Body</p></body></html>",
			want: "Dragnet\n\nHeading\n\nBody",
		},
		{
			name: "source whitespace collapsed, inline elements joined",
			in:   "<p>\n  Human   Rights\n  <a href='#'>Watch</a>\tdocumented <em>41</em>\n  people.\n</p>",
			want: "Human Rights Watch documented 41 people.",
		},
		{
			name: "br breaks lines, two make a blank line",
			in:   "<p>line one<br>line two<br><br>line three</p>",
			want: "line one\nline two\n\nline three",
		},
		{
			name: "divs and list items end a line",
			in:   "<div>a</div><div>b</div><ul><li>one</li><li>two</li></ul><div>c</div>",
			want: "a\nb\n\none\ntwo\n\nc",
		},
		{
			name: "table cells separated by spaces, rows by lines",
			in:   "<table><tr><th>Period</th><th>Count</th></tr><tr><td>Jul–Aug 2017</td><td>41</td></tr></table>",
			want: "Period Count\nJul–Aug 2017 41",
		},
		{
			name: "pre keeps its whitespace",
			in:   "<p>Before</p><pre>a  b\n  c</pre><p>After</p>",
			want: "Before\n\na  b\n  c\n\nAfter",
		},
		{
			name: "comments and doctype dropped",
			in:   "<!DOCTYPE html><!-- note --><p>x<!-- y -->z</p>",
			want: "xz",
		},
		{
			name: "unclosed tags repaired",
			in:   "<p>one<p>two<div>three",
			want: "one\n\ntwo\n\nthree", // <div> closes the open <p>
		},
		{
			name: "plain text",
			in:   "just text",
			want: "just text",
		},
		{
			name: "empty",
			in:   "",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := HTMLToText(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("HTMLToText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTMLToTextReadError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := HTMLToText(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("got %v, want an error wrapping the read error", err)
	}
}

func TestHTMLToTextThenFind(t *testing.T) {
	// The path the tracker takes for a saved web page: HTML to text, then
	// verify a quote typed with straight quotes and a hyphen.
	page := `<article><p>But another crisis is emanating from North Korea that few are watching:
		China&#8217;s apparently <em>expanding</em> dragnet&mdash;to force back fleeing North Koreans.</p></article>`
	text, err := HTMLToText(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewText(text).Find("China's apparently expanding dragnet-to force back")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := text[m.Start:m.End], "China’s apparently expanding dragnet—to force back"; got != want {
		t.Errorf("found %q, want %q", got, want)
	}
}
