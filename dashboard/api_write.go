package dashboard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/format"
	"forcedreturns/internal/jsonkeys"
	"forcedreturns/models"
)

// The JSON write API. Bodies use the field names of the JSON export and
// the import files (internal/export FigureJSON and SourceJSON), plus the
// reason for the change; what an export writes can be sent back as it
// is, its computed fields ignored. Decoding is strict: an unknown field
// is a 400 naming it. Validation, quote verification and revisions are
// those of the forms.

// maxAPIBody bounds a request body of the write API.
const maxAPIBody = 1 << 20

// sourceRequest is the body of POST /sources and PUT /sources/{id}.
type sourceRequest struct {
	ID                *string `json:"id"`
	Title             string  `json:"title"`
	Kind              string  `json:"kind"`
	Publisher         string  `json:"publisher"`
	Authors           string  `json:"authors"`
	AuthorAffiliation string  `json:"author_affiliation"`
	PublishedOn       *string `json:"published_on"`
	URL               string  `json:"url"`
	ArchiveURL        string  `json:"archive_url"`
	Language          string  `json:"language"`
	AccessedOn        *string `json:"accessed_on"`
	TextSHA256        *string `json:"text_sha256"` // read-only: set by attaching the text
	Notes             string  `json:"notes"`
	Version           *int    `json:"version"`
	Reason            string  `json:"reason"`
	// Read-only fields of the API's own responses.
	Revisions json.RawMessage `json:"revisions"`
}

// periodRequest is the nested period of the import files.
type periodRequest struct {
	Start     *string `json:"start"`
	End       *string `json:"end"`
	Precision *string `json:"precision"`
}

// figureRequest is the body of POST /figures and PUT /figures/{id}.
type figureRequest struct {
	ID              *string         `json:"id"`
	Metric          json.RawMessage `json:"metric"` // a slug, or the export's {"slug": …}
	Qualifier       string          `json:"qualifier"`
	Value           *int64          `json:"value"`
	ValueLow        *int64          `json:"value_low"`
	ValueHigh       *int64          `json:"value_high"`
	ValueText       string          `json:"value_text"`
	Unit            string          `json:"unit"`
	Period          *periodRequest  `json:"period"`
	PeriodStart     *string         `json:"period_start"`
	PeriodEnd       *string         `json:"period_end"`
	PeriodPrecision *string         `json:"period_precision"`
	QuantityKind    string          `json:"quantity_kind"`
	Population      string          `json:"population"`
	ActingState     string          `json:"acting_state"`
	ReceivingState  string          `json:"receiving_state"`
	Location        string          `json:"location"`
	SubgroupOf      string          `json:"subgroup_of"`
	Derived         bool            `json:"derived"`
	Formula         string          `json:"formula"`
	Status          string          `json:"status"`
	RetractReason   string          `json:"retract_reason"`
	Source          json.RawMessage `json:"source"` // an id, or the export's {"id": …}
	Quote           string          `json:"quote"`
	ReportedBy      string          `json:"reported_by"`
	Notes           string          `json:"notes"`
	Version         *int            `json:"version"`
	Reason          string          `json:"reason"`
	// Read-only fields of the export and of the API's own responses:
	// accepted so that a figure read can be sent back, and ignored
	// (offsets are found by verifying the quote against the source text).
	ValueLabel   json.RawMessage `json:"value_label"`
	PeriodMonths json.RawMessage `json:"period_months"`
	PerMonth     json.RawMessage `json:"per_month"`
	QuoteStart   json.RawMessage `json:"quote_start"`
	QuoteEnd     json.RawMessage `json:"quote_end"`
	QuoteLink    json.RawMessage `json:"quote_link"`
	LastModified json.RawMessage `json:"last_modified"`
	Revisions    json.RawMessage `json:"revisions"`
}

// retractRequest is the body of POST /figures/{id}/retract and /restore.
type retractRequest struct {
	Version *int   `json:"version"`
	Reason  string `json:"reason"`
}

