package config

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The flag values below read their default from an environment variable
// and keep the variable's error for Check, because flag.FlagSet has no
// place for an error found while registering.

// envValue is the part every strict value shares: the variable behind it
// and what was wrong with it.
type envValue struct {
	name     string // the environment variable, "" when there is none
	expected string
	got      string
	bad      bool
}

func (v *envValue) envErr() error {
	if !v.bad {
		return nil
	}
	return &VarError{Name: v.name, Expected: v.expected, Got: v.got}
}

// load reads the variable through parse, recording a malformed value.
func (v *envValue) load(env Env, parse func(string) error) {
	if v.name == "" {
		return
	}
	s := env(v.name)
	if s == "" {
		return // unset: the default holds
	}
	if err := parse(s); err != nil {
		v.got, v.bad = s, true
	}
}

// intValue is a whole number within [min, max].
type intValue struct {
	envValue
	p        *int
	min, max int
}

// Int returns a flag value for a whole number from min to max written in
// plain digits (no sign, no leading zero, no separators), set to def.
func Int(p *int, def, min, max int) flag.Value {
	return newIntValue(p, def, min, max, nil, "")
}

func newIntValue(p *int, def, min, max int, env Env, name string) *intValue {
	*p = def
	v := &intValue{envValue: envValue{name: name, expected: fmt.Sprintf("a whole number from %d to %d", min, max)}, p: p, min: min, max: max}
	v.load(env, v.Set)
	return v
}

func (v *intValue) String() string {
	if v == nil || v.p == nil {
		return ""
	}
	return strconv.Itoa(*v.p)
}

func (v *intValue) Set(s string) error {
	n, err := ParseInt(s, v.min, v.max)
	if err != nil {
		return err
	}
	*v.p = n
	return nil
}

// ParseInt reads a whole number from min to max written in plain digits:
// "010", "+5", "1e3", "0x10" and " 5" are refused, where strconv and the
// flag package would read them (010 as eight).
func ParseInt(s string, min, max int) (int, error) {
	ok := s != "" && len(s) <= 19 && (s == "0" || s[0] != '0')
	for i := 0; ok && i < len(s); i++ {
		ok = s[i] >= '0' && s[i] <= '9'
	}
	var n int
	if ok {
		var err error
		n, err = strconv.Atoi(s)
		ok = err == nil && n >= min && n <= max
	}
	if !ok {
		return 0, fmt.Errorf("expected a whole number from %d to %d", min, max)
	}
	return n, nil
}

// durationValue is a positive duration with a unit.
type durationValue struct {
	envValue
	p *time.Duration
}

func newDurationValue(p *time.Duration, def time.Duration, env Env, name string) *durationValue {
	*p = def
	v := &durationValue{envValue: envValue{name: name, expected: "a duration such as 30s or 2m"}, p: p}
	v.load(env, v.Set)
	return v
}

func (v *durationValue) String() string {
	if v == nil || v.p == nil {
		return ""
	}
	return v.p.String()
}

func (v *durationValue) Set(s string) error {
	d, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*v.p = d
	return nil
}

// ParseDuration reads a positive duration with its unit ("30s", "2m",
// "1m30s"). A bare number is refused: "30" could mean seconds or
// milliseconds, and PostgreSQL would read it as milliseconds.
func ParseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("expected a duration such as 30s or 2m")
	}
	return d, nil
}

// boolValue is a yes-or-no setting; its variable may say the opposite
// (FORCEDRETURNS_NO_SEED for --seed).
type boolValue struct {
	envValue
	p *bool
}

func newBoolValue(p *bool, def bool, env Env, negatedBy string) *boolValue {
	*p = def
	v := &boolValue{envValue: envValue{name: negatedBy, expected: "1, true, yes or on, or 0, false, no or off"}, p: p}
	v.load(env, func(s string) error {
		b, err := ParseBool(s)
		if err == nil {
			*p = !b
		}
		return err
	})
	return v
}

func (v *boolValue) String() string {
	if v == nil || v.p == nil {
		return ""
	}
	return strconv.FormatBool(*v.p)
}

func (v *boolValue) Set(s string) error {
	b, err := ParseBool(s)
	if err != nil {
		return err
	}
	*v.p = b
	return nil
}

// IsBoolFlag lets the flag be given without a value (--seed).
func (v *boolValue) IsBoolFlag() bool { return true }

// ParseBool reads the usual ways of saying yes or no, in any case.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("expected 1, true, yes or on, or 0, false, no or off")
}
