package models

import (
	"strings"
	"testing"
)

func TestTextsInTwoLanguages(t *testing.T) {
	m := Metric{Label: "Apprehended", Definition: "People apprehended.", LabelKo: "체포"}
	en := Source{Title: "Trapped", Language: "en", TitleKo: "갇힌"}
	ko := Source{Title: "갇힌 사람들", Language: "ko-KR", TitleEn: "The trapped"}
	bare := Source{Title: "Piégés", Language: "fr"}
	for _, tt := range []struct {
		name string
		got  Shown
		want Shown
	}{
		{"metric label, English page", m.LabelIn(English), Shown{"Apprehended", "en"}},
		{"metric label, Korean page", m.LabelIn(Korean), Shown{"체포", "ko"}},
		{"definition without Korean, Korean page: the English one", m.DefinitionIn(Korean), Shown{"People apprehended.", "en"}},
		{"English source, English page", en.TitleIn(English), Shown{"Trapped", "en"}},
		{"English source, Korean page: its translation", en.TitleIn(Korean), Shown{"갇힌", "ko"}},
		{"Korean source, Korean page: as written", ko.TitleIn(Korean), Shown{"갇힌 사람들", "ko-KR"}},
		{"Korean source, English page: its translation", ko.TitleIn(English), Shown{"The trapped", "en"}},
		{"untranslated source: as written, in its language", bare.TitleIn(Korean), Shown{"Piégés", "fr"}},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestTranslatedTitleValidation(t *testing.T) {
	base := func() Source {
		return Source{Key: "s", Title: "T", Kind: KindNews, Publisher: "P", PublishedOn: NewDate(2020, 1, 1), URL: "https://example.org/"}
	}
	for _, tt := range []struct {
		name string
		edit func(*Source)
		want string // a problem's field and start of message, "" for none
	}{
		{"Korean title of an English source", func(s *Source) { s.Language, s.TitleKo = "en", "제목" }, ""},
		{"English title of a Korean source", func(s *Source) { s.Language, s.TitleEn = "ko", "Title" }, ""},
		{"both titles, language unknown", func(s *Source) { s.TitleEn, s.TitleKo = "Title", "제목" }, ""},
		{"Korean title of a Korean source", func(s *Source) { s.Language, s.TitleKo = "ko-KR", "제목" }, "title_ko: must be empty for a source written in Korean"},
		{"English title of an English source", func(s *Source) { s.Language, s.TitleEn = "en", "Title" }, "title_en: must be empty for a source written in English"},
		{"bidi control", func(s *Source) { s.TitleKo = "\u202e제목" }, "title_ko: must not contain bidirectional control"},
		{"too long", func(s *Source) { s.TitleEn = strings.Repeat("a", 501) }, "title_en: "},
	} {
		s := base()
		tt.edit(&s)
		err := s.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v, want a problem %q", tt.name, err, tt.want)
		}
	}
	m := Metric{Slug: "a", Label: "A", Definition: "D", Unit: "people", LabelKo: strings.Repeat("가", 201)}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "label_ko") {
		t.Errorf("a Korean label of 201 characters: %v, want a problem with label_ko", err)
	}
}