// decodeStrict reads one JSON object into v, refusing repeated names,
// unknown fields (all of them named at once), wrong types and trailing
// data.
func decodeStrict(c *gin.Context, v any) error {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return &httpError{status: http.StatusUnsupportedMediaType, msg: "Send the body as application/json, not " + ct + "."}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxAPIBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("The body is larger than %s.", sizeText(maxAPIBody))}
	} else if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return models.Errorf(models.EInvalid, "The body is empty: expected a JSON object.")
	}
	// A name given twice would silently take its last value.
	var dup *jsonkeys.DuplicateError
	if errors.As(jsonkeys.Unique(body), &dup) {
		var p problems
		p.add(dup.Path, "given more than once in the same object: send each field once")
		return p.err("request", nil)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return models.Errorf(models.EInvalid, "The body is not valid JSON (at byte %d): %v.", se.Offset, se)
		}
		return models.Errorf(models.EInvalid, "The body must be a JSON object.")
	}
	known := jsonFields(reflect.TypeOf(v).Elem())
	var p problems
	var unknown []string
	for k := range raw {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		p.add(k, "unknown field: see /api/v1/openapi.json for the fields this request takes")
	}
	if err := p.err("request", nil); err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = "body"
			}
			p.add(field, "expected %s, got JSON %s", jsonTypeName(te.Type), te.Value)
			return p.err("request", nil)
		}
		return models.Errorf(models.EInvalid, "The body could not be read: %v.", err)
	}
	return nil
}

// jsonFields lists the JSON names of a struct's fields.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}

func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.Kind().String()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// refOf reads a reference given as a string or as the export's object
// (whose idField names it).
func refOf(p *problems, field string, raw json.RawMessage, idField string) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		if json.Unmarshal(obj[idField], &s) == nil {
			return s
		}
	}
	p.add(field, "expected an id as a string, or an object with %q as in the export", idField)
	return ""
}

func sourceFromRequest(r *sourceRequest) (models.Source, problems) {
	var p problems
	src := models.Source{
		Key: deref(r.ID), Title: r.Title, Kind: models.SourceKind(r.Kind), Publisher: r.Publisher, Authors: r.Authors,
		AuthorAffiliation: r.AuthorAffiliation, URL: r.URL, ArchiveURL: r.ArchiveURL, Language: r.Language, Notes: r.Notes,
	}
	src.PublishedOn = parseDate(&p, "published_on", deref(r.PublishedOn))
	src.AccessedOn = parseDate(&p, "accessed_on", deref(r.AccessedOn))
	src.Normalize()
	requireReason(&p, r.Reason)
	return src, p
}

func figureFromRequest(r *figureRequest) (models.Figure, problems) {
	var p problems
	f := models.Figure{
		Key: deref(r.ID), Qualifier: models.Qualifier(r.Qualifier), Value: deref(r.Value), ValueLow: deref(r.ValueLow),
		ValueHigh: deref(r.ValueHigh), ValueText: r.ValueText, Unit: r.Unit, Kind: models.QuantityKind(r.QuantityKind),
		Population: r.Population, ActingState: r.ActingState, ReceivingState: r.ReceivingState, Location: r.Location,
		SubgroupOf: r.SubgroupOf, Derived: r.Derived, Formula: r.Formula, Status: models.Status(r.Status),
		RetractReason: r.RetractReason, Quote: r.Quote, ReportedBy: r.ReportedBy, Notes: r.Notes,
	}
	requireValue(&p, f.Qualifier, r.Value != nil, r.ValueLow != nil, r.ValueHigh != nil)
	f.Metric = refOf(&p, "metric", r.Metric, "slug")
	f.Source = refOf(&p, "source", r.Source, "id")
	start, end, precision := deref(r.PeriodStart), deref(r.PeriodEnd), deref(r.PeriodPrecision)
	if r.Period != nil {
		if r.PeriodStart != nil || r.PeriodEnd != nil || r.PeriodPrecision != nil {
			p.add("period", "give the period either as period {start, end, precision} or as period_start, period_end, period_precision, not both")
		}
		start, end, precision = deref(r.Period.Start), deref(r.Period.End), deref(r.Period.Precision)
	}
	f.Period = parsePeriod(&p, start, end, precision)
	f.Normalize()
	requireReason(&p, r.Reason)
	return f, p
}

// checkPathID refuses a body id that is not the address's: ids never change.
func checkPathID(p *problems, given *string, key string) {
	if given != nil && *given != key {
		p.add("id", "must be %q, the id in the address, or be left out: ids never change", key)
	}
}

func requireVersion(p *problems, v *int) int {
	if v == nil {
		p.add("version", "required: the version you edited, as GET returned it; the write is refused if it changed since")
		return 0
	}
	return *v
}

func (s *Server) apiSourceCreate(c *gin.Context) error {
	var r sourceRequest
	if err := decodeStrict(c, &r); err != nil {
		return err
	}
	src, p := sourceFromRequest(&r)
	if r.TextSHA256 != nil && *r.TextSHA256 != "" {
		p.add("text_sha256", "is set by verifying the quotes against the source text, not by hand: leave it out")
	}
	if err := p.err("source", src.Validate()); err != nil {
		return err
	}
	if err := s.store.CreateSource(c.Request.Context(), &src, change(c, r.Reason)); err != nil {
		return err
	}
	return s.respondSource(c, http.StatusCreated, src.Key)
}

