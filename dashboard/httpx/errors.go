package httpx

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// Handler is a handler that returns its error instead of writing it:
// parse → call → render, with one error exit.
type Handler func(c *gin.Context) error

// Handle adapts a Handler to Gin, rendering any error once.
func (r *Responder) Handle(h Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			r.Error(c, err)
		}
	}
}

// Status maps an error to its HTTP status: a StatusError's own, else its
// domain code's, else 500.
func Status(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	var pe *pastEndError
	if errors.As(err, &pe) {
		return http.StatusNotFound
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

// RetryAfter is the Retry-After (seconds) of a 503: about the time a busy
// SQLite writer or a PostgreSQL failover takes to clear.
const RetryAfter = "5"

// statusError carries a status that has no domain code (405, 413, 415).
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// StatusError is an error answered with status and msg, for the statuses
// no domain code names (405, 413, 415).
func StatusError(status int, msg string) error {
	return &statusError{status: status, msg: msg}
}

// ErrorBody is the JSON shape of every API error, and what the error page
// shows.
type ErrorBody struct {
	Status  int                 `json:"status"`
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  []models.FieldError `json:"fields,omitempty"`
	// Link and LinkText are a way on the error page offers (the last
	// page of a list, PastEnd), relative to the site's language root.
	Link     string `json:"-"`
	LinkText string `json:"-"`
}

// pastEndError is a page of a list beyond its last (PastEnd).
type pastEndError struct {
	page, pages int
	last        string
}

func (e *pastEndError) Error() string {
	return i18n.T(models.English, "error.past_end", "Page", e.page, "Count", e.pages)
}

// PastEnd is the 404 of page of an HTML list whose filters give only
// pages pages ("Page 9 of 1" was a 200 with no rows): it says so and
// links to last, the last page with the same filters. Lists of the API
// answer such an offset with an empty list instead.
func PastEnd(page, pages int, last string) error {
	return &pastEndError{page: page, pages: pages, last: last}
}

// Error writes err as a page or, for the API, as JSON: the one error exit
// of every handler. Internal errors are logged and shown without details.
func (r *Responder) Error(c *gin.Context, err error) {
	if errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil {
		// The client went away and its work was cancelled: no one reads
		// this answer, and nothing went wrong on our side. 499 is the
		// status access logs use for it.
		r.log.Info("request abandoned by the client", "path", c.Request.URL.Path)
		c.Status(StatusClientClosed)
		return
	}
	status := Status(err)
	body := ErrorBody{Status: status, Code: models.ErrorCode(err), Message: models.ErrorMessage(err), Fields: models.FieldErrors(err)}
	var se *statusError
	if errors.As(err, &se) {
		body.Code, body.Message = http.StatusText(status), se.msg
	}
	var pe *pastEndError
	if errors.As(err, &pe) {
		l := Lang(c)
		body.Code, body.Message = models.ENotFound, i18n.T(l, "error.past_end", "Page", pe.page, "Count", pe.pages)
		body.Link, body.LinkText = pe.last, i18n.T(l, "error.last_page", "Page", pe.pages)
	}
	switch {
	case models.ErrorCode(err) == models.EUnavailable:
		// Expected under load or during a failover: the message says what
		// happened and the client is told when to try again.
		r.log.Warn("database unavailable", "error", err.Error(), "path", c.Request.URL.Path)
		c.Header("Retry-After", RetryAfter)
	case status >= 500:
		r.log.Error("internal error", "error", err.Error(), "path", c.Request.URL.Path)
		body.Code, body.Message, body.Fields = models.EInternal, InternalMessage, nil
	}
	format := errorFormat(c)
	if l := Lang(c); l != models.English && pe == nil {
		body.Message = errorMessage(l, body)
	} else if body.Code == models.EInvalid && len(body.Fields) > 0 && format == errorAsPage {
		// The summary of field problems ("invalid filter") is a code's
		// text: a page leads with the sentence Korean has, above the list.
		// JSON and text keep it, as clients may read it.
		body.Message = i18n.T(l, "error.invalid")
	}
	c.Header("Cache-Control", "no-store")
	c.Writer.Header().Del("ETag") // the ETag named the page that failed
	switch format {
	case errorAsJSON:
		body.Fields = i18n.Problems(Lang(c), body.Fields)
		c.JSON(status, body)
	case errorAsText:
		c.Data(status, "text/plain; charset=utf-8", errorText(Lang(c), body))
	default:
		r.errorPage(c, status, body)
	}
}

// How an error answers a request (errorFormat).
type errorShape int

const (
	errorAsPage errorShape = iota // the HTML error page
	errorAsJSON                   // the API's JSON (ErrorBody)
	errorAsText                   // plain text: the message, then a line per field
)

// downloadKey keeps, in a request's context, the format of the file it
// downloads (Download).
const downloadKey = "httpx.download"

// Download marks c as the download of a file in format ("csv", "json")
// outside the API (/figures.csv, /figures.json), whose errors answer
// as its client reads them (errorFormat).
func Download(c *gin.Context, format string) { c.Set(downloadKey, format) }

// errorFormat is how an error answers c. The API and a JSON download
// answer in the API's JSON, whatever the Accept header: what asked for a
// .json file reads JSON. A CSV download answers whoever fetches it in
// what they read: a browser, which asks for text/html first, the error
// page (with the site around it); a client asking for JSON, JSON; curl
// and other clients (*/* or no Accept), plain text, so that a script's
// log or terminal shows the message rather than a page of markup. Every
// other page answers with the error page.
func errorFormat(c *gin.Context) errorShape {
	if isAPI(c) {
		return errorAsJSON
	}
	switch c.GetString(downloadKey) {
	case "json":
		return errorAsJSON
	case "csv":
		c.Writer.Header().Add("Vary", "Accept")
		switch c.NegotiateFormat(gin.MIMEPlain, gin.MIMEHTML, gin.MIMEJSON) {
		case gin.MIMEHTML:
			return errorAsPage
		case gin.MIMEJSON:
			return errorAsJSON
		}
		return errorAsText
	}
	return errorAsPage
}

// errorText is body as plain text in language l: the message, then each
// field's problem on a line of its own ("from: …").
func errorText(l models.Lang, body ErrorBody) []byte {
	var b strings.Builder
	b.WriteString(body.Message)
	b.WriteByte('\n')
	for _, f := range i18n.Problems(l, body.Fields) {
		b.WriteString(f.String() + "\n")
	}
	return []byte(b.String())
}

// StatusClientClosed is the status of a request whose client went away
// before the answer (nginx's 499).
const StatusClientClosed = 499

// InternalMessage is all a client learns of an internal error.
const InternalMessage = "Something went wrong on our side. The error has been logged."

// isAPI reports whether the request is for the JSON API, whose errors are JSON.
func isAPI(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, "/api/")
}

// NotFound is the error of a path no route serves.
func NotFound(c *gin.Context) error {
	return models.Errorf(models.ENotFound, "There is no page at %s.", c.Request.URL.Path)
}

// MethodNotAllowed is the error of a method a route does not accept.
func MethodNotAllowed(c *gin.Context) error {
	return StatusError(http.StatusMethodNotAllowed, "This address does not accept "+c.Request.Method+" requests.")
}

// TooLarge is the 413 of a request whose what ("body", "form") is larger
// than limit bytes.
func TooLarge(what string, limit int64) error {
	return StatusError(http.StatusRequestEntityTooLarge, "The "+what+" is larger than "+sizeText(limit)+".")
}

// sizeText says a byte limit in KB or MB, for messages.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n>>10, 10) + " KB"
}

