package httpx

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"

	"forcedreturns/models"
)

// The language of a page. A link carries it as a path prefix: /ko/about
// is the about page in Korean, /about the page in the reader's language.
// Without a prefix that is the language the reader chose with the switch
// on every page (kept in the LangCookie cookie), else the first of the
// site's languages their browser asks for (Accept-Language), else
// English. English pages have no prefix, so every English address is
// what it was before the site spoke Korean. An embed takes the language
// of its link only, never the reader's.

// LangCookie keeps the language a reader chose with the switch.
const LangCookie = "lang"

// langKey is the context key of the language a path prefix named.
type langKey struct{}

// WithLangPrefix takes a language prefix (/ko, /ko/…) off the request's
// path and keeps the language it names in the request's context, so that
// one set of routes serves every language.
func WithLangPrefix(r *http.Request) *http.Request {
	l, rest, ok := SplitLang(r.URL.Path)
	if !ok {
		return r
	}
	r = r.WithContext(context.WithValue(r.Context(), langKey{}, l))
	u := *r.URL
	u.Path, u.RawPath = rest, ""
	r.URL = &u
	return r
}

// LangSlashTarget is where a GET for a language-prefixed path with a
// trailing slash (/ko/about/) goes: the path without it, prefix kept
// (/ko/about). The router's own trailing-slash redirect sees the path
// without its prefix and would drop it. ok is false for any other request.
func LangSlashTarget(r *http.Request) (target string, ok bool) {
	l, rest, ok := SplitLang(r.URL.Path)
	if !ok || r.Method != http.MethodGet || rest == "/" || !strings.HasSuffix(rest, "/") {
		return "", false
	}
	target = LangPath(l, strings.TrimRight(rest, "/"))
	if target == "/"+string(l) || SafeNext(target) != target {
		target = LangPath(l, "/")
	}
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	return target, true
}

// SplitLang splits a language prefix off path: "/ko/about" is Korean and
// "/about", "/ko" Korean and "/". ok is false when path has no prefix
// (English has none).
func SplitLang(path string) (l models.Lang, rest string, ok bool) {
	for _, l := range models.Langs {
		p := "/" + string(l)
		if l == models.English || (path != p && !strings.HasPrefix(path, p+"/")) {
			continue
		}
		if rest = strings.TrimPrefix(path, p); rest == "" {
			rest = "/"
		}
		return l, rest, true
	}
	return models.English, path, false
}

// prefixLang is the language the request's path prefix named.
func prefixLang(r *http.Request) (models.Lang, bool) {
	l, ok := r.Context().Value(langKey{}).(models.Lang)
	return l, ok
}

// langMatcher picks one of the site's languages from Accept-Language.
var langMatcher = func() language.Matcher {
	tags := make([]language.Tag, len(models.Langs))
	for i, l := range models.Langs {
		tags[i] = l.Tag()
	}
	return language.NewMatcher(tags)
}()

// Lang is the language of the request's answer: its path prefix, else
// (but for an embed) the reader's chosen language, else the first of the
// site's languages Accept-Language asks for, else English.
func Lang(c *gin.Context) models.Lang {
	if l, ok := prefixLang(c.Request); ok {
		return l
	}
	if isEmbed(c) {
		return models.English
	}
	if v, err := c.Cookie(LangCookie); err == nil {
		if l, ok := models.ParseLang(v); ok {
			return l
		}
	}
	return AcceptLang(c.GetHeader("Accept-Language"))
}

// AcceptLang is the site's language an Accept-Language header prefers,
// English when it names none of them.
func AcceptLang(header string) models.Lang {
	if header == "" {
		return models.English
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return models.English
	}
	_, i, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return models.English
	}
	return models.Langs[i]
}

// LangPath is path (a path of this site) in language l: /ko/about for
// Korean, path itself for English.
func LangPath(l models.Lang, path string) string {
	if l == models.English {
		return path
	}
	if path == "/" {
		return "/" + string(l)
	}
	return "/" + string(l) + path
}

// isEmbed reports whether the request is for an embed, whose language is
// its link's alone.
func isEmbed(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/embed/") }

// VaryLang marks a page as depending on the reader's language (their
// cookie and Accept-Language), unless its path prefix fixed it or it is
// an embed. The API's bodies do not depend on it (its errors, which do,
// are never cached).
func VaryLang(c *gin.Context) {
	if _, ok := prefixLang(c.Request); ok || isAPI(c) || isEmbed(c) {
		return
	}
	h := c.Writer.Header()
	for _, v := range h.Values("Vary") {
		if v == "Accept-Language" {
			return
		}
	}
	h.Add("Vary", "Accept-Language")
}
