package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/format"
	"forcedreturns/internal/jsonkeys"
	"forcedreturns/models"
)

// The JSON write API. Bodies are decoded by internal/format with the
// importer's rules: the field names of the JSON export and the import
// files, the same conversions and the same messages, located by path
// ("period.start"), plus the reason for the change; what an export or a
// GET writes can be sent back as it is, its computed fields ignored.
// Decoding is strict: an unknown or repeated field is a 400 naming it.
// Validation, quote verification and revisions are those of the forms.

// maxAPIBody bounds a request body of the write API.
const maxAPIBody = 1 << 20

// writeExtra holds the fields of a figure or source write that are not the
// entity's own; the version is, and format reads it with the rest.
type writeExtra struct {
	Reason string `json:"reason"`
	// Read-only: the history in the API's own responses.
	Revisions json.RawMessage `json:"revisions"`
	// noOriginal is set when a source's body leaves out original: an
	// update then keeps the stored one, so that a client written before
	// sources named their originals does not clear them.
	noOriginal bool
}

// retractRequest is the body of POST /figures/{id}/retract and /restore.
type retractRequest struct {
	Version *int   `json:"version"`
	Reason  string `json:"reason"`
}

// readBody reads a request body that must be one JSON object, without
// repeated names (which would silently take their last value).
func readBody(c *gin.Context) ([]byte, error) {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return nil, httpx.StatusError(http.StatusUnsupportedMediaType, "Send the body as application/json, not "+ct+".")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxAPIBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, httpx.TooLarge("body", maxAPIBody)
	} else if err != nil {
		// The client went away or sent a broken body: its problem, not ours.
		return nil, models.Errorf(models.EInvalid, "The body could not be read: %v.", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, models.Errorf(models.EInvalid, "The body is empty: expected a JSON object.")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil { // null decodes to a nil map
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, models.Errorf(models.EInvalid, "The body is not valid JSON (at byte %d): %v.", se.Offset, se)
		}
		return nil, models.Errorf(models.EInvalid, "The body must be a JSON object.")
	}
	var dup *jsonkeys.DuplicateError
	if errors.As(jsonkeys.Unique(body), &dup) {
		var p edit.Problems
		p.Addf(dup.Path, "given more than once in the same object: send each field once")
		return nil, p.Err("request", nil)
	}
	return body, nil
}

// decodeRetract reads the body of a retraction or a restoration strictly:
// version and reason, nothing else.
func decodeRetract(c *gin.Context) (retractRequest, error) {
	var r retractRequest
	body, err := readBody(c)
	if err != nil {
		return r, err
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(body, &raw) // readBody checked it is an object
	var p edit.Problems
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if k != "version" && k != "reason" {
			p.Addf(k, "unknown field; expected version and reason")
		}
	}
	var v struct {
		Version json.RawMessage `json:"version"`
		Reason  json.RawMessage `json:"reason"`
	}
	_ = json.Unmarshal(body, &v)
	if len(v.Version) > 0 && string(v.Version) != "null" {
		n, err := models.ParseWholeNumber(string(v.Version))
		var quoted string
		switch {
		case json.Unmarshal(v.Version, &quoted) == nil:
			models.QuotedNumber(quoted, string(v.Version), func(format string, args ...any) { p.Addf("version", format, args...) })
		case err != nil || int64(int(n)) != n:
			p.Addf("version", "expected the version as a whole number, got %s", v.Version)
		default:
			version := int(n)
			r.Version = &version
		}
	}
	if len(v.Reason) > 0 && string(v.Reason) != "null" && json.Unmarshal(v.Reason, &r.Reason) != nil {
		p.Addf("reason", "expected a string, got %s", v.Reason)
	}
	return r, p.Err("request", nil)
}

// decodeFigure reads the body of a figure write as the JSON importer
// reads a figure.
func decodeFigure(c *gin.Context) (models.Figure, writeExtra, edit.Problems, error) {
	var x writeExtra
	body, err := readBody(c)
	if err != nil {
		return models.Figure{}, x, nil, err
	}
	var p edit.Problems
	f := format.JSONFigure(&p, body, &x)
	// Offsets are found by verifying the quote against the source text,
	// never taken from the body (a GET's are sent back as they were).
	f.QuoteStart, f.QuoteEnd = nil, nil
	edit.RequireReason(&p, x.Reason)
	return f, x, p, nil
}

// decodeSource reads the body of a source write as the JSON importer
// reads a source.
func decodeSource(c *gin.Context) (models.Source, writeExtra, edit.Problems, error) {
	var x writeExtra
	body, err := readBody(c)
	if err != nil {
		return models.Source{}, x, nil, err
	}
	var p edit.Problems
	src := format.JSONSource(&p, body, &x)
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(body, &raw) // readBody checked it is an object
	_, given := raw["original"]
	x.noOriginal = !given
	edit.RequireReason(&p, x.Reason)
	return src, x, p, nil
}

// checkPathID refuses a body id that is not the address's: ids never change.
func checkPathID(p *edit.Problems, given, key string) {
	if given != "" && given != key {
		p.Addf("id", "must be %q, the id in the address, or be left out: ids never change", key)
	}
}

// givenVersion is the version a body gave, as format read it: nil when it
// gave none (format reads a missing version as 0, which no stored entity
// has) unless format already reported it.
func givenVersion(p edit.Problems, v int) *int {
	if v > 0 || p.Has("version") {
		return &v
	}
	return nil
}

func requireVersion(p *edit.Problems, v *int) int {
	if v == nil {
		p.Addf("version", "required: the version you edited, as GET returned it; the write is refused if it changed since")
		return 0
	}
	return *v
}

