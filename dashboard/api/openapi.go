package api

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

// OpenAPI answers GET /openapi.json: the document describing the API.
func (h *Handler) OpenAPI(c *gin.Context) error {
	if h.resp.NotModified(c, "openapi", openAPIHash) {
		return nil
	}
	h.resp.Respond(c, http.StatusOK, "application/json; charset=utf-8", openAPIDoc)
	return nil
}
