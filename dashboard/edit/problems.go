package edit

import (
	"fmt"
	"strings"

	"forcedreturns/models"
)

// Problems collects field problems found while reading a form or a
// request, before the model's own validation runs.
type Problems []models.FieldError

// Addf adds a problem of field, its message formatted as by fmt.Sprintf.
func (p *Problems) Addf(field, format string, args ...any) {
	*p = append(*p, models.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Add implements format.Problems, for the requests internal/format decodes.
func (p *Problems) Add(field, message string) {
	*p = append(*p, models.FieldError{Field: field, Message: message})
}

// Has reports whether a problem of field was found.
func (p Problems) Has(field string) bool {
	for _, f := range p {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil without problems, else an EInvalid error listing them
// followed by the validation problems of the fields not already named
// (a value that did not parse need not also be called missing).
func (p Problems) Err(what string, validation error) error {
	if len(p) == 0 {
		return nil
	}
	out := append([]models.FieldError(nil), p...)
	period := p.Has("period_start") || p.Has("period_end") || p.Has("period_precision") || p.Has("period_end_precision")
	for _, f := range models.FieldErrors(validation) {
		if p.Has(f.Field) || (period && strings.HasPrefix(f.Field, "period_")) {
			continue
		}
		out = append(out, f)
	}
	return &models.Error{Code: models.EInvalid, Message: "invalid " + what, Fields: out}
}

// ReasonRequired is the problem of an edit given no reason.
const ReasonRequired = "required: say why you make this change; the history shows it to readers"

// RequireReason checks the "reason for this change" every edit records.
func RequireReason(p *Problems, reason string) {
	if strings.TrimSpace(reason) == "" {
		p.Addf("reason", ReasonRequired)
	} else if len([]rune(reason)) > 2000 {
		p.Addf("reason", "must be at most 2000 characters")
	}
}
