package models

import (
	"encoding/json"
	"fmt"
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
	ID    int64  `gorm:"column:id;primaryKey" json:"-"`
	Key   string `gorm:"column:key" json:"id"`
	Title string `gorm:"column:title" json:"title"`
	// TitleEn and TitleKo are the title in English and in Korean when the
	// source is written in another language: Title stays as the source
	// wrote it. Empty when nobody has translated it (TitleIn).
	TitleEn           string     `gorm:"column:title_en" json:"title_en"`
	TitleKo           string     `gorm:"column:title_ko" json:"title_ko"`
	Kind              SourceKind `gorm:"column:kind" json:"kind"`
	Publisher         string     `gorm:"column:publisher" json:"publisher"`
	Authors           string     `gorm:"column:authors" json:"authors"`
	AuthorAffiliation string     `gorm:"column:author_affiliation" json:"author_affiliation"`
	PublishedOn       Date       `gorm:"column:published_on" json:"published_on"`
	// PublishedPrecision is how precisely the publication date is known.
	// PublishedOn is then the first day of that month or year, and every
	// display writes the date at this precision ("December 2023"). Empty
	// means day: a source written before precisions existed had a full date.
	PublishedPrecision Precision `gorm:"column:published_precision" json:"-"`
	URL                string    `gorm:"column:url" json:"url"`
	ArchiveURL         string    `gorm:"column:archive_url" json:"archive_url"`
	Language           string    `gorm:"column:language" json:"language"`
	AccessedOn         Date      `gorm:"column:accessed_on" json:"accessed_on"`
	TextSHA256         string    `gorm:"column:text_sha256" json:"text_sha256"`
	Notes              string    `gorm:"column:notes" json:"notes"`
	// Original is the key of the source this one repeats: the NGO's
	// report a news story carries, the press release a wire story runs.
	// Empty when the source is itself the original. Captions then name
	// the original's publisher first (Carriage).
	Original  string    `gorm:"column:original" json:"original"`
	Version   int       `gorm:"column:version" json:"version"`
	CreatedAt time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// sourceJSON is Source's JSON, its publication date written at its
// precision ("2023-12"): the one field says all there is, so a revision
// stored before precisions existed reads the same as a day-precision one.
type sourceJSON struct {
	plainSource
	PublishedOn string `json:"published_on"`
}

type plainSource Source

// MarshalJSON writes s with published_on at its precision.
func (s Source) MarshalJSON() ([]byte, error) {
	return json.Marshal(sourceJSON{plainSource(s), s.PublishedText()})
}

// UnmarshalJSON reads what MarshalJSON writes (published_on as YYYY,
// YYYY-MM or YYYY-MM-DD).
func (s *Source) UnmarshalJSON(b []byte) error {
	var v sourceJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Source(v.plainSource)
	s.PublishedOn, s.PublishedPrecision = Date{}, ""
	if v.PublishedOn == "" {
		return nil
	}
	d, err := ParsePartialDate(v.PublishedOn)
	if err != nil {
		return fmt.Errorf("published_on: %w", err)
	}
	s.SetPublished(d)
	return nil
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
	for _, p := range []*string{&s.Key, &s.Title, &s.TitleEn, &s.TitleKo, &s.Publisher, &s.Authors, &s.AuthorAffiliation, &s.URL, &s.ArchiveURL, &s.Language, &s.TextSHA256, &s.Notes, &s.Original} {
		*p = strings.TrimSpace(*p)
	}
	s.Kind = SourceKind(strings.TrimSpace(string(s.Kind)))
	if s.PublishedPrecision == "" {
		s.PublishedPrecision = PrecisionDay
	}
}

// Published returns the publication date at its precision: the first and
// last day it may be, and how it is written.
func (s Source) Published() PartialDate {
	p := s.PublishedPrecision
	if p == "" {
		p = PrecisionDay
	}
	d := unitOf(s.PublishedOn, p)
	d.Start = s.PublishedOn // as stored, even if Validate would refuse it
	return d
}

// SetPublished stores d as the publication date: its first day and its
// precision.
func (s *Source) SetPublished(d PartialDate) {
	s.PublishedOn, s.PublishedPrecision = d.Start, d.Precision
}

// PublishedText writes the publication date the way the files take it
// back: "2023", "2023-12" or "2023-12-05" ("" when unset).
func (s Source) PublishedText() string {
	d := s.Published()
	return textAt(d.Start, d.Precision)
}

// PublishedLabel writes the publication date for a reader, never more
// precisely than it is known: "2023", "December 2023", "5 December 2023".
func (s Source) PublishedLabel() string {
	return s.Published().Label("January 2006", "2 January 2006")
}

// PublishedShort is PublishedLabel with short month names ("Dec 2023",
// "5 Dec 2023"), for chart captions.
func (s Source) PublishedShort() string {
	return s.Published().Short()
}

// Validate checks every field and reports all problems at once.
func (s *Source) Validate() error {
	var p Problems
	if !ValidKey(s.Key) {
		p.Add("id", keyExpected+", got %q", s.Key)
	}
	checkLine(&p, "title", s.Title, 1, 500)
	s.checkTranslatedTitles(&p)
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
		p.Add("published_on", "required: the publication date as YYYY, YYYY-MM or YYYY-MM-DD")
	}
	s.checkPublishedPrecision(&p)
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
	switch {
	case s.Original == "":
	case !ValidKey(s.Original):
		p.Add("original", "expected the id of the source this one carries ("+keyExpected+"), got %q", s.Original)
	case s.Original == s.Key:
		p.Add("original", "a source cannot carry itself: give the id of the source it repeats, or leave it empty")
	}
	if !s.AccessedOn.IsZero() && !s.PublishedOn.IsZero() && s.AccessedOn.Before(s.PublishedOn) {
		p.Add("accessed_on", "must not be before published_on (%s)", s.PublishedText())
	}
	return p.Err("source")
}

