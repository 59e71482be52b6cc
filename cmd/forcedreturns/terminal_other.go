//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package main

import (
	"errors"
	"os"
)

// isTerminal reports whether f is an interactive device. Echo cannot be
// turned off here, so noEcho fails and the password must be piped in.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func noEcho(*os.File) (func(), error) {
	return nil, errors.New("not supported on this system")
}
