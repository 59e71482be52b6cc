// Package i18n holds the messages a web reader sees, in every language of
// the site (models.Langs), as catalogue files a translator edits:
// catalog/en.yaml and catalog/ko.yaml, and for each part of the site
// kept apart (the editor's pages) catalog/<part>.en.yaml and
// catalog/<part>.ko.yaml, all embedded in the binary. Messages
// are looked up by key with go-i18n (github.com/nicksnyder/go-i18n/v2),
// which chooses plural forms by the CLDR rules of each language ("one" and
// "other" in English, "other" only in Korean).
//
// Keys are always string literals at the call (i18n.T(l, "nav.figures"),
// {{t "nav.figures"}} in a template), so that the catalogue check
// (i18n_test.go) can list every key in use: it fails when a key is missing
// from a catalogue or a catalogue has a key nobody uses.
//
// Numbers, dates, qualifiers and periods are not messages: they are
// written by the language variants of the single functions in models
// (models.FormatIntIn, Figure.AmountLabelIn, Period.LabelIn, …).
package i18n

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"gopkg.in/yaml.v3"

	"forcedreturns/models"
)

//go:embed catalog/*.yaml
var files embed.FS

// Catalog is the loaded catalogues.
type Catalog struct {
	loc  map[models.Lang]*goi18n.Localizer
	keys map[models.Lang][]string
	msgs map[models.Lang]map[string]*goi18n.Message
	file map[models.Lang]map[string]string // the file each key is in
	// plain holds, by language and key, the messages made only of text
	// and {{.Name}} fields, in one plural form: localize writes them
	// without text/template (see plainMessage).
	plain map[models.Lang]map[string]plainMessage

	problemsOnce sync.Once
	problems     []problemFormat // the validation part's formats (problems.go)
}

// catalogueParts lists the parts of the catalogue in fsys: "" for
// catalog/<lang>.yaml, "editor" for catalog/editor.<lang>.yaml. Every
// part must have a file in every language.
func catalogueParts(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, "catalog/*.yaml")
	if err != nil {
		return nil, err
	}
	have := map[string]map[models.Lang]bool{}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".yaml")
		part, lang := "", base
		if i := strings.LastIndex(base, "."); i >= 0 {
			part, lang = base[:i], base[i+1:]
		}
		l, ok := models.ParseLang(lang)
		if !ok {
			return nil, fmt.Errorf("catalogue %s: %q is not a language of the site (the file is catalog/<part>.<lang>.yaml)", name, lang)
		}
		if have[part] == nil {
			have[part] = map[models.Lang]bool{}
		}
		have[part][l] = true
	}
	var parts []string
	for part, langs := range have {
		for _, l := range models.Langs {
			if !langs[l] {
				return nil, fmt.Errorf("catalogue %s: missing, but %s has other languages", fileName(part, l), orMain(part))
			}
		}
		parts = append(parts, part)
	}
	sort.Strings(parts)
	if len(parts) == 0 || parts[0] != "" {
		return nil, fmt.Errorf("catalogue %s: missing", fileName("", models.English))
	}
	return parts, nil
}

func fileName(part string, l models.Lang) string {
	if part == "" {
		return "catalog/" + string(l) + ".yaml"
	}
	return "catalog/" + part + "." + string(l) + ".yaml"
}

func orMain(part string) string {
	if part == "" {
		return "the main catalogue"
	}
	return "part " + part
}

// Load parses every catalogue file of fsys (catalog/<lang>.yaml and
// catalog/<part>.<lang>.yaml). A key may be in only one part.
func Load(fsys fs.FS) (*Catalog, error) {
	b := goi18n.NewBundle(models.English.Tag())
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c := &Catalog{loc: map[models.Lang]*goi18n.Localizer{}, keys: map[models.Lang][]string{}, msgs: map[models.Lang]map[string]*goi18n.Message{},
		file: map[models.Lang]map[string]string{}, plain: map[models.Lang]map[string]plainMessage{}}
	parts, err := catalogueParts(fsys)
	if err != nil {
		return nil, err
	}
	for _, l := range models.Langs {
		c.msgs[l] = map[string]*goi18n.Message{}
		c.file[l] = map[string]string{}
		c.plain[l] = map[string]plainMessage{}
		for _, part := range parts {
			name := fileName(part, l)
			buf, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("catalogue %s: %w", name, err)
			}
			mf, err := b.ParseMessageFileBytes(buf, path.Base(name))
			if err != nil {
				return nil, fmt.Errorf("catalogue %s: %w", name, err)
			}
			for _, m := range mf.Messages {
				if other, dup := c.file[l][m.ID]; dup {
					return nil, fmt.Errorf("catalogue %s: key %q is also in %s: a key belongs to one file", name, m.ID, other)
				}
				c.keys[l] = append(c.keys[l], m.ID)
				c.msgs[l][m.ID] = m
				c.file[l][m.ID] = path.Base(name)
				if p, ok := plainOf(m); ok {
					c.plain[l][m.ID] = p
				}
			}
		}
		sort.Strings(c.keys[l])
		// A key missing from a translation falls back to English at run
		// time; the catalogue test makes sure none is missing.
		c.loc[l] = goi18n.NewLocalizer(b, string(l), string(models.English))
	}
	return c, nil
}

// catalog is the site's catalogues, loaded once: a broken catalogue file
// stops the program at start (and fails every test).
var catalog = func() *Catalog {
	c, err := Load(files)
	if err != nil {
		panic(err)
	}
	return c
}()

