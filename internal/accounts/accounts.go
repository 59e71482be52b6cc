// Package accounts manages editor accounts: adding an editor, changing a
// password, disabling and enabling, and API tokens. It holds the rules
// (what a valid account and token name are, that an existing account is
// refused before a password is asked for, that passwords are checked and
// hashed with package auth) and leaves to its callers how arguments are
// read, how a password is asked for and how results are shown. The store
// keeps the rules that need a transaction: disabling an editor ends their
// sessions and revokes their tokens, a new password ends their sessions.
package accounts

import (
	"context"
	"strings"

	"forcedreturns/internal/auth"
	"forcedreturns/models"
)

// Store is the part of the store accounts need (*store.Store has it).
type Store interface {
	CreateEditor(ctx context.Context, e *models.Editor) error
	GetEditorByEmail(ctx context.Context, email string) (models.Editor, error)
	ListEditors(ctx context.Context) ([]models.Editor, error)
	SetEditorDisabled(ctx context.Context, email string, disabled bool) error
	SetEditorPassword(ctx context.Context, email, hash string) error
	CreateToken(ctx context.Context, editorID int64, name, prefix, hash string) (models.APIToken, error)
	RevokeToken(ctx context.Context, editorID int64, prefix string) error
	ListTokens(ctx context.Context, editorID int64) ([]models.APIToken, error)
}

// PasswordSource returns the new password for the account with the
// address, asking a person for it; it is called only once the account
// is known to be the right one, so no password is asked for in vain.
// Its errors are returned unchanged.
type PasswordSource func(ctx context.Context, email string) (string, error)

// Accounts manages editor accounts through a store.
type Accounts struct {
	store Store
}

// New returns Accounts working on s.
func New(s Store) *Accounts { return &Accounts{store: s} }

// CheckNewEditor returns the address in its stored form, or an EInvalid
// error when it is malformed (field "email") or the role is not one
// (field "role"). Add applies it; a caller may apply it first, to refuse
// bad arguments before opening a database.
func CheckNewEditor(email string, role models.Role) (string, error) {
	email = models.NormalizeEmail(email)
	var p models.Problems
	p.Prefix("", models.ValidateEmail(email))
	if !role.Valid() {
		p.Add("role", "expected %s or %s, got %q", models.RoleEditor, models.RoleAdmin, role)
	}
	return email, p.Err("editor")
}

// CheckTokenName returns an EInvalid error (field "name") when name does
// not say what an API token is for. CreateToken applies it; a caller may
// apply it first.
func CheckTokenName(name string) error {
	if strings.TrimSpace(name) != "" {
		return nil
	}
	var p models.Problems
	p.Add("name", "required: say what the token is for, so that it can be revoked knowingly later")
	return p.Err("API token")
}

// Add creates an editor with the address (normalised), name and role,
// and a password from pw. A malformed address or an unknown role is
// EInvalid (fields "email", "role"), an existing account EConflict, both
// before pw is called; a password auth refuses is EInvalid (field
// "password").
func (a *Accounts) Add(ctx context.Context, email, name string, role models.Role, pw PasswordSource) (models.Editor, error) {
	email, err := CheckNewEditor(email, role)
	if err != nil {
		return models.Editor{}, err
	}
	if _, err := a.store.GetEditorByEmail(ctx, email); err == nil {
		return models.Editor{}, models.Errorf(models.EConflict, "editor %s already exists: use editor password or editor enable", email)
	} else if models.ErrorCode(err) != models.ENotFound {
		return models.Editor{}, err
	}
	hash, err := newPasswordHash(ctx, email, pw)
	if err != nil {
		return models.Editor{}, err
	}
	e := models.Editor{Email: email, Name: name, Role: role, PasswordHash: hash}
	if err := a.store.CreateEditor(ctx, &e); err != nil {
		return models.Editor{}, err
	}
	return e, nil
}

// List returns every editor, by address.
func (a *Accounts) List(ctx context.Context) ([]models.Editor, error) {
	return a.store.ListEditors(ctx)
}

// SetDisabled disables the editor with the address, which ends their
// sessions and revokes their API tokens, or enables them again, which
// restores neither. It returns the address as stored. ENotFound if there
// is no such editor.
func (a *Accounts) SetDisabled(ctx context.Context, email string, disabled bool) (string, error) {
	if err := a.store.SetEditorDisabled(ctx, email, disabled); err != nil {
		return "", err
	}
	return models.NormalizeEmail(email), nil
}

// SetPassword gives the editor with the address a new password from pw
// and ends their sessions. ENotFound if there is no such editor (before
// pw is called); a password auth refuses is EInvalid (field "password").
func (a *Accounts) SetPassword(ctx context.Context, email string, pw PasswordSource) (models.Editor, error) {
	e, err := a.store.GetEditorByEmail(ctx, email)
	if err != nil {
		return models.Editor{}, err
	}
	hash, err := newPasswordHash(ctx, e.Email, pw)
	if err != nil {
		return models.Editor{}, err
	}
	if err := a.store.SetEditorPassword(ctx, e.Email, hash); err != nil {
		return models.Editor{}, err
	}
	return e, nil
}

// CreateToken makes an API token for the editor with the address. name
// says what it is for, so that it can be revoked knowingly later: a
// blank one is EInvalid (field "name"). The token is returned once; only
// its hash is stored.
func (a *Accounts) CreateToken(ctx context.Context, email, name string) (token string, tok models.APIToken, e models.Editor, err error) {
	if err := CheckTokenName(name); err != nil {
		return "", models.APIToken{}, models.Editor{}, err
	}
	if e, err = a.store.GetEditorByEmail(ctx, email); err != nil {
		return "", models.APIToken{}, models.Editor{}, err
	}
	token, prefix, hash := auth.NewAPIToken()
	if tok, err = a.store.CreateToken(ctx, e.ID, name, prefix, hash); err != nil {
		return "", models.APIToken{}, models.Editor{}, err
	}
	return token, tok, e, nil
}

// RevokeToken revokes the editor's API token named by its prefix; a whole
// token pasted by mistake names its token all the same. It returns the
// prefix and the editor.
func (a *Accounts) RevokeToken(ctx context.Context, email, prefixOrToken string) (prefix string, e models.Editor, err error) {
	if e, err = a.store.GetEditorByEmail(ctx, email); err != nil {
		return "", models.Editor{}, err
	}
	prefix = auth.TokenPrefix(strings.TrimSpace(prefixOrToken))
	if err := a.store.RevokeToken(ctx, e.ID, prefix); err != nil {
		return "", models.Editor{}, err
	}
	return prefix, e, nil
}

// Tokens returns the editor with the address and their API tokens,
// revoked ones included.
func (a *Accounts) Tokens(ctx context.Context, email string) (models.Editor, []models.APIToken, error) {
	e, err := a.store.GetEditorByEmail(ctx, email)
	if err != nil {
		return models.Editor{}, nil, err
	}
	toks, err := a.store.ListTokens(ctx, e.ID)
	if err != nil {
		return models.Editor{}, nil, err
	}
	return e, toks, nil
}

// newPasswordHash asks pw for the password of email, checks it and
// hashes it.
func newPasswordHash(ctx context.Context, email string, pw PasswordSource) (string, error) {
	s, err := pw(ctx, email)
	if err != nil {
		return "", err
	}
	if err := auth.ValidatePassword(s); err != nil {
		return "", err
	}
	return auth.HashPassword(s)
}
