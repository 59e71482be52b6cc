package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"forcedreturns/internal/auth/internal/hashcost"
	"forcedreturns/models"
)

// Password length limits, in bytes. The upper one only stops a form from
// feeding megabytes into the hash.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 1024
)

// argonParams are argon2id's cost parameters and output sizes.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32 // passes
	threads uint8
	saltLen int
	keyLen  uint32
}

// defaultParams cost about 70 ms and 32 MiB per hash on the 2-core
// machine they were chosen on (BenchmarkHashPassword): above the OWASP
// minimum for argon2id (19 MiB, 2 passes), slow enough to make guessing
// from a stolen database expensive, fast enough for a sign-in form.
var defaultParams = argonParams{memory: 32 * 1024, time: 2, threads: 1, saltLen: 16, keyLen: 32}

// params are the parameters new hashes and DummyCheck use; tests lower
// them so that they do not spend seconds hashing.
var params = defaultParams

// testParams replace params in the tests of other packages once they
// called authtest.CheapHashing (hashcost.Cheap): microseconds per hash.
// They differ from any weaker parameters those tests plant on purpose
// (m=64,t=1) so that a planted hash still needs a rehash.
var testParams = argonParams{memory: 256, time: 1, threads: 1, saltLen: 16, keyLen: 32}

// current returns the parameters in force: params, or testParams in a
// test binary that asked for cheap hashing.
func current() argonParams {
	if hashcost.Cheap.Load() {
		return testParams
	}
	return params
}

// Bounds on the parameters of a stored hash: a hash is data, and a
// corrupted or planted one must not make a sign-in allocate gigabytes.
const (
	maxMemory  = 1 << 20 // 1 GiB in KiB
	maxTime    = 64
	maxThreads = 64
	minKeyLen  = 16
	maxKeyLen  = 128
	minSaltLen = 8
)

// hashSlots bounds how many hashes run at once: each holds params.memory
// for its whole duration, so a burst of sign-ins must queue rather than
// exhaust the server's memory.
var hashSlots = make(chan struct{}, min(4, max(1, runtime.GOMAXPROCS(0))))

// checkHook, when a test sets it, is called once per password check with
// whether it was DummyCheck: it lets tests assert that every path of
// Authenticate does the same work, without measuring wall time.
var checkHook func(dummy bool)

var b64 = base64.RawStdEncoding // PHC strings use unpadded standard base64

// ValidatePassword returns nil for an acceptable password: 12 to 1024
// bytes of valid UTF-8, not only white space. Otherwise it returns an
// EInvalid *models.Error for the field "password" saying what is
// expected.
func ValidatePassword(pw string) error {
	var p models.Problems
	switch {
	case len(pw) < MinPasswordLength:
		p.Add("password", "must be at least %d bytes long (%d letters, digits or spaces of plain ASCII; a phrase of several words is easiest to remember), got %d",
			MinPasswordLength, MinPasswordLength, len(pw))
	case len(pw) > MaxPasswordLength:
		p.Add("password", "must be at most %d bytes long, got %d", MaxPasswordLength, len(pw))
	}
	if !utf8.ValidString(pw) {
		p.Add("password", "must be valid UTF-8 text")
	} else if pw != "" && strings.TrimSpace(pw) == "" {
		p.Add("password", "must not be only white space")
	}
	return p.Err("password")
}

// HashPassword returns the argon2id hash of pw, PHC-encoded as
// $argon2id$v=19$m=32768,t=2,p=1$<salt>$<hash> with a random 16-byte
// salt. A password ValidatePassword refuses is refused with its error.
func HashPassword(pw string) (string, error) {
	if err := ValidatePassword(pw); err != nil {
		return "", err
	}
	p := current()
	salt := make([]byte, p.saltLen)
	rand.Read(salt) // never fails (crypto/rand, Go 1.24+)
	key := derive(pw, salt, p)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw is the password hash was made from,
// comparing in constant time. A hash that is not a well-formed argon2id
// PHC string within sane cost bounds never matches.
func CheckPassword(hash, pw string) bool {
	if checkHook != nil {
		checkHook(false)
	}
	p, salt, want, err := decodeHash(hash)
	if err != nil {
		// Still do a check's work: a malformed stored hash must not
		// answer faster than a real one.
		dummyCheck(pw)
		return false
	}
	return subtle.ConstantTimeCompare(derive(pw, salt, p), want) == 1
}

// DummyCheck does the work of CheckPassword against no account and
// throws the result away. Authenticate calls it when the address matches
// no editor, so that the answer takes as long as for a wrong password.
func DummyCheck(pw string) {
	if checkHook != nil {
		checkHook(true)
	}
	dummyCheck(pw)
}

// dummySalt is fixed: the result is discarded, only the cost matters.
var dummySalt = []byte("forcedreturns-dummy-salt")[:16]

func dummyCheck(pw string) {
	p := current()
	key := derive(pw, dummySalt, p)
	subtle.ConstantTimeCompare(key, make([]byte, len(key)))
}

// NeedsRehash reports whether hash was made with other parameters than
// HashPassword uses now (or is not one of its hashes): after a successful
// sign-in, Authenticate stores HashPassword(pw) in its place.
func NeedsRehash(hash string) bool {
	p, salt, key, err := decodeHash(hash)
	want := current()
	return err != nil || p.memory != want.memory || p.time != want.time || p.threads != want.threads ||
		len(salt) != want.saltLen || uint32(len(key)) != want.keyLen
}

func derive(pw string, salt []byte, p argonParams) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, p.keyLen)
}

var errBadHash = errors.New("auth: not an argon2id PHC string")

// decodeHash parses $argon2id$v=19$m=M,t=T,p=P$salt$key.
func decodeHash(hash string) (p argonParams, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, errBadHash
	}
	var m, t, th uint64
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &th); err != nil || n != 3 ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", m, t, th) {
		return p, nil, nil, errBadHash
	}
	if t < 1 || t > maxTime || th < 1 || th > maxThreads || m < 8*th || m > maxMemory {
		return p, nil, nil, errBadHash
	}
	if salt, err = decodeB64(parts[4]); err != nil || len(salt) < minSaltLen {
		return p, nil, nil, errBadHash
	}
	if key, err = decodeB64(parts[5]); err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return p, nil, nil, errBadHash
	}
	return argonParams{memory: uint32(m), time: uint32(t), threads: uint8(th), saltLen: len(salt), keyLen: uint32(len(key))}, salt, key, nil
}

// decodeB64 decodes one canonical spelling only: encoding/base64 skips CR
// and LF even in strict mode, so a stored hash with a line break inside
// would otherwise decode to the same bytes as the real one.
func decodeB64(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, errBadHash
	}
	return b64.Strict().DecodeString(s)
}
