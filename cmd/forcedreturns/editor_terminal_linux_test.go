package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"forcedreturns/internal/auth"
)

// openPTY returns a pseudo-terminal pair: what is written to master is
// typed at slave, and what the terminal echoes comes out of master.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("cannot unlock a pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("cannot name a pseudo-terminal: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("cannot open a pseudo-terminal: %v", err)
	}
	return m, s
}

// prompts is a stderr that tells the test each time a prompt is shown.
type prompts struct {
	mu    sync.Mutex
	b     bytes.Buffer
	shown chan string
}

func (p *prompts) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.b.Write(b)
	if s := string(b); strings.HasSuffix(s, ": ") {
		p.shown <- s
	}
	return len(b), nil
}

func (p *prompts) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.b.String()
}

// typeAtTerminal runs `editor add` with a terminal as standard input,
// typing each answer once its prompt shows. It returns the exit code,
// stderr and everything the terminal echoed.
func typeAtTerminal(t *testing.T, c *cli, answers ...string) (code int, stderr, echoed string) {
	t.Helper()
	master, slave := openPTY(t)
	defer master.Close()
	echo := make(chan string)
	go func() {
		var out bytes.Buffer
		buf := make([]byte, 256)
		for {
			n, err := master.Read(buf)
			out.Write(buf[:n])
			if err != nil { // EIO once the terminal side is closed
				echo <- out.String()
				return
			}
		}
	}()
	p := &prompts{shown: make(chan string, 4)}
	done := make(chan int)
	var stdout bytes.Buffer
	go func() {
		done <- run(ctx, []string{"editor", "add", "ana@example.org", "--role", "editor"}, c.getenv, slave, &stdout, p)
	}()
	for _, a := range answers {
		select {
		case <-p.shown:
			if _, err := master.WriteString(a + "\n"); err != nil {
				t.Fatal(err)
			}
		case code = <-done:
			t.Fatalf("the command ended before asking: exit %d\n%s", code, p)
		case <-time.After(30 * time.Second):
			t.Fatalf("no prompt shown; stderr so far: %q", p)
		}
	}
	code = <-done
	st, err := unix.IoctlGetTermios(int(slave.Fd()), ioctlGetTermios)
	if err != nil || st.Lflag&unix.ECHO == 0 {
		t.Errorf("the terminal's echo was not restored (%v)", err)
	}
	slave.Close()
	return code, p.String(), <-echo
}

// In a terminal the password is asked twice and never echoed.
func TestEditorAddPromptsWithoutEcho(t *testing.T) {
	c := newCLI(t)
	code, stderr, echoed := typeAtTerminal(t, c, anaPassword, anaPassword)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	contains(t, "stderr", stderr, "Password for ana@example.org: ", "Repeat the password: ")
	if strings.Contains(echoed, "horse") {
		t.Errorf("the terminal echoed the password: %q", echoed)
	}
	e, err := c.store().GetEditorByEmail(ctx, "ana@example.org")
	if err != nil || !auth.CheckPassword(e.PasswordHash, anaPassword) {
		t.Errorf("stored %+v, %v", e, err)
	}
}

func TestEditorAddPromptsMismatch(t *testing.T) {
	c := newCLI(t)
	code, stderr, _ := typeAtTerminal(t, c, anaPassword, newPassword)
	if code != exitFailure || !strings.Contains(stderr, "the two passwords differ: nothing was changed") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := c.store().GetEditorByEmail(ctx, "ana@example.org"); err == nil {
		t.Error("an editor was added with mismatched passwords")
	}
}