// T is the message key in language l, its {{.Name}} fields filled from
// args, given as name, value pairs. A value named Count also chooses the
// plural form; integer values are written with the language's grouping
// (models.FormatIntIn). A key in no catalogue is returned as it is, which
// the catalogue test prevents.
func T(l models.Lang, key string, args ...any) string {
	return catalog.localize(l, key, args, nil)
}

// HTML is T for a message that contains markup (its key ends in _html):
// the catalogue's markup is kept and every argument is escaped.
func HTML(l models.Lang, key string, args ...any) template.HTML {
	return template.HTML(catalog.localize(l, key, args, escapeText.Replace)) // #nosec G203 -- markup from the embedded catalogue, arguments escaped
}

// escapeText escapes text as html/template does in element content, so
// that an argument reads the same written by HTML as by a template.
var escapeText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

func (c *Catalog) localize(l models.Lang, key string, args []any, escape func(string) string) string {
	if s, ok := c.plainText(l, key, args, escape); ok {
		return s
	}
	return c.goI18n(l, key, args, escape)
}

// goI18n is localize through go-i18n, for every message.
func (c *Catalog) goI18n(l models.Lang, key string, args []any, escape func(string) string) string {
	loc, ok := c.loc[l]
	if !ok {
		loc = c.loc[models.English]
	}
	cfg := &goi18n.LocalizeConfig{MessageID: key}
	if len(args) > 0 {
		data := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			name, _ := args[i].(string)
			v := args[i+1]
			if name == "Count" {
				cfg.PluralCount = v
			}
			switch n := v.(type) {
			case int:
				v = models.FormatIntIn(l, int64(n))
			case int64:
				v = models.FormatIntIn(l, n)
			}
			if s, ok := v.(string); ok && escape != nil {
				v = escape(s)
			}
			data[name] = v
		}
		cfg.TemplateData = data
	}
	s, err := loc.Localize(cfg)
	if err != nil && s == "" {
		return key
	}
	return s
}

// plainMessage is a message of a single plural form ("other") made only of
// text and {{.Name}} fields: text[i] comes before fields[i], and the last
// text after the last field. localize writes it by joining the pieces,
// as text/template would, without text/template's reflection and
// go-i18n's language matching on every call: the checks write hundreds
// of thousands of messages in a whole run. Any other message, and any
// call whose arguments text/template would print otherwise (a value not
// a string or an integer, a field not given, a plural count), takes
// go-i18n's way (TestPlainMessagesAsGoI18n holds the two equal).
type plainMessage struct {
	text   []string
	fields []string
}

// plainOf is m as a plainMessage, if it is one.
func plainOf(m *goi18n.Message) (plainMessage, bool) {
	if m.LeftDelim != "" || m.RightDelim != "" || m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" || m.Other == "" {
		return plainMessage{}, false
	}
	var p plainMessage
	src := m.Other
	for {
		i := strings.Index(src, "{{")
		if i < 0 {
			p.text = append(p.text, src)
			return p, true
		}
		j := strings.Index(src[i:], "}}")
		if j < 0 {
			return plainMessage{}, false
		}
		name, ok := strings.CutPrefix(src[i+2:i+j], ".")
		if !ok || !isFieldName(name) {
			return plainMessage{}, false
		}
		p.text = append(p.text, src[:i])
		p.fields = append(p.fields, name)
		src = src[i+j+2:]
	}
}

// isFieldName says whether s is a Go identifier of ASCII letters, digits
// and underscores, as a {{.Name}} field of text/template.
func isFieldName(s string) bool {
	for i, r := range s {
		if r != '_' && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return s != ""
}

// plainText writes key in l as a plainMessage, with args as localize
// takes them; ok is false when it is not one or args need go-i18n.
func (c *Catalog) plainText(l models.Lang, key string, args []any, escape func(string) string) (string, bool) {
	p, ok := c.plain[l][key]
	if !ok {
		if _, there := c.msgs[l][key]; there {
			return "", false
		}
		// A key missing from a translation: English, as go-i18n falls back.
		if p, ok = c.plain[models.English][key]; !ok {
			return "", false
		}
	}
	if len(p.fields) == 0 && len(args) == 0 {
		return p.text[0], true
	}
	// The fields' values first, then the text written at once, into a
	// buffer of its length.
	var held [8]string
	vals := held[:0]
	size := 0
	for _, t := range p.text {
		size += len(t)
	}
	for _, name := range p.fields {
		v, found := "", false
		// The last pair of that name, as the map localize fills.
		for k := len(args)/2*2 - 2; k >= 0; k -= 2 {
			if n, _ := args[k].(string); n != name {
				continue
			}
			switch a := args[k+1].(type) {
			case string:
				v = a
				if escape != nil {
					v = escape(a)
				}
			case int:
				v = models.FormatIntIn(l, int64(a))
			case int64:
				v = models.FormatIntIn(l, a)
			default:
				return "", false
			}
			found = true
			break
		}
		if !found {
			return "", false
		}
		vals = append(vals, v)
		size += len(v)
	}
	for k := 0; k+1 < len(args); k += 2 {
		if n, _ := args[k].(string); n == "Count" {
			// A plural count go-i18n checks, even for a single form.
			switch args[k+1].(type) {
			case int, int64:
			default:
				return "", false
			}
		}
	}
	var b strings.Builder
	b.Grow(size)
	for i, v := range vals {
		b.WriteString(p.text[i])
		b.WriteString(v)
	}
	b.WriteString(p.text[len(p.text)-1])
	return b.String(), true
}