// Citation is the line a reader copies to cite the source. original is
// the source s carries (s.Original), or the zero Source when it carries
// none: the publisher is then written as Carriage writes it ("Monitor
// Group (3 Mar 2021), as carried by Outlet").
func (s Source) Citation(original Source) string { return s.CitationIn(English, original) }

// CitationIn is Citation in language l. In Korean: the title as a Korean
// reader is shown it (TitleIn), the publisher as CarriageIn writes it,
// the date in Korean form, and the archive so named: "홍길동, “제목”,
// 북한인권감시, 2017년 9월 18일, https://… (보관본: https://…)". English
// keeps the title as the source wrote it.
func (s Source) CitationIn(l Lang, original Source) string {
	if l != English {
		c := ""
		if s.Authors != "" {
			c = s.Authors + ", "
		}
		c += "“" + s.TitleIn(l).Text + "”, " + CarriageIn(l, s, original, nil) + ", " + s.Published().LabelIn(l) + ", " + s.URL
		if s.ArchiveURL != "" {
			c += " (보관본: " + s.ArchiveURL + ")"
		}
		return c
	}
	c := ""
	if s.Authors != "" {
		c = s.Authors + ". "
	}
	c += "“" + s.Title + ".” " + Carriage(s, original, nil) + ", " + s.PublishedLabel() + ". " + s.URL
	if s.ArchiveURL != "" {
		c += " (archived: " + s.ArchiveURL + ")"
	}
	return c
}

// checkPublishedPrecision checks that the precision is known and that the
// stored date is the first day of its month or year, as SetPublished
// stores it: a later day would claim a precision the source does not have.
func (s Source) checkPublishedPrecision(p *Problems) {
	pr := s.PublishedPrecision
	if pr == "" {
		pr = PrecisionDay
	}
	if !pr.Valid() {
		p.Add("published_precision", "must be day, month or year, got %q", s.PublishedPrecision)
		return
	}
	d := s.PublishedOn
	if d.IsZero() {
		return
	}
	switch {
	case pr == PrecisionMonth && d.Day != 1:
		p.Add("published_precision", "month precision needs the first day of the month, got %s", d)
	case pr == PrecisionYear && (d.Month != 1 || d.Day != 1):
		p.Add("published_precision", "year precision needs 1 January, got %s", d)
	}
}
