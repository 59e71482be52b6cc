package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/internal/intake"
	"forcedreturns/models"
)

// The intake review page (/sources/{key}/intake): the figures intake
// proposes from the text attached to a source, each with its sentence,
// its guesses and their reasons, its problems and the tracker's figures
// closest to it; the editor accepts (as drafts), edits or rejects each in
// one form. Rejections are remembered for the text, and accepted
// proposals are figures, so neither is proposed again.

// intakeInputs are the fields an editor may change in a proposal before
// accepting it; the rest (source, quote and its offsets, unit, reported
// by, id) stays as intake proposed it.
var intakeInputs = []string{"qualifier", "value", "value_low", "value_high", "value_text", "period_start", "period_end",
	"metric", "quantity_kind", "population", "acting_state", "receiving_state"}

// Decisions on a proposal.
const (
	decideLater  = "later"
	decideAccept = "accept"
	decideReject = "reject"
)

// intakeItem is one proposal as the review page shows it.
type intakeItem struct {
	P intake.Proposal
	// Before, Number and After are the quote around the number as written.
	Before, Number, After string
	Decision              string
	Fields                []formField
	Other                 []models.FieldError // problems naming no editable field
	Closest               []closeFigure
}

// closeFigure is a figure of the tracker close to a proposal, its
// metric, and how it is close, in the page's language.
type closeFigure struct {
	Figure models.Figure
	Metric models.Metric
	Why    string
}

// intakePage is what intake.html shows.
type intakePage struct {
	Source   models.Source
	SHA256   string
	HasText  bool
	Items    []intakeItem
	Rejected int // proposals rejected before, not shown again
	More     int // proposals after the first intakePageSize, shown once these are decided
	Existing int // proposals already in the tracker as figures
	Message  string
	Saved    string
}

// intakePageSize is how many proposals one review shows: a long text's
// others come once these are decided, keeping the form (and the queries
// for the closest figures) small.
const intakePageSize = 100

// proposalID is what a proposal's inputs are named by ("p-" and hex).
var proposalID = regexp.MustCompile(`^p-[0-9a-f]{12}$`)

// intakeProposals runs intake over the source's text and leaves out, and
// counts, the proposals decided already (intake.Unreviewed). figs are the
// source's figures.
func (s *Server) intakeProposals(ctx context.Context, src models.Source, text, sha string, figs []models.Figure) (ps []intake.Proposal, rejected, existing int, err error) {
	ms, err := s.store.ListMetrics(ctx)
	if err != nil {
		return nil, 0, 0, err
	}
	rej, err := s.store.IntakeRejections(ctx, src.Key, sha)
	if err != nil {
		return nil, 0, 0, err
	}
	ps, rejected, existing = intake.Unreviewed(intake.Propose(text, src, intake.Options{Metrics: ms}), rej, figs)
	for _, p := range ps {
		if !proposalID.MatchString(p.ID) {
			return nil, 0, 0, fmt.Errorf("intake: proposal id %q is not p- and 12 hex digits", p.ID)
		}
	}
	return ps, rejected, existing, nil
}

// sharesDaysWhy says, in language l, why a figure whose period relates to
// the proposal's by rel (which has a relation sharing days) is shown: the
// relations that share days, and, when the precision also allows one
// that doesn't (adjacent, disjoint), that it may share none.
func sharesDaysWhy(l models.Lang, rel checks.Relation) string {
	if !rel.Only(checks.SharesDays) {
		return i18n.T(l, "intake.why_may_share_days", "Relation", checks.RelationIn(l, rel&checks.SharesDays))
	}
	return i18n.T(l, "intake.why_shares_days", "Relation", checks.RelationIn(l, rel))
}

