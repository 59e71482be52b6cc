package dashboard

import "embed"

// The files compiled into the binary.

// templateFS holds the page templates: layout.html, partials/ and pages/.
//
//go:embed templates
var templateFS embed.FS

// static holds the built front-end (dist/, made by `make assets`) and any
// hand-written static files.
//
//go:embed all:static
var static embed.FS
