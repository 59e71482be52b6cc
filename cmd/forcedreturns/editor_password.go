package main

// Asking for a new password: in a terminal without echo, else from the
// first line of standard input. The rules for the password itself are
// package auth's, applied by package accounts.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// readNewPassword reads a password: in a terminal, asked twice without
// echo; otherwise the first line of standard input (a password manager's
// output, a file), without its line ending.
func (a *app) readNewPassword(ctx context.Context, email string) (string, error) {
	if f, ok := a.stdin.(*os.File); ok && isTerminal(f) {
		pw, err := a.promptNoEcho(ctx, f, "Password for "+email+": ")
		if err != nil {
			return "", err
		}
		again, err := a.promptNoEcho(ctx, f, "Repeat the password: ")
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", errors.New("the two passwords differ: nothing was changed")
		}
		return pw, nil
	}
	pw, err := readLineFrom(a.stdin)
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", usagef("no password on standard input: pipe it in as the first line (e.g. from a password manager), or run the command in a terminal to be asked")
	}
	return pw, nil
}

// promptNoEcho asks on stderr and reads a line from the terminal f with
// echo off. An interrupt (ctx cancelled) returns at once, with the
// terminal's echo restored.
func (a *app) promptNoEcho(ctx context.Context, f *os.File, prompt string) (string, error) {
	// Echo goes off before the prompt shows, so that nothing typed
	// after it can be echoed.
	restore, err := noEcho(f)
	if err != nil {
		return "", fmt.Errorf("cannot turn off echo to read the password (%v): pipe it in on standard input instead", err)
	}
	defer restore()
	fmt.Fprint(a.stderr, prompt)
	type line struct {
		s   string
		err error
	}
	ch := make(chan line, 1)
	go func() {
		s, err := readLineFrom(f)
		ch <- line{s, err}
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(a.stderr)
		return "", ctx.Err()
	case l := <-ch:
		fmt.Fprintln(a.stderr) // the user's Enter was not echoed
		return l.s, l.err
	}
}

// maxLine bounds the line readLineFrom reads: far above any password
// auth accepts, so that a file piped in by mistake is not read whole.
const maxLine = 64 << 10

// readLineFrom reads up to a new line or the end of r, one byte at a time
// so that nothing after the line is consumed, and drops the line ending
// ("\n" or "\r\n"). Other white space is part of the password.
func readLineFrom(r io.Reader) (string, error) {
	var b []byte
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if buf[0] == '\n' {
				break
			}
			b = append(b, buf[0])
			if len(b) > maxLine {
				return "", fmt.Errorf("the first line of standard input is longer than %d bytes: that is not a password", maxLine)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return strings.TrimSuffix(string(b), "\r"), nil
}
