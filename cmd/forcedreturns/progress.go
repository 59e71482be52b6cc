package main

import (
	"fmt"
	"io"
	"sync"
)

// progressLine is a command's stderr with a progress line on it: Update
// rewrites the line in place ("\r…") and Append adds to it, and whatever
// else is written (a log line of the store, a warning) first ends the
// line, so that the two never run together on one line. Safe for
// concurrent use: the store logs from its own goroutines.
type progressLine struct {
	mu   sync.Mutex
	w    io.Writer
	open bool // a progress line was written and not ended
}

// Update writes the progress line afresh: "\r" and the formatted text.
func (p *progressLine) Update(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r"+format, args...)
	p.open = true
}

// Append adds text to the progress line, if there is one (else it starts
// one).
func (p *progressLine) Append(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	io.WriteString(p.w, text)
	p.open = true
}

// End ends the progress line with a new line, if there is one.
func (p *progressLine) End() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.end()
}

func (p *progressLine) end() {
	if p.open {
		io.WriteString(p.w, "\n")
		p.open = false
	}
}

// Write writes b on a line of its own: the progress line, if there is
// one, is ended first.
func (p *progressLine) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.end()
	return p.w.Write(b)
}
