// Package intake reads a report's text and proposes the figures it
// states, for an editor to review: each proposal is a draft
// models.Figure already tied to its sentence (quote and byte offsets
// taken from the text itself, so verified by construction), with the
// number as written, where it is in the sentence, and a reason for every
// guessed field.
//
// It is rule-based and pure Go: Sentences splits the text; a sentence's
// numbers (digits, number words, vague quantities, ranges) are read with
// the words around them (qualifier phrases, metric verbs, period phrases
// resolved against the publication date and its precision, the people
// counted, the states named, "among them" subgroups); numbers that are no
// count of people (years, ages, money, references, phone numbers,
// durations) are left out, percentages proposed as shares; figures a
// report states twice are proposed once. Every word it knows is in a
// Lexicon, one per language (English so far), so another language plugs
// in as another table. Vague words are never turned into numbers: they
// become unquantified figures whose value_text is the source's words.
package intake
