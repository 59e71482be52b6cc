// Package provenance ties every figure back to the words it came from.
//
// It does two things. It builds links that open a source at the quoted
// sentence, using the WICG Text Fragments syntax (#:~:text=), so a reader can
// check a figure in one click. And, when the source text itself is supplied,
// it verifies that a quote really occurs in it, tolerating the differences
// that copying text introduces (line breaks, curly quotes, dash variants), and
// reports the raw byte offsets of the quote and the SHA-256 of the text so the
// verification can be repeated later. When a quote is not there, it points at
// the passage that comes closest, because the usual cause is a small typo.
// VerifySource is the one path for verifying every quote of a source: the
// verify command and the dashboard both call it and record what it finds.
//
// The package does no I/O of its own beyond reading the io.Reader it is given.
package provenance
