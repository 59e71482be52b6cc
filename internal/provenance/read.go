package provenance

import (
	"io"
	"path/filepath"
	"strings"
)

// ReadText reads a source text from r for VerifySource: at most one byte
// more than MaxTextSize, enough for VerifySource to refuse a text too
// large without holding all of it.
func ReadText(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, MaxTextSize+1))
}

// IsHTMLName reports whether a file's name says it holds HTML (.html,
// .htm or .xhtml, in any case): such a text is verified as the text a
// browser shows, not as its markup.
func IsHTMLName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	return false
}
