package dashboard

import (
	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
)

// How handlers answer: the httpx.Responder, bound to this server's idea of
// who is signed in (personal) and its error page.

// handle adapts a handler that returns its error to Gin: the one error
// exit (httpx.Responder.Handle).
func (s *Server) handle(h httpx.Handler) gin.HandlerFunc { return s.resp.Handle(h) }

// renderError writes err as a page or, for the API, as JSON.
func (s *Server) renderError(c *gin.Context, err error) { s.resp.Error(c, err) }

// respond writes a finished body, gzipped when the client accepts it and
// kept under the response's ETag for the next identical request.
func (s *Server) respond(c *gin.Context, status int, ctype string, body []byte) {
	s.resp.Respond(c, status, ctype, body)
}

// notModified sets the response's ETag from parts and answers 304, or the
// cached body, when it can (httpx.Responder.NotModified).
func (s *Server) notModified(c *gin.Context, parts ...string) bool {
	return s.resp.NotModified(c, parts...)
}

// unchanged reads the data version and calls notModified with it and
// parts: true means the response was already written (304 or from the
// cache) and the handler has nothing left to do.
func (s *Server) unchanged(c *gin.Context, parts ...string) (bool, error) {
	version, err := s.store.DataVersion(c.Request.Context())
	if err != nil {
		return false, err
	}
	return s.notModified(c, append([]string{version}, parts...)...), nil
}

// errorPage renders an error for a person: the page of every status.
func (s *Server) errorPage(c *gin.Context, status int, body httpx.ErrorBody) {
	s.renderPage(c, status, "error.html", pageData{Title: httpx.StatusTitle(httpx.Lang(c), status), Data: body})
}
