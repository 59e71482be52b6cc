package dashboard

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIDoc describes every /api/v1 route (OpenAPI 3.1, hand-written).
// TestOpenAPIMatchesRoutes keeps it and the routes in step, and checks
// real responses against its schemas.
//
//go:embed openapi.json
var openAPIDoc []byte

var openAPIHash = func() string {
	sum := sha256.Sum256(openAPIDoc)
	return hex.EncodeToString(sum[:])
}()

func (s *Server) openAPI(c *gin.Context) error {
	if s.notModified(c, "openapi", openAPIHash) {
		return nil
	}
	s.respond(c, http.StatusOK, "application/json; charset=utf-8", openAPIDoc)
	return nil
}
