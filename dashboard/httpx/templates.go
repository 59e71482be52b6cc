package httpx

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
)

// Templates holds one parsed template set per page, each with the layout
// and the shared partials, so that pages can define the same block names.
type Templates struct {
	sets map[string]*template.Template
}

// LoadTemplates parses the files of fsys that shared matches (the layout,
// named "layout", and the partials) into a base set, then each file pages
// matches over its own copy of that base. A page is named by its file name.
func LoadTemplates(fsys fs.FS, funcs template.FuncMap, shared []string, pages string) (*Templates, error) {
	layout, err := template.New("layout").Funcs(funcs).ParseFS(fsys, shared...)
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	names, err := fs.Glob(fsys, pages)
	if err != nil {
		return nil, err
	}
	t := &Templates{sets: map[string]*template.Template{}}
	for _, n := range names {
		set, err := template.Must(layout.Clone()).ParseFS(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		t.sets[path.Base(n)] = set
	}
	return t, nil
}

// Render executes the template root ("layout", or "embed" for a bare
// page) of the page name with data into a buffer, so that a template
// error becomes a clean error instead of half a page sent.
func (t *Templates) Render(name, root string, data any) ([]byte, error) {
	set, ok := t.sets[name]
	if !ok {
		return nil, fmt.Errorf("no template %q", name)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, root, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
