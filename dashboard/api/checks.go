package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// checkList is a page of check results with the summary of every check:
// how many of each outcome (mismatches first) and of each kind.
type checkList struct {
	list[checks.Result]
	Summary checkSummary `json:"summary"`
	Next    string       `json:"next,omitempty"`
	Prev    string       `json:"prev,omitempty"`
	// Computing: the checks are being computed again (after an import,
	// say), and the summary and items are those of the last computation
	// completed, whose figures were read at AsOf (absent if unknown), or
	// none if Computed is false; Notice says so in the request's language.
	Computing bool       `json:"computing"`
	Computed  bool       `json:"computed"`
	AsOf      *time.Time `json:"as_of,omitempty"`
	Notice    string     `json:"notice,omitempty"`
}

type checkSummary struct {
	// All is the number of checks, whatever the filters.
	All      int            `json:"all"`
	Outcomes []checks.Tally `json:"outcomes"`
	Kinds    []checks.Tally `json:"kinds"`
}

// Checks answers GET /checks: the summary of every consistency check and
// a page of the results the filters select, mismatches first. Each
// result's title, explanation and notes are in the language the request
// asks for (httpx.Lang: the reader's cookie, else Accept-Language), as
// its error messages are: the answer varies with it, and each language
// has its own ETag.
func (h *Handler) Checks(c *gin.Context) error {
	ctx := c.Request.Context()
	q, err := httpx.ChecksQuery(c, h.store)
	if err != nil {
		return err
	}
	aud, err := h.audience(c)
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	c.Writer.Header().Add("Vary", "Accept-Language")
	// Only an answer of current checks has an ETag (see the /checks page).
	computing, err := h.refresh(ctx, aud)
	if err != nil {
		return err
	}
	if !computing {
		parts := []string{"api-checks", c.Request.URL.RawQuery}
		if l != models.English {
			parts = append(parts, "lang="+string(l)) // English keeps the ETag it always had
		}
		if done, err := h.unchanged(c, parts...); err != nil || done {
			return err
		}
	}
	p, err := h.checks(ctx, aud, q)
	if err != nil {
		return err
	}
	out := checkList{list: list[checks.Result]{Items: checks.In(l, p.Items), Total: p.Total, Limit: p.Limit, Offset: p.Offset},
		Summary:   checkSummary{All: p.All, Outcomes: httpx.CheckTallies(l, p.Outcomes, httpx.CheckOutcome), Kinds: httpx.CheckTallies(l, p.Kinds, httpx.CheckKind)},
		Computing: p.Computing, Computed: p.Stored, Notice: httpx.ChecksNotice(l, p)}
	if !p.AsOf.IsZero() {
		out.AsOf = &p.AsOf
	}
	link := func(offset int) string {
		v := q.Values()
		v.Set("limit", strconv.Itoa(p.Limit))
		v.Set("offset", strconv.Itoa(offset))
		return "/api/v1/checks?" + v.Encode()
	}
	if p.Offset+p.Limit < p.Total {
		out.Next = link(p.Offset + p.Limit)
	}
	if p.Offset > 0 {
		out.Prev = link(max(0, p.Offset-p.Limit))
	}
	return h.resp.JSON(c, http.StatusOK, out)
}
