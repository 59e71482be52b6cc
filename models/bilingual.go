package models

import "strings"

// Shown is a stored text as a page shows it: the text, and the language
// it is written in (a BCP 47 tag, "" when unknown) for the element's lang
// attribute.
type Shown struct {
	Text string
	Lang string
}

// LabelIn is the metric's label for a reader of language l: its Korean
// label for a Korean reader when an editor wrote one, else the English
// label. Nothing is translated by machine.
func (m Metric) LabelIn(l Lang) Shown {
	if l == Korean && m.LabelKo != "" {
		return Shown{m.LabelKo, string(Korean)}
	}
	return Shown{m.Label, string(English)}
}

// DefinitionIn is LabelIn for the metric's definition.
func (m Metric) DefinitionIn(l Lang) Shown {
	if l == Korean && m.DefinitionKo != "" {
		return Shown{m.DefinitionKo, string(Korean)}
	}
	return Shown{m.Definition, string(English)}
}

// TitleIn is the source's title for a reader of language l: its
// translation into l when an editor gave one, else the title as the
// source wrote it, in the source's language.
func (s Source) TitleIn(l Lang) Shown {
	if t := s.translatedTitle(l); t != "" {
		return Shown{t, string(l)}
	}
	return Shown{s.Title, s.Language}
}

func (s Source) translatedTitle(l Lang) string {
	switch l {
	case English:
		return s.TitleEn
	case Korean:
		return s.TitleKo
	}
	return ""
}

// WrittenIn reports whether the source's language is l (ko, ko-KR, …).
func (s Source) WrittenIn(l Lang) bool {
	primary, _, _ := strings.Cut(s.Language, "-")
	return strings.EqualFold(primary, string(l))
}

// checkTranslatedTitles checks title_en and title_ko: a line like the
// title, and empty when the source is written in that language, whose
// title is then the title itself (two texts for one title would drift).
func (s *Source) checkTranslatedTitles(p *Problems) {
	for _, t := range []struct {
		l     Lang
		field string
		text  string
		name  string
	}{{English, "title_en", s.TitleEn, "English"}, {Korean, "title_ko", s.TitleKo, "Korean"}} {
		checkLine(p, t.field, t.text, 0, 500)
		if t.text != "" && s.WrittenIn(t.l) {
			p.Add(t.field, "must be empty for a source written in %s (language %q): its title is already the %s title", t.name, s.Language, t.name)
		}
	}
}