// closestFigures are the tracker's figures nearest a proposal: of the
// same metric and people (checks.SubjectOf) whose period may share days
// with its (checks.Relate), and of the same source stating the same
// number; the same quantity (checks.SameQuantity) is said to be a
// possible duplicate or corroboration. At most five, said in language l,
// each with its metric (of metrics, by slug).
func (s *Server) closestFigures(ctx context.Context, l models.Lang, f models.Figure, sourceFigs []models.Figure, metrics map[string]models.Metric) ([]closeFigure, error) {
	var out []closeFigure
	seen := map[string]bool{}
	add := func(g models.Figure, why string) {
		if !seen[g.Key] && len(out) < 5 {
			seen[g.Key] = true
			out = append(out, closeFigure{Figure: g, Metric: metrics[g.Metric], Why: why})
		}
	}
	if f.Metric != "" && !f.Period.Start.IsZero() {
		err := s.store.EachFigureOfPeople(ctx, models.AudienceEditors, checks.SubjectOf(f).People(), []string{f.Metric}, func(g *models.Figure) error {
			switch {
			case checks.SameQuantity(f, *g) && g.Source == f.Source:
				add(*g, i18n.T(l, "intake.why_duplicate"))
			case checks.SameQuantity(f, *g):
				add(*g, i18n.T(l, "intake.why_corroboration"))
			case checks.Relate(f.Period, g.Period).Has(checks.SharesDays):
				add(*g, sharesDaysWhy(l, checks.Relate(f.Period, g.Period)))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, g := range sourceFigs {
		if g.Quantity() == f.Quantity() {
			add(g, i18n.T(l, "intake.why_same_number"))
		}
	}
	return out, nil
}

// newIntakeItem lays out a proposal for the page with its editable
// fields at v (the proposal's values, or what the editor submitted).
func newIntakeItem(l models.Lang, p intake.Proposal, v values, decision string, ch figureChoices) intakeItem {
	it := intakeItem{P: p, Decision: decision}
	q := p.Figure.Quote
	if 0 <= p.NumberStart && p.NumberStart <= p.NumberEnd && p.NumberEnd <= len(q) {
		it.Before, it.Number, it.After = q[:p.NumberStart], q[p.NumberStart:p.NumberEnd], q[p.NumberEnd:]
	} else {
		it.Before = q
	}
	byName := map[string]formField{}
	for _, f := range figureFields(l, v, ch, false) {
		byName[f.Name] = f
	}
	for _, name := range intakeInputs {
		f := byName[name]
		f.Name = p.ID + "." + name
		f.Required = false
		f.Help = ""
		if g, ok := p.Guess(guessOf(name, p.Figure.Qualifier)); ok && g.Reason != "" {
			f.Help = i18n.T(l, "intake.guessed_help", "Reason", g.ReasonIn(l))
		}
		it.Fields = append(it.Fields, f)
	}
	return it
}

// guessOf names the guess (intake.Guess.Field) behind an editable
// field: the period's for both its ends, the value's for the number
// the proposal gives (a range's lower bound stands for both).
func guessOf(field string, q models.Qualifier) string {
	switch {
	case field == "period_start":
		return "period"
	case field == "value" && q != models.QualRange, field == "value_low" && q == models.QualRange:
		return "value"
	case field == "value" || field == "value_low":
		return ""
	}
	return field
}

// intakeValues are a proposal's values, overlaid with what the editor
// submitted for its editable fields when form is not nil (a field the
// form leaves out stays as proposed; one sent empty is cleared).
func intakeValues(p intake.Proposal, form url.Values) values {
	v := figureValues(p.Figure)
	if form == nil {
		return v
	}
	var names []string
	for _, name := range intakeInputs {
		if _, ok := form[p.ID+"."+name]; ok {
			names = append(names, p.ID+"."+name)
		}
	}
	for name, x := range valuesOf(form, names) {
		v[strings.TrimPrefix(name, p.ID+".")] = x
	}
	return v
}

// loadIntake reads what the review page shows: the source, its text and
// the proposals still to decide, laid out with the proposals' own values.
func (s *Server) loadIntake(c *gin.Context) (intakePage, figureChoices, error) {
	ctx := c.Request.Context()
	src, err := edit.Source(c, s.store)
	if err != nil {
		return intakePage{}, figureChoices{}, err
	}
	page := intakePage{Source: src}
	text, sha, err := s.store.GetSourceText(ctx, src.Key)
	if models.ErrorCode(err) == models.ENotFound {
		return page, figureChoices{}, nil
	} else if err != nil {
		return page, figureChoices{}, err
	}
	page.HasText, page.SHA256 = true, sha
	figs, err := s.store.SourceFigures(ctx, src.Key)
	if err != nil {
		return page, figureChoices{}, err
	}
	ps, rejected, existing, err := s.intakeProposals(ctx, src, text, sha, figs)
	if err != nil {
		return page, figureChoices{}, err
	}
	page.Rejected, page.Existing = rejected, existing
	if len(ps) > intakePageSize {
		page.More, ps = len(ps)-intakePageSize, ps[:intakePageSize]
	}
	ch, err := s.figureChoices(ctx)
	if err != nil {
		return page, ch, err
	}
	metrics := map[string]models.Metric{}
	for _, m := range ch.metrics {
		metrics[m.Slug] = m
	}
	for _, p := range ps {
		it := newIntakeItem(httpx.Lang(c), p, intakeValues(p, nil), decideLater, ch)
		if it.Closest, err = s.closestFigures(ctx, httpx.Lang(c), p.Figure, figs, metrics); err != nil {
			return page, ch, err
		}
		page.Items = append(page.Items, it)
	}
	return page, ch, nil
}

func (s *Server) renderIntake(c *gin.Context, status int, page intakePage) {
	l := httpx.Lang(c)
	s.renderPage(c, status, "intake.html", pageData{Title: i18n.T(l, "intake.title", "Title", page.Source.TitleIn(l).Text), Nav: "sources", Data: page})
}

func (s *Server) intakeForm(c *gin.Context) error {
	page, _, err := s.loadIntake(c)
	if err != nil {
		return err
	}
	a, r := intOr(c.Query("accepted"), -1), intOr(c.Query("rejected"), -1)
	if a >= 0 && r >= 0 {
		page.Saved = i18n.T(httpx.Lang(c), "intake.saved", "Count", a, "Rejected", r)
	}
	s.renderIntake(c, http.StatusOK, page)
	return nil
}

// intakeReview saves the editor's decisions: every accepted proposal,
// with the editor's changes, becomes a draft with a revision saying it
// came from intake; every rejected one is remembered for the text. All or
// nothing: a problem in any proposal shows the form again (400) with
// what was typed and each problem next to its field.
func (s *Server) intakeReview(c *gin.Context) error {
	ctx := c.Request.Context()
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	page, ch, err := s.loadIntake(c)
	if err != nil {
		return err
	}
	form := c.Request.PostForm
	l := httpx.Lang(c)
	if !page.HasText {
		page.Message = i18n.T(l, "intake.no_text_message")
		s.renderIntake(c, http.StatusConflict, page)
		return nil
	}
	if sum := form.Get("text_sha256"); !isSHA256Hex(sum) {
		// Not a stale page but a broken form: say which field and what
		// it must hold.
		page.Message = i18n.T(l, "intake.bad_sha")
		s.renderIntake(c, http.StatusBadRequest, page)
		return nil
	}
	if form.Get("text_sha256") != page.SHA256 {
		page.Message = i18n.T(l, "intake.replaced")
		s.renderIntake(c, http.StatusConflict, page)
		return nil
	}
	var figs []models.Figure
	var accepted []int // the index in page.Items of each of figs
	var rejected []string
	bad := false
	for i := range page.Items {
		it := &page.Items[i]
		p := it.P
		decision := form.Get(p.ID + ".decision")
		if decision == "" {
			decision = decideLater
		}
		v := intakeValues(p, form)
		closest := it.Closest
		*it = newIntakeItem(l, p, v, decision, ch)
		it.Closest = closest
		switch decision {
		case decideLater:
			continue
		case decideReject:
			rejected = append(rejected, p.Fingerprint)
			continue
		case decideAccept:
		default:
			it.Other = append(it.Other, models.FieldError{Field: p.ID + ".decision", Message: fmt.Sprintf("must be accept, reject or later, got %q", decision)})
			bad = true
			continue
		}
		f, probs := figureFromValues(v)
		f.Key, f.Status = p.Figure.Key, models.StatusDraft
		f.QuoteStart, f.QuoteEnd = p.Figure.QuoteStart, p.Figure.QuoteEnd
		perr := probs.Err("figure", f.Validate())
		if perr == nil {
			perr = f.Validate()
		}
		if perr != nil {
			it.place(l, models.FieldErrors(perr))
			bad = true
			continue
		}
		figs = append(figs, f)
		accepted = append(accepted, i)
	}
	if bad {
		page.Message = i18n.T(l, "intake.fix")
		s.renderIntake(c, http.StatusBadRequest, page)
		return nil
	}
	chg := edit.Change(c, "")
	chg.Reason = fmt.Sprintf("intake: proposed from the text of source %s (sha256 %.12s…), accepted by %s", page.Source.Key, page.SHA256, chg.Editor)
	_, err = s.store.SaveIntakeReview(ctx, page.Source.Key, page.SHA256, figs, rejected, chg)
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, httpx.LangPath(l, fmt.Sprintf("/sources/%s/intake?accepted=%d&rejected=%d", page.Source.Key, len(figs), len(rejected))))
		return nil
	case models.ErrorCode(err) == models.EInvalid:
		for _, fe := range models.FieldErrors(err) {
			i, rest, ok := fe.Entry("figures[")
			if !ok || i >= len(accepted) {
				page.Message += " " + fe.Field + ": " + i18n.Problem(l, fe.Message).Text
				continue
			}
			page.Items[accepted[i]].place(l, []models.FieldError{{Field: rest, Message: fe.Message}})
		}
		if len(models.FieldErrors(err)) == 0 {
			page.Message = formMessage(l, err)
		}
		page.Message = strings.TrimSpace(i18n.T(l, "intake.fix") + " " + page.Message)
		s.renderIntake(c, http.StatusBadRequest, page)
		return nil
	case models.ErrorCode(err) == models.EConflict || unavailable(err):
		page.Message = formMessage(l, err)
		status := http.StatusConflict
		if unavailable(err) {
			status = http.StatusServiceUnavailable
		}
		s.renderIntake(c, status, page)
		return nil
	}
	return err
}

// place puts each problem next to the proposal's input it names, as
// the figure form does (withErrors), else among the proposal's other
// problems, its field named with the proposal's id.
func (it *intakeItem) place(l models.Lang, fes []models.FieldError) {
	prefix := it.P.ID + "."
	for j := range it.Fields {
		it.Fields[j].Name = strings.TrimPrefix(it.Fields[j].Name, prefix)
	}
	var other []models.FieldError
	it.Fields, other = withErrors(l, it.Fields, &models.Error{Code: models.EInvalid, Fields: fes})
	for j := range it.Fields {
		it.Fields[j].Name = prefix + it.Fields[j].Name
	}
	for _, fe := range other {
		it.Other = append(it.Other, models.FieldError{Field: prefix + fe.Field, Message: fe.Message})
	}
}

// isSHA256Hex reports whether s is a SHA-256 written as 64 lower-case
// hexadecimal digits, as the review form carries it.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}
