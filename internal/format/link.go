package format

import "forcedreturns/internal/provenance"

// MaxCachedLinks bounds Links: enough for the sentences of a large
// export to be built once each, small enough (about 1 MB) not to matter.
const MaxCachedLinks = 1024

// Links remembers quote links: a sentence often carries several figures
// (92 caught, among them a newborn and 11 children), and building a link is
// the most expensive part of a CSV row.
type Links struct {
	m map[linkKey]string
}

type linkKey struct{ url, quote string }

// Link returns provenance.FragmentLink(url, quote), or "" when the source
// has no valid URL or the figure no quote: there is then nothing to link to.
func (c *Links) Link(url, quote string) string {
	k := linkKey{url, quote}
	if l, ok := c.m[k]; ok {
		return l
	}
	l, err := provenance.FragmentLink(url, quote)
	if err != nil {
		l = ""
	}
	if c.m == nil {
		c.m = make(map[linkKey]string)
	} else if len(c.m) >= MaxCachedLinks {
		clear(c.m)
	}
	c.m[k] = l
	return l
}