func (s *Server) apiSourceUpdate(c *gin.Context) error {
	cur, err := s.getSource(c)
	if err != nil {
		return err
	}
	var r sourceRequest
	if err := decodeStrict(c, &r); err != nil {
		return err
	}
	src, p := sourceFromRequest(&r)
	checkPathID(&p, r.ID, cur.Key)
	src.Key, src.Version = cur.Key, requireVersion(&p, r.Version)
	if r.TextSHA256 != nil && *r.TextSHA256 != "" && *r.TextSHA256 != cur.TextSHA256 {
		p.add("text_sha256", "is set by verifying the quotes against the source text, not by hand: leave it out or send the stored value")
	}
	src.TextSHA256 = cur.TextSHA256
	if err := p.err("source", src.Validate()); err != nil {
		return err
	}
	if err := s.store.UpdateSource(c.Request.Context(), &src, change(c, r.Reason)); err != nil {
		return err
	}
	return s.respondSource(c, http.StatusOK, src.Key)
}

func (s *Server) apiFigureCreate(c *gin.Context) error {
	var r figureRequest
	if err := decodeStrict(c, &r); err != nil {
		return err
	}
	f, p := figureFromRequest(&r)
	if err := s.saveFigure(c.Request.Context(), &f, nil, p, change(c, r.Reason)); err != nil {
		return err
	}
	return s.respondFigure(c, http.StatusCreated, f.Key)
}

func (s *Server) apiFigureUpdate(c *gin.Context) error {
	cur, err := s.getFigure(c)
	if err != nil {
		return err
	}
	var r figureRequest
	if err := decodeStrict(c, &r); err != nil {
		return err
	}
	f, p := figureFromRequest(&r)
	checkPathID(&p, r.ID, cur.Key)
	f.Key, f.Version = cur.Key, requireVersion(&p, r.Version)
	if err := s.saveFigure(c.Request.Context(), &f, &cur, p, change(c, r.Reason)); err != nil {
		return err
	}
	return s.respondFigure(c, http.StatusOK, f.Key)
}

func (s *Server) apiFigureRetract(c *gin.Context) error {
	cur, r, err := s.retractRequest(c)
	if err != nil {
		return err
	}
	if err := s.store.RetractFigure(c.Request.Context(), cur.Key, *r.Version, r.Reason, change(c, r.Reason)); err != nil {
		return err
	}
	return s.respondFigure(c, http.StatusOK, cur.Key)
}

func (s *Server) apiFigureRestore(c *gin.Context) error {
	cur, r, err := s.retractRequest(c)
	if err != nil {
		return err
	}
	if err := s.store.RestoreFigure(c.Request.Context(), cur.Key, *r.Version, change(c, r.Reason)); err != nil {
		return err
	}
	return s.respondFigure(c, http.StatusOK, cur.Key)
}

func (s *Server) retractRequest(c *gin.Context) (models.Figure, retractRequest, error) {
	var r retractRequest
	cur, err := s.getFigure(c)
	if err != nil {
		return cur, r, err
	}
	if err := decodeStrict(c, &r); err != nil {
		return cur, r, err
	}
	var p problems
	requireVersion(&p, r.Version)
	requireReason(&p, r.Reason)
	r.Reason = strings.TrimSpace(r.Reason)
	return cur, r, p.err("request", nil)
}

// respondFigure answers a write with the stored figure, its new version
// and its history, as GET /figures/{id} would.
func (s *Server) respondFigure(c *gin.Context, status int, key string) error {
	ctx := c.Request.Context()
	v, err := s.store.GetFigure(ctx, key, models.AudienceEditors)
	if err != nil {
		return err
	}
	revs, err := s.store.Revisions(ctx, models.EntityFigure, key, models.AudienceEditors)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/figures/"+key)
	}
	c.Header("Cache-Control", "no-store")
	return s.respondJSON(c, status, apiFigure{FigureJSON: format.NewFigureJSON(&v, nil), Revisions: revs})
}

// respondSource answers a write with the stored source, as GET would.
func (s *Server) respondSource(c *gin.Context, status int, key string) error {
	ctx := c.Request.Context()
	src, err := s.store.GetSource(ctx, key)
	if err != nil {
		return err
	}
	revs, err := s.store.Revisions(ctx, models.EntitySource, key, models.AudienceEditors)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/sources/"+key)
	}
	c.Header("Cache-Control", "no-store")
	return s.respondJSON(c, status, apiSource{apiSourceItem: newAPISourceItem(&src), Revisions: revs})
}
