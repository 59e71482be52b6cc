package models

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestValidateEmail(t *testing.T) {
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".org" // 254 bytes
	tests := []struct {
		in      string
		wantErr string
	}{
		{in: "ana@example.org"},
		{in: "ana.lima+tracker@example.org"},
		{in: "ana@localhost"},
		{in: "josé@exemplo.pt"},
		{in: long},

		{in: "", wantErr: "required: expected an email address"},
		{in: long + "x", wantErr: "at most 254 bytes long, got 255"},
		{in: "Ana@example.org", wantErr: `must be trimmed and in lower case ("ana@example.org")`},
		{in: " ana@example.org", wantErr: "must be trimmed and in lower case"},
		{in: "ana", wantErr: `expected an email address such as ana@example.org, got "ana"`},
		{in: "ana@", wantErr: "expected an email address"},
		{in: "@example.org", wantErr: "expected an email address"},
		{in: "ana <ana@example.org>", wantErr: "expected an email address"},
		{in: "<ana@example.org>", wantErr: "expected an email address"},
		{in: "ana@example.org (ana)", wantErr: "expected an email address"},
		{in: "ana@example.org, bo@example.org", wantErr: "expected an email address"},
		{in: "a\xffa@example.org", wantErr: "valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			err := ValidateEmail(tt.in)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateEmail(%q) = %v, want nil", tt.in, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ValidateEmail(%q) = %v, want an error containing %q", tt.in, err, tt.wantErr)
			}
			if ErrorCode(err) != EInvalid || len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Field != "email" {
				t.Errorf("ValidateEmail(%q) = %#v, want one EInvalid problem with field email", tt.in, err)
			}
		})
	}
}

func TestNormalizeEmail(t *testing.T) {
	if got := NormalizeEmail("  Ana.Lima@Example.ORG\n"); got != "ana.lima@example.org" {
		t.Errorf("NormalizeEmail = %q", got)
	}
}

func TestEditorValidate(t *testing.T) {
	valid := func() Editor {
		return Editor{Email: "ana@example.org", Name: "Ana Lima", Role: RoleEditor, PasswordHash: "$argon2id$..."}
	}
	tests := []struct {
		name   string
		edit   func(*Editor)
		fields []string
	}{
		{name: "valid", edit: func(*Editor) {}},
		{name: "admin without name", edit: func(e *Editor) { e.Role, e.Name = RoleAdmin, "" }},
		{name: "everything wrong", edit: func(e *Editor) {
			e.Email, e.Name, e.Role, e.PasswordHash = "nobody", strings.Repeat("n", 201), "owner", ""
		}, fields: []string{"email", "name", "role", "password_hash"}},
		{name: "upper-case email", edit: func(e *Editor) { e.Email = "ANA@example.org" }, fields: []string{"email"}},
		{name: "name with control character", edit: func(e *Editor) { e.Name = "Ana\x00" }, fields: []string{"name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := valid()
			tt.edit(&e)
			err := e.Validate()
			var got []string
			for _, f := range FieldErrors(err) {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("Validate() = %v; want problems with %v", err, tt.fields)
			}
			if len(tt.fields) == 0 && err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

func TestEditorNormalize(t *testing.T) {
	e := Editor{Email: " Ana@Example.org ", Name: " Ana ", Role: " admin "}
	e.Normalize()
	if e.Email != "ana@example.org" || e.Name != "Ana" || e.Role != RoleAdmin || !e.IsAdmin() {
		t.Errorf("Normalize() = %+v", e)
	}
}

// Secrets never leave the process in JSON, whatever a handler encodes.
func TestCredentialsNotInJSON(t *testing.T) {
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, v := range []any{
		Editor{ID: 7, Email: "ana@example.org", Role: RoleEditor, PasswordHash: "$argon2id$SECRET"},
		Session{ID: "SECRET", EditorID: 7, CreatedAt: now, ExpiresAt: now, LastSeenAt: now},
		APIToken{ID: 3, EditorID: 7, Name: "ci", Prefix: "frt_abcd1234", Hash: "SECRET", CreatedAt: now},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "SECRET") || strings.Contains(string(b), `"id"`) {
			t.Errorf("%T marshals a secret or a row id: %s", v, b)
		}
	}
}

func TestRoles(t *testing.T) {
	for _, r := range Roles {
		if !r.Valid() {
			t.Errorf("%q is not Valid", r)
		}
	}
	if Role("root").Valid() || Role("").Valid() {
		t.Error("unknown roles are Valid")
	}
	if (APIToken{}).Revoked() || !(APIToken{RevokedAt: new(time.Time)}).Revoked() {
		t.Error("APIToken.Revoked does not follow RevokedAt")
	}
}
