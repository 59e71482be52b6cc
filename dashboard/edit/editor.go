package edit

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// ctxEditor is the Gin context key of the models.Editor a write is made by.
const ctxEditor = "frt.editor"

// SetEditor records who the request's writes are made by, once the
// request is authenticated.
func SetEditor(c *gin.Context, e models.Editor) { c.Set(ctxEditor, e) }

// Editor returns who the request's writes are made by, if SetEditor ran.
func Editor(c *gin.Context) (models.Editor, bool) {
	e, ok := c.Get(ctxEditor)
	if !ok {
		return models.Editor{}, false
	}
	return e.(models.Editor), true
}

// EditorOf returns who a write is made by: set by the dashboard's
// requireEditor or requireAPIEditor, which every write route has in front
// of it.
func EditorOf(c *gin.Context) models.Editor {
	e, ok := Editor(c)
	if !ok {
		panic("edit: write handler without requireEditor")
	}
	return e
}

// Change names the editor and reason a revision records.
// The history is public, so it names editors by their display name, never
// by e-mail address (which would expose them to harvesting); an editor
// without a name is recorded by account number.
func Change(c *gin.Context, reason string) models.Change {
	e := EditorOf(c)
	who := strings.TrimSpace(e.Name)
	if who == "" {
		who = fmt.Sprintf("editor #%d", e.ID)
	}
	return models.Change{Editor: who, Reason: strings.TrimSpace(reason)}
}