// errorMessage is what an error says to a reader of language l (not
// English, whose message is the error's own). Validation problems keep
// their field names; their messages are translated apart (i18n.Problems).
func errorMessage(l models.Lang, body ErrorBody) string {
	// A thing that is not there, or a body the API cannot read, says
	// what in every language (the validation part of the catalogue
	// translates its message), not only that there is nothing here.
	if body.Code == models.ENotFound || body.Code == models.EInvalid && len(body.Fields) == 0 {
		if s := i18n.Problem(l, body.Message); s.Lang == "" {
			return s.Text
		}
	}
	switch body.Code {
	case models.EInvalid:
		if len(body.Fields) == 0 && body.Message != "" {
			// No field to list it under and no translation: the
			// message as said, not a lead promising a list.
			return i18n.T(l, "error.invalid_untranslated", "Message", body.Message)
		}
		return i18n.T(l, "error.invalid")
	case models.ENotFound:
		return i18n.T(l, "error.not_found")
	case models.EConflict:
		return i18n.T(l, "error.conflict")
	case models.EUnauthorized:
		return i18n.T(l, "error.unauthorized")
	case models.EForbidden:
		return i18n.T(l, "error.forbidden")
	case models.EUnavailable:
		return i18n.T(l, "error.unavailable")
	case models.EInternal:
		return i18n.T(l, "error.internal")
	}
	switch body.Status {
	case http.StatusMethodNotAllowed:
		return i18n.T(l, "error.method_not_allowed")
	case http.StatusRequestEntityTooLarge:
		return i18n.T(l, "error.too_large")
	case http.StatusUnsupportedMediaType:
		return i18n.T(l, "error.unsupported_media_type")
	}
	return i18n.T(l, "error.unknown")
}

// StatusTitle is the name of status in language l, the title of its
// error page: in English, http.StatusText.
func StatusTitle(l models.Lang, status int) string {
	switch status {
	case http.StatusBadRequest:
		return i18n.T(l, "status.400")
	case http.StatusUnauthorized:
		return i18n.T(l, "status.401")
	case http.StatusForbidden:
		return i18n.T(l, "status.403")
	case http.StatusNotFound:
		return i18n.T(l, "status.404")
	case http.StatusMethodNotAllowed:
		return i18n.T(l, "status.405")
	case http.StatusConflict:
		return i18n.T(l, "status.409")
	case http.StatusRequestEntityTooLarge:
		return i18n.T(l, "status.413")
	case http.StatusUnsupportedMediaType:
		return i18n.T(l, "status.415")
	case http.StatusTooManyRequests:
		return i18n.T(l, "status.429")
	case http.StatusInternalServerError:
		return i18n.T(l, "status.500")
	case http.StatusServiceUnavailable:
		return i18n.T(l, "status.503")
	}
	return http.StatusText(status)
}

// ErrorText is what err says to a reader of language l: its own message
// in English, else what l says for its kind of error.
func ErrorText(l models.Lang, err error) string {
	if l == models.English {
		return models.ErrorMessage(err)
	}
	return errorMessage(l, ErrorBody{Status: Status(err), Code: models.ErrorCode(err), Message: models.ErrorMessage(err), Fields: models.FieldErrors(err)})
}
