package auth

import (
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"forcedreturns/internal/auth/authtest"
	"forcedreturns/internal/auth/internal/hashcost"
	"forcedreturns/models"
)

// cheapParams make a hash take microseconds: tests check behaviour, not
// cost (BenchmarkHashPassword measures that).
var cheapParams = argonParams{memory: 64, time: 1, threads: 1, saltLen: 16, keyLen: 32}

func TestMain(m *testing.M) {
	params = cheapParams
	os.Exit(m.Run())
}

// withParams runs the rest of the test with p as the hashing parameters.
func withParams(t *testing.T, p argonParams) {
	old := params
	params = p
	t.Cleanup(func() { params = old })
}

// checkCounts counts password checks made while the test runs.
type checkCounts struct{ real, dummy atomic.Int64 }

func countChecks(t *testing.T) *checkCounts {
	c := &checkCounts{}
	checkHook = func(dummy bool) {
		if dummy {
			c.dummy.Add(1)
		} else {
			c.real.Add(1)
		}
	}
	t.Cleanup(func() { checkHook = nil })
	return c
}

func (c *checkCounts) take() (real, dummy int64) { return c.real.Swap(0), c.dummy.Swap(0) }

const goodPassword = "correct horse battery staple"

func TestHashPassword(t *testing.T) {
	h, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(h) {
		t.Errorf("HashPassword = %q, not a PHC argon2id string with a 16-byte salt and 32-byte hash", h)
	}
	if !CheckPassword(h, goodPassword) {
		t.Error("CheckPassword refuses the password the hash was made from")
	}
	for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple", goodPassword + " "} {
		if CheckPassword(h, wrong) {
			t.Errorf("CheckPassword accepts %q", wrong)
		}
	}
	h2, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if NeedsRehash(h) {
		t.Error("NeedsRehash is true for a hash made with the current parameters")
	}
	withParams(t, argonParams{memory: 128, time: 1, threads: 1, saltLen: 16, keyLen: 32})
	if !NeedsRehash(h) {
		t.Error("NeedsRehash is false after the parameters changed")
	}
	if !CheckPassword(h, goodPassword) {
		t.Error("a hash made with older parameters no longer checks")
	}
	if _, err := HashPassword("short"); models.ErrorCode(err) != models.EInvalid {
		t.Errorf("HashPassword of a short password: %v, want EInvalid", err)
	}
}

// The default parameters are the documented ones, and the encoding is
// the reference implementation's: a hash from it checks here.
func TestDefaultParamsAndReferenceVector(t *testing.T) {
	withParams(t, defaultParams)
	h, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=32768,t=2,p=1$") || !CheckPassword(h, goodPassword) {
		t.Errorf("default hash %q", h)
	}
	// From the test vectors of the reference implementation
	// (phc-winner-argon2, src/test.c): argon2id, v=19, t=2, m=2^16, p=1.
	const ref = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	if !CheckPassword(ref, "password") {
		t.Error("the reference implementation's hash of \"password\" does not check")
	}
	if CheckPassword(ref, "Password") {
		t.Error("the reference hash checks with a wrong password")
	}
	if !NeedsRehash(ref) {
		t.Error("NeedsRehash is false for a hash with other parameters")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	good, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=…, salt, key
	join := func(repl map[int]string) string {
		p := append([]string(nil), parts...)
		for i, s := range repl {
			p[i] = s
		}
		return strings.Join(p, "$")
	}
	c := countChecks(t)
	for name, h := range map[string]string{
		"empty":             "",
		"plain text":        goodPassword,
		"argon2i":           join(map[int]string{1: "argon2i"}),
		"version 16":        join(map[int]string{2: "v=16"}),
		"no version":        "$argon2id$m=64,t=1,p=1$" + parts[4] + "$" + parts[5],
		"params reordered":  join(map[int]string{3: "t=1,m=64,p=1"}),
		"params padded":     join(map[int]string{3: "m=064,t=1,p=1"}),
		"zero time":         join(map[int]string{3: "m=64,t=0,p=1"}),
		"memory too small":  join(map[int]string{3: "m=4,t=1,p=1"}),
		"memory 4 TiB":      join(map[int]string{3: "m=4294967295,t=1,p=1"}),
		"time too high":     join(map[int]string{3: "m=64,t=1000000,p=1"}),
		"zero threads":      join(map[int]string{3: "m=64,t=1,p=0"}),
		"salt not base64":   join(map[int]string{4: "!!!!"}),
		"salt too short":    join(map[int]string{4: "c2FsdA"}),
		"salt padded":       join(map[int]string{4: parts[4] + "=="}),
		"key too short":     join(map[int]string{5: "aGFzaA"}),
		"key not base64":    join(map[int]string{5: "***"}),
		"trailing part":     good + "$x",
		"missing key":       strings.Join(parts[:5], "$"),
		"key one bit wrong": join(map[int]string{5: flipFirst(parts[5])}),
	} {
		if CheckPassword(h, goodPassword) {
			t.Errorf("%s: CheckPassword(%q) = true", name, h)
		}
		// A malformed hash still costs a check.
		if real, dummy := c.take(); real != 1 || dummy != 0 {
			t.Errorf("%s: %d real and %d dummy checks, want 1 real", name, real, dummy)
		}
	}
}

