package format

import "forcedreturns/internal/provenance"

// MaxCachedLinks bounds Links: enough for the sentences of a large
// export to be built once each, small enough (about 1 MB) not to matter.
const MaxCachedLinks = 1024

// Links remembers what quote links are built from: a sentence often
// carries several figures (92 caught, among them a newborn and 11
// children), a source's URL serves every figure it reports, and a row
// links its quote twice (on the source's URL and on its archive's). So
// each URL and each quote is worked out once (provenance.FragmentBase,
// provenance.TextDirective), and a link costs one concatenation.
type Links struct {
	bases      map[string]string // by page URL; "" when it cannot be linked
	directives map[string]string // by quote; "" when it cannot be
}

// Link returns provenance.FragmentLink(url, quote), or "" when the source
// has no valid URL or the figure no quote: there is then nothing to link to.
func (c *Links) Link(url, quote string) string {
	base, ok := c.bases[url]
	if !ok {
		var err error
		if base, err = provenance.FragmentBase(url); err != nil {
			base = ""
		}
		c.bases = remember(c.bases, url, base)
	}
	if base == "" { // as FragmentLink, which tries the URL first
		return ""
	}
	directive, ok := c.directives[quote]
	if !ok {
		var err error
		if directive, err = provenance.TextDirective(quote); err != nil {
			directive = ""
		}
		c.directives = remember(c.directives, quote, directive)
	}
	if directive == "" {
		return ""
	}
	return provenance.Fragment(base, directive)
}

// remember adds k: v to m, emptied first when it holds MaxCachedLinks.
func remember(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = make(map[string]string)
	} else if len(m) >= MaxCachedLinks {
		clear(m)
	}
	m[k] = v
	return m
}