// SourceCreate answers POST /sources: a new source.
func (h *Handler) SourceCreate(c *gin.Context) error {
	src, x, p, err := decodeSource(c)
	if err != nil {
		return err
	}
	if src.TextSHA256 != "" {
		p.Addf("text_sha256", "is set by verifying the quotes against the source text, not by hand: leave it out")
	}
	if err := p.Err("source", src.Validate()); err != nil {
		return err
	}
	if err := h.store.CreateSource(c.Request.Context(), &src, edit.Change(c, x.Reason)); err != nil {
		return err
	}
	return h.respondSource(c, http.StatusCreated, src.Key)
}

// SourceUpdate answers PUT /sources/{id}: an edit of a source, based on the version it names.
func (h *Handler) SourceUpdate(c *gin.Context) error {
	cur, err := edit.Source(c, h.store)
	if err != nil {
		return err
	}
	src, x, p, err := decodeSource(c)
	if err != nil {
		return err
	}
	checkPathID(&p, src.Key, cur.Key)
	src.Key, src.Version = cur.Key, requireVersion(&p, givenVersion(p, src.Version))
	if src.TextSHA256 != "" && src.TextSHA256 != cur.TextSHA256 {
		p.Addf("text_sha256", "is set by verifying the quotes against the source text, not by hand: leave it out or send the stored value")
	}
	src.TextSHA256 = cur.TextSHA256
	if x.noOriginal {
		src.Original = cur.Original
	}
	if err := p.Err("source", src.Validate()); err != nil {
		return err
	}
	if err := h.store.UpdateSource(c.Request.Context(), &src, edit.Change(c, x.Reason)); err != nil {
		return err
	}
	return h.respondSource(c, http.StatusOK, src.Key)
}

// FigureCreate answers POST /figures: a new figure, its quote verified.
func (h *Handler) FigureCreate(c *gin.Context) error {
	f, x, p, err := decodeFigure(c)
	if err != nil {
		return err
	}
	if err := edit.SaveFigure(c.Request.Context(), h.store, &f, nil, p, edit.Change(c, x.Reason)); err != nil {
		return err
	}
	return h.respondFigure(c, http.StatusCreated, f.Key)
}

// FigureUpdate answers PUT /figures/{id}: an edit of a figure, based on the version it names.
func (h *Handler) FigureUpdate(c *gin.Context) error {
	cur, err := edit.Figure(c, h.store)
	if err != nil {
		return err
	}
	f, x, p, err := decodeFigure(c)
	if err != nil {
		return err
	}
	checkPathID(&p, f.Key, cur.Key)
	f.Key, f.Version = cur.Key, requireVersion(&p, givenVersion(p, f.Version))
	if err := edit.SaveFigure(c.Request.Context(), h.store, &f, &cur, p, edit.Change(c, x.Reason)); err != nil {
		return err
	}
	return h.respondFigure(c, http.StatusOK, f.Key)
}

// FigureRetract answers POST /figures/{id}/retract: a correction that keeps the figure visible.
func (h *Handler) FigureRetract(c *gin.Context) error {
	cur, r, err := h.retractRequest(c)
	if err != nil {
		return err
	}
	if err := h.store.RetractFigure(c.Request.Context(), cur.Key, *r.Version, r.Reason, edit.Change(c, r.Reason)); err != nil {
		return err
	}
	return h.respondFigure(c, http.StatusOK, cur.Key)
}

// FigureRestore answers POST /figures/{id}/restore: the retraction undone.
func (h *Handler) FigureRestore(c *gin.Context) error {
	cur, r, err := h.retractRequest(c)
	if err != nil {
		return err
	}
	if err := h.store.RestoreFigure(c.Request.Context(), cur.Key, *r.Version, edit.Change(c, r.Reason)); err != nil {
		return err
	}
	return h.respondFigure(c, http.StatusOK, cur.Key)
}

func (h *Handler) retractRequest(c *gin.Context) (models.Figure, retractRequest, error) {
	cur, err := edit.Figure(c, h.store)
	if err != nil {
		return cur, retractRequest{}, err
	}
	r, err := decodeRetract(c)
	if err != nil {
		return cur, r, err
	}
	var p edit.Problems
	requireVersion(&p, r.Version)
	edit.RequireReason(&p, r.Reason)
	r.Reason = strings.TrimSpace(r.Reason)
	return cur, r, p.Err("request", nil)
}

// respondFigure answers a write with the stored figure, its new version
// and its history, as GET /figures/{id} would.
func (h *Handler) respondFigure(c *gin.Context, status int, key string) error {
	ctx := c.Request.Context()
	v, err := h.store.GetFigure(ctx, key, models.AudienceEditors)
	if err != nil {
		return err
	}
	revs, err := h.store.Revisions(ctx, models.EntityFigure, key, models.AudienceEditors)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/figures/"+key)
	}
	c.Header("Cache-Control", "no-store")
	return h.resp.JSON(c, status, figureDetail{FigureJSON: format.NewFigureJSON(&v, nil), Revisions: revs})
}

// respondSource answers a write with the stored source, as GET would.
func (h *Handler) respondSource(c *gin.Context, status int, key string) error {
	ctx := c.Request.Context()
	src, err := h.store.GetSource(ctx, key)
	if err != nil {
		return err
	}
	revs, err := h.store.Revisions(ctx, models.EntitySource, key, models.AudienceEditors)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/sources/"+key)
	}
	c.Header("Cache-Control", "no-store")
	return h.resp.JSON(c, status, sourceDetail{sourceItem: newSourceItem(&src), Revisions: revs})
}
