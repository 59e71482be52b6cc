package dashboard

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/models"
)

// figureRetract retracts a figure with a public reason. It leaves every
// chart and total but stays at its address, marked retracted; nothing is
// deleted. The version is the one the page showed: if the figure changed
// since, nothing happens and the editor is told (409).
func (s *Server) figureRetract(c *gin.Context) error {
	return s.changeStatus(c, "retraction", func(ctx context.Context, key string, version int, reason string, ch models.Change) error {
		return s.store.RetractFigure(ctx, key, version, reason, ch)
	})
}

// figureRestore publishes a retracted figure again; the history keeps
// the retraction and its reason.
func (s *Server) figureRestore(c *gin.Context) error {
	return s.changeStatus(c, "restoration", func(ctx context.Context, key string, version int, _ string, ch models.Change) error {
		return s.store.RestoreFigure(ctx, key, version, ch)
	})
}

// changeStatus reads a status form (version and a required reason), calls
// apply and returns to the figure's page.
func (s *Server) changeStatus(c *gin.Context, what string, apply func(ctx context.Context, key string, version int, reason string, ch models.Change) error) error {
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no figure with id %q.", key)
	}
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	form := c.Request.PostForm
	reason := strings.TrimSpace(form.Get("reason"))
	var p edit.Problems
	edit.RequireReason(&p, reason)
	if err := p.Err(what, nil); err != nil {
		return err
	}
	if err := apply(c.Request.Context(), key, intOr(form.Get("version"), 0), reason, edit.Change(c, reason)); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/figures/"+key))
	return nil
}
