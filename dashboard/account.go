package dashboard

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/auth"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// accountData is what the account page shows.
type accountData struct {
	Editor   models.Editor
	Tokens   []models.APIToken
	NewToken string // shown once, right after it was made
	NewName  string
	Errors   []models.Shown // problems with the new token's name
}

func (s *Server) renderAccount(c *gin.Context, status int, d accountData) error {
	tokens, err := s.store.ListTokens(c.Request.Context(), d.Editor.ID)
	if err != nil {
		return err
	}
	d.Tokens = tokens
	s.renderPage(c, status, "account.html", pageData{Title: i18n.T(httpx.Lang(c), "account.title"), Data: d})
	return nil
}

func (s *Server) account(c *gin.Context) error {
	return s.renderAccount(c, http.StatusOK, accountData{Editor: edit.EditorOf(c)})
}

// tokenCreate makes an API token. The page shows it once: only its hash
// is stored, so it cannot be shown again.
func (s *Server) tokenCreate(c *gin.Context) error {
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	e := edit.EditorOf(c)
	name := strings.TrimSpace(c.Request.PostForm.Get("name"))
	token, prefix, hash := auth.NewAPIToken()
	if _, err := s.store.CreateToken(c.Request.Context(), e.ID, name, prefix, hash); err != nil {
		if models.ErrorCode(err) == models.EInvalid {
			d := accountData{Editor: e, NewName: c.Request.PostForm.Get("name")}
			for _, fe := range models.FieldErrors(err) {
				d.Errors = append(d.Errors, fieldMessage(httpx.Lang(c), fe.Message))
			}
			return s.renderAccount(c, http.StatusBadRequest, d)
		}
		return err
	}
	return s.renderAccount(c, http.StatusCreated, accountData{Editor: e, NewToken: token, NewName: name})
}

func (s *Server) tokenRevoke(c *gin.Context) error {
	if err := s.store.RevokeToken(c.Request.Context(), edit.EditorOf(c).ID, c.Param("prefix")); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/account"))
	return nil
}
