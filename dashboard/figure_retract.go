package dashboard

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// figureRetract retracts a figure with a public reason. It leaves every
// chart and total but stays at its address, marked retracted; nothing is
// deleted. The version is the one the page showed: if the figure changed
// since, nothing happens and the editor is told (409).
func (s *Server) figureRetract(c *gin.Context) error {
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no figure with id %q.", key)
	}
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	form := c.Request.PostForm
	reason := strings.TrimSpace(form.Get("reason"))
	var p problems
	requireReason(&p, reason)
	if err := p.err("retraction", nil); err != nil {
		return err
	}
	if err := s.store.RetractFigure(c.Request.Context(), key, intOr(form.Get("version"), 0), reason, change(c, reason)); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/figures/"+key)
	return nil
}

// figureRestore publishes a retracted figure again; the history keeps
// the retraction and its reason.
func (s *Server) figureRestore(c *gin.Context) error {
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no figure with id %q.", key)
	}
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	form := c.Request.PostForm
	reason := strings.TrimSpace(form.Get("reason"))
	var p problems
	requireReason(&p, reason)
	if err := p.err("restoration", nil); err != nil {
		return err
	}
	if err := s.store.RestoreFigure(c.Request.Context(), key, intOr(form.Get("version"), 0), change(c, reason)); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/figures/"+key)
	return nil
}
