package dashboard

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// handlerFunc is a handler that returns its error instead of writing it:
// parse → call → render, with one error exit.
type handlerFunc func(c *gin.Context) error

// handle adapts a handlerFunc to Gin, rendering any error once.
func (s *Server) handle(h handlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.renderError(c, err)
		}
	}
}

// statusOf maps a domain error code to an HTTP status.
func statusOf(err error) int {
	var he *httpError
	if errors.As(err, &he) {
		return he.status
	}
	switch models.ErrorCode(err) {
	case models.EInvalid:
		return http.StatusBadRequest
	case models.ENotFound:
		return http.StatusNotFound
	case models.EConflict:
		return http.StatusConflict
	case models.EUnauthorized:
		return http.StatusUnauthorized
	case models.EForbidden:
		return http.StatusForbidden
	case models.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// retryAfter is the Retry-After (seconds) of a 503: about the time a busy
// SQLite writer or a PostgreSQL failover takes to clear.
const retryAfter = "5"

// unavailable reports whether err is a busy or unreachable database, which
// a client may simply try again shortly (503), unlike a bug (500).
func unavailable(err error) bool { return models.ErrorCode(err) == models.EUnavailable }

// httpError carries a status that has no domain code (405, 406).
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Status  int                 `json:"status"`
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  []models.FieldError `json:"fields,omitempty"`
}

// renderError writes err as a page or, for the API, as JSON. Internal errors
// are logged and shown without details.
func (s *Server) renderError(c *gin.Context, err error) {
	status := statusOf(err)
	body := errorBody{Status: status, Code: models.ErrorCode(err), Message: models.ErrorMessage(err), Fields: models.FieldErrors(err)}
	var he *httpError
	if errors.As(err, &he) {
		body.Code, body.Message = http.StatusText(status), he.msg
	}
	switch {
	case unavailable(err):
		// Expected under load or during a failover: the message says what
		// happened and the client is told when to try again.
		s.log.Warn("database unavailable", "error", err.Error(), "path", c.Request.URL.Path)
		c.Header("Retry-After", retryAfter)
	case status >= 500:
		s.log.Error("internal error", "error", err.Error(), "path", c.Request.URL.Path)
		body.Code, body.Message, body.Fields = models.EInternal, "Something went wrong on our side. The error has been logged.", nil
	}
	c.Header("Cache-Control", "no-store")
	c.Writer.Header().Del("ETag") // the ETag named the page that failed
	if isAPI(c) {
		c.JSON(status, body)
		return
	}
	s.renderPage(c, status, "error.html", pageData{Title: http.StatusText(status), Data: body})
}

func (s *Server) notFound(c *gin.Context) error {
	return models.Errorf(models.ENotFound, "There is no page at %s.", c.Request.URL.Path)
}

func (s *Server) methodNotAllowed(c *gin.Context) error {
	return &httpError{status: http.StatusMethodNotAllowed, msg: "This address does not accept " + c.Request.Method + " requests."}
}
