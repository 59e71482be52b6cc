package api

import (
	"net/http"
	"strconv"

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
	q, err := checks.ParseQuery(c.Request.URL.Query())
	if err != nil {
		return err
	}
	aud, err := h.audience(c)
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	parts := []string{"api-checks", c.Request.URL.RawQuery}
	if l != models.English {
		parts = append(parts, "lang="+string(l)) // English keeps the ETag it always had
	}
	c.Writer.Header().Add("Vary", "Accept-Language")
	if done, err := h.unchanged(c, parts...); err != nil || done {
		return err
	}
	p, err := h.checks(ctx, aud, q)
	if err != nil {
		return err
	}
	out := checkList{list: list[checks.Result]{Items: checks.In(l, p.Items), Total: p.Total, Limit: p.Limit, Offset: p.Offset},
		Summary: checkSummary{All: p.All, Outcomes: p.Outcomes, Kinds: p.Kinds}}
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
