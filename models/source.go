package models

import (
	"regexp"
	"strings"
	"time"
)

// SourceKind classifies a source document.
type SourceKind string

// The kinds of source.
const (
	KindNews         SourceKind = "news"
	KindCommentary   SourceKind = "commentary"
	KindNGOReport    SourceKind = "ngo_report"
	KindPressRelease SourceKind = "press_release"
	KindUN           SourceKind = "un"
	KindGovernment   SourceKind = "government"
	KindDataset      SourceKind = "dataset"
)

// SourceKinds lists every kind of source.
var SourceKinds = []SourceKind{KindNews, KindCommentary, KindNGOReport, KindPressRelease, KindUN, KindGovernment, KindDataset}

// Source is one document that figures are quoted from.
type Source struct {
	ID                int64      `gorm:"column:id;primaryKey" json:"-"`
	Key               string     `gorm:"column:key" json:"id"`
	Title             string     `gorm:"column:title" json:"title"`
	Kind              SourceKind `gorm:"column:kind" json:"kind"`
	Publisher         string     `gorm:"column:publisher" json:"publisher"`
	Authors           string     `gorm:"column:authors" json:"authors"`
	AuthorAffiliation string     `gorm:"column:author_affiliation" json:"author_affiliation"`
	PublishedOn       Date       `gorm:"column:published_on" json:"published_on"`
	URL               string     `gorm:"column:url" json:"url"`
	ArchiveURL        string     `gorm:"column:archive_url" json:"archive_url"`
	Language          string     `gorm:"column:language" json:"language"`
	AccessedOn        Date       `gorm:"column:accessed_on" json:"accessed_on"`
	TextSHA256        string     `gorm:"column:text_sha256" json:"text_sha256"`
	Notes             string     `gorm:"column:notes" json:"notes"`
	Version           int        `gorm:"column:version" json:"version"`
	CreatedAt         time.Time  `gorm:"column:created_at" json:"created_at"`
	UpdatedAt         time.Time  `gorm:"column:updated_at" json:"updated_at"`
}

// TableName is the sources table.
func (Source) TableName() string { return "sources" }

var (
	languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	sha256Hex   = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Normalize trims surrounding white space from the text fields, so that
// forms and files with stray spaces store the same value.
func (s *Source) Normalize() {
	for _, p := range []*string{&s.Key, &s.Title, &s.Publisher, &s.Authors, &s.AuthorAffiliation, &s.URL, &s.ArchiveURL, &s.Language, &s.TextSHA256, &s.Notes} {
		*p = strings.TrimSpace(*p)
	}
	s.Kind = SourceKind(strings.TrimSpace(string(s.Kind)))
}

// Validate checks every field and reports all problems at once.
func (s *Source) Validate() error {
	var p Problems
	if !ValidKey(s.Key) {
		p.Add("id", "%s, got %q", keyExpected, s.Key)
	}
	checkLine(&p, "title", s.Title, 1, 500)
	okKind := false
	for _, k := range SourceKinds {
		okKind = okKind || s.Kind == k
	}
	if !okKind {
		p.Add("kind", "must be one of news, commentary, ngo_report, press_release, un, government, dataset; got %q", s.Kind)
	}
	checkLine(&p, "publisher", s.Publisher, 1, 300)
	checkLine(&p, "authors", s.Authors, 0, 500)
	checkLine(&p, "author_affiliation", s.AuthorAffiliation, 0, 300)
	if s.PublishedOn.IsZero() {
		p.Add("published_on", "required: the publication date as YYYY-MM-DD")
	}
	if err := CheckURL(s.URL); err != nil {
		p.Add("url", "%v", err)
	}
	if s.ArchiveURL != "" {
		if err := CheckURL(s.ArchiveURL); err != nil {
			p.Add("archive_url", "%v", err)
		}
	}
	if s.Language != "" && !languageTag.MatchString(s.Language) {
		p.Add("language", "expected a language tag such as en or pt-BR, got %q", s.Language)
	}
	if s.TextSHA256 != "" && !sha256Hex.MatchString(s.TextSHA256) {
		p.Add("text_sha256", "expected 64 lower-case hex digits")
	}
	checkText(&p, "notes", s.Notes, 0, 5000)
	if !s.AccessedOn.IsZero() && !s.PublishedOn.IsZero() && s.AccessedOn.Before(s.PublishedOn) {
		p.Add("accessed_on", "must not be before published_on (%s)", s.PublishedOn)
	}
	return p.Err("source")
}

// Citation is the line a reader copies to cite the source.
func (s Source) Citation() string {
	c := ""
	if s.Authors != "" {
		c = s.Authors + ". "
	}
	c += "“" + s.Title + ".” " + s.Publisher + ", " + s.PublishedOn.Time().Format("2 January 2006") + ". " + s.URL
	if s.ArchiveURL != "" {
		c += " (archived: " + s.ArchiveURL + ")"
	}
	return c
}