func flipFirst(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw   string
		want string
	}{
		{pw: "twelve bytes"},
		{pw: "ünïcödé pässwörd"},
		{pw: "           x"},
		{pw: strings.Repeat("x", MaxPasswordLength)},
		{pw: "", want: "must be at least 12 bytes long"},
		{pw: "eleven byte", want: "must be at least 12 bytes long (12 letters, digits or spaces of plain ASCII; a phrase of several words is easiest to remember), got 11"},
		{pw: strings.Repeat("x", MaxPasswordLength+1), want: "must be at most 1024 bytes long, got 1025"},
		{pw: strings.Repeat(" ", 12), want: "must not be only white space"},
		{pw: "\t\n \u00a0\u2003         ", want: "must not be only white space"},
		{pw: "valid prefix\xff", want: "must be valid UTF-8 text"},
	}
	for _, tt := range tests {
		err := ValidatePassword(tt.pw)
		if tt.want == "" {
			if err != nil {
				t.Errorf("ValidatePassword(%q) = %v", tt.pw, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ValidatePassword(%q) = %v, want an error containing %q", tt.pw, err, tt.want)
			continue
		}
		if fe := models.FieldErrors(err); models.ErrorCode(err) != models.EInvalid || len(fe) == 0 || fe[0].Field != "password" {
			t.Errorf("ValidatePassword(%q) = %#v, want EInvalid on the field password", tt.pw, err)
		}
	}
}

func TestDummyCheckCountsAsDummy(t *testing.T) {
	c := countChecks(t)
	DummyCheck(goodPassword)
	if real, dummy := c.take(); real != 0 || dummy != 1 {
		t.Errorf("DummyCheck: %d real, %d dummy checks", real, dummy)
	}
}

// BenchmarkHashPassword measures the default parameters, which should
// cost 50–100 ms on a server core.
func BenchmarkHashPassword(b *testing.B) {
	params = defaultParams
	defer func() { params = cheapParams }()
	h, _ := HashPassword(goodPassword)
	b.Run("hash", func(b *testing.B) {
		for b.Loop() {
			HashPassword(goodPassword)
		}
	})
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			CheckPassword(h, goodPassword)
		}
	})
	b.Run("dummy", func(b *testing.B) {
		for b.Loop() {
			DummyCheck(goodPassword)
		}
	})
}

// authtest.CheapHashing switches new hashes, DummyCheck and NeedsRehash
// to the test parameters together, and only those: the parameters in
// force are params again once the switch is off. (params stand here for
// the production ones, which TestDefaultParamsAndReferenceVector holds;
// hashing with those under the race detector costs seconds.)
func TestCheapHashingSwitch(t *testing.T) {
	withParams(t, argonParams{memory: 512, time: 2, threads: 1, saltLen: 16, keyLen: 32})
	prod, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	authtest.CheapHashing()
	t.Cleanup(func() { hashcost.Cheap.Store(false) })
	cheap, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case !strings.HasPrefix(cheap, "$argon2id$v=19$m=256,t=1,p=1$"):
		t.Errorf("hash with cheap hashing on: %s", cheap)
	case !CheckPassword(cheap, goodPassword) || !CheckPassword(prod, goodPassword):
		t.Error("a hash does not check with cheap hashing on")
	case NeedsRehash(cheap) || !NeedsRehash(prod):
		t.Errorf("NeedsRehash with cheap hashing on: cheap %v, params %v", NeedsRehash(cheap), NeedsRehash(prod))
	case current() != testParams:
		t.Errorf("DummyCheck hashes with %+v with cheap hashing on", current())
	}
	hashcost.Cheap.Store(false)
	again, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(again, "$argon2id$v=19$m=512,t=2,p=1$") || !NeedsRehash(cheap) || NeedsRehash(prod) {
		t.Errorf("with cheap hashing off again: hash %s, NeedsRehash(cheap) %v, NeedsRehash(params) %v", again, NeedsRehash(cheap), NeedsRehash(prod))
	}
}
