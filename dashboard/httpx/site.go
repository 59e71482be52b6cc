// Package httpx is the dashboard's HTTP plumbing, shared by its pages and
// its JSON API and knowing nothing of either: how the site is reached
// (https, trusted proxies, its public URL), the one error exit that maps
// domain error codes to HTTP statuses, responses with their ETags, cache
// and compression, cross-origin protection, security headers, request
// logging and recovery, the static assets and the page templates. The
// dashboard wires it; it never imports the dashboard.
package httpx

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"github.com/gin-gonic/gin"
)

// Site is how browsers reach the tracker: its configured public URL and
// the proxies in front of it whose forwarded headers are believed.
type Site struct {
	publicURL string
	// publicHTTPS is true when the public URL is an https URL: browsers
	// then reach the site over TLS even if a proxy in front does not say so.
	publicHTTPS bool
	// proxies are the trusted proxies, parsed, for X-Forwarded-Proto.
	proxies []netip.Prefix
}

// NewSite reads the public URL (may be empty) and the trusted proxies
// (addresses or CIDRs).
func NewSite(publicURL string, trustedProxies []string) (*Site, error) {
	proxies, err := parseProxies(trustedProxies)
	if err != nil {
		return nil, err
	}
	return &Site{
		publicURL:   publicURL,
		publicHTTPS: strings.HasPrefix(strings.ToLower(publicURL), "https://"),
		proxies:     proxies,
	}, nil
}

// BaseURL is the site's absolute origin for links pasted elsewhere: the
// configured public URL, else the request's host (scheme from TLS or a
// trusted proxy's X-Forwarded-Proto).
func (s *Site) BaseURL(c *gin.Context) string {
	if s.publicURL != "" {
		return strings.TrimRight(s.publicURL, "/")
	}
	scheme := "http"
	if s.IsHTTPS(c) {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// IsHTTPS reports whether the browser reached us over TLS: the public URL
// is https, the connection is TLS, or a trusted proxy says so in
// X-Forwarded-Proto. Anyone else saying so is not believed. Cookies are
// then Secure and responses carry Strict-Transport-Security.
func (s *Site) IsHTTPS(c *gin.Context) bool {
	if s.publicHTTPS || c.Request.TLS != nil {
		return true
	}
	proto, _, _ := strings.Cut(c.GetHeader("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https") && s.fromTrustedProxy(c.Request)
}

func (s *Site) fromTrustedProxy(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range s.proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// parseProxies reads trusted proxies as gin does: addresses or CIDRs.
func parseProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range list {
		if strings.Contains(p, "/") {
			pfx, err := netip.ParsePrefix(p)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", p, err)
			}
			out = append(out, pfx.Masked())
			continue
		}
		a, err := netip.ParseAddr(p)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", p, err)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
