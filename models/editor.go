package models

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what an editor may do. Every editor may write sources and
// figures; an admin may also manage editors.
type Role string

// The roles an editor can have.
const (
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// Roles lists every role, least privileged first.
var Roles = []Role{RoleEditor, RoleAdmin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r == RoleEditor || r == RoleAdmin }

// NameIn names the role for a reader in language l: as stored in English
// (editor, admin), in Korean 편집자 and 관리자; an unknown role as stored.
func (r Role) NameIn(l Lang) string {
	if l == Korean {
		switch r {
		case RoleEditor:
			return "편집자"
		case RoleAdmin:
			return "관리자"
		}
	}
	return string(r)
}

// MaxEmailLength is the longest address accepted, in bytes (RFC 5321's
// limit on a forward path, less its angle brackets).
const MaxEmailLength = 254

// Editor is a person who may sign in and change sources and figures.
// Editors are never deleted, only disabled, so that the revisions naming
// them keep meaning something.
type Editor struct {
	ID    int64  `gorm:"column:id;primaryKey" json:"-"`
	Email string `gorm:"column:email" json:"email"`
	Name  string `gorm:"column:name" json:"name"`
	Role  Role   `gorm:"column:role" json:"role"`
	// PasswordHash is the PHC-encoded argon2id hash made by package
	// internal/auth; the password itself is never stored.
	PasswordHash string    `gorm:"column:password_hash" json:"-"`
	Disabled     bool      `gorm:"column:disabled" json:"disabled"`
	CreatedAt    time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// TableName is the editors table.
func (Editor) TableName() string { return "editors" }

// IsAdmin reports whether the editor has the admin role.
func (e Editor) IsAdmin() bool { return e.Role == RoleAdmin }

// NormalizeEmail returns the form an address is stored and looked up in:
// trimmed and lower-cased, so that "Ana@Example.org " and
// "ana@example.org" are one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateEmail returns nil if email is a bare address in its stored form
// (see NormalizeEmail): no display name or angle brackets, at most
// MaxEmailLength bytes. Otherwise it returns an EInvalid *Error for the
// field "email" saying what is expected.
func ValidateEmail(email string) error {
	var p Problems
	checkEmail(&p, email)
	return p.Err("email address")
}

func checkEmail(p *Problems, email string) {
	const expected = "expected an email address such as ana@example.org"
	switch {
	case email == "":
		p.Add("email", "required: "+expected)
	case len(email) > MaxEmailLength:
		p.Add("email", "must be at most %d bytes long, got %d", MaxEmailLength, len(email))
	case !utf8.ValidString(email):
		p.Add("email", "must be valid UTF-8 text")
	case email != NormalizeEmail(email):
		p.Add("email", "must be trimmed and in lower case (%q), got %q", NormalizeEmail(email), email)
	default:
		// ParseAddress also accepts `Ana <ana@example.org>` and comments;
		// only the bare address, exactly as given, is an account name.
		a, err := mail.ParseAddress(email)
		if err != nil || a.Address != email || a.Name != "" {
			p.Add("email", expected+", got %q", email)
		}
	}
}

// Normalize trims the name and puts the email address in its stored form.
func (e *Editor) Normalize() {
	e.Email = NormalizeEmail(e.Email)
	e.Name = strings.TrimSpace(e.Name)
	e.Role = Role(strings.TrimSpace(string(e.Role)))
}

// Validate checks every field and reports all problems at once.
func (e *Editor) Validate() error {
	var p Problems
	checkEmail(&p, e.Email)
	checkLine(&p, "name", e.Name, 0, 200)
	if !e.Role.Valid() {
		p.Add("role", "must be editor or admin, got %q", e.Role)
	}
	if e.PasswordHash == "" {
		p.Add("password_hash", "required: hash the password with auth.HashPassword")
	}
	return p.Err("editor")
}

// Session is a signed-in browser. ID is the SHA-256 (hex) of the random
// token kept in the browser's cookie: the token itself is never stored,
// so a copy of the database does not let anyone sign in.
type Session struct {
	ID         string    `gorm:"column:id;primaryKey" json:"-"`
	EditorID   int64     `gorm:"column:editor_id" json:"-"`
	CreatedAt  time.Time `gorm:"column:created_at" json:"created_at"`
	ExpiresAt  time.Time `gorm:"column:expires_at" json:"expires_at"`
	LastSeenAt time.Time `gorm:"column:last_seen_at" json:"last_seen_at"`
	UserAgent  string    `gorm:"column:user_agent" json:"user_agent"`
}

// TableName is the sessions table.
func (Session) TableName() string { return "sessions" }

// APIToken is a credential for scripts using the write API. Only the
// token's SHA-256 (Hash) is stored; Prefix, its first characters, is
// shown in lists so that its owner can tell tokens apart and revoke one.
type APIToken struct {
	ID         int64      `gorm:"column:id;primaryKey" json:"-"`
	EditorID   int64      `gorm:"column:editor_id" json:"-"`
	Name       string     `gorm:"column:name" json:"name"`
	Prefix     string     `gorm:"column:prefix" json:"prefix"`
	Hash       string     `gorm:"column:hash" json:"-"`
	CreatedAt  time.Time  `gorm:"column:created_at" json:"created_at"`
	LastUsedAt *time.Time `gorm:"column:last_used_at" json:"last_used_at"`
	RevokedAt  *time.Time `gorm:"column:revoked_at" json:"revoked_at"`
}

// TableName is the api_tokens table.
func (APIToken) TableName() string { return "api_tokens" }

// Revoked reports whether the token was revoked.
func (t APIToken) Revoked() bool { return t.RevokedAt != nil }

// MaxTokenPrefixLength bounds APIToken.Prefix, in bytes.
const MaxTokenPrefixLength = 32

// Validate checks the fields of a token about to be stored: a name its
// owner recognises, a prefix of printable ASCII and a SHA-256 hash.
func (t *APIToken) Validate() error {
	var p Problems
	checkLine(&p, "name", t.Name, 1, 100)
	if t.Prefix == "" || len(t.Prefix) > MaxTokenPrefixLength || strings.IndexFunc(t.Prefix, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0 {
		p.Add("prefix", "expected the first characters of the token (1 to %d printable ASCII characters), got %q", MaxTokenPrefixLength, t.Prefix)
	}
	if !IsSHA256Hex(t.Hash) {
		p.Add("hash", "expected the token's SHA-256 as 64 lower-case hex digits (auth.HashToken)")
	}
	return p.Err("API token")
}

// IsSHA256Hex reports whether s is a SHA-256 digest written as 64
// lower-case hex digits, the form session ids, token hashes and text
// digests are stored in.
func IsSHA256Hex(s string) bool { return sha256Hex.MatchString(s) }
