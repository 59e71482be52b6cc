package httpx

import (
	"net/http"
	"net/url"

	"forcedreturns/models"
)

// SafeNext returns next if it is a path on this site, else "/". Only a
// single leading slash is accepted: "//host" and "/\host" are other sites
// to a browser, and browsers drop tabs and new lines from URLs, so any
// control character or backslash is refused too.
func SafeNext(next string) string {
	if next == "" || next[0] != '/' || len(next) > 2000 {
		return "/"
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' || r == ' ' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// SafeNextIn is SafeNext for a page in language l: a next that is
// missing or refused leads to l's home page (/ko for Korean) instead of
// "/".
func SafeNextIn(l models.Lang, next string) string {
	if n := SafeNext(next); n != "/" || next == "/" {
		return n
	}
	return LangPath(l, "/")
}

// LocalReferer returns the path and query of the Referer when it is a
// page of this site, else "/".
func LocalReferer(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return "/"
	}
	return SafeNext(u.RequestURI())
}
