//go:build unix

package main

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/corpus/gen"
)

// TestServeSignals sends real signals to a real "briefbook serve" process
// on a book of 1,000 briefs. While it opens the book (it listens already,
// and has not said it serves), one SIGINT stops it with status 0 and
// "stopped", saying nothing of the opening it cut short; so does one once
// it serves. A second SIGINT while it shuts down (held up by a client
// that has sent half a request) exits at once with 130 and says so, with
// nothing about cleaning up, since serve writes nothing.
func TestServeSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds briefbook and a book of 1,000 briefs: skipped with -short")
	}
	// This test binary is briefbook when called by that name (TestMain).
	self, err := os.Executable()
	if err != nil {
		t.Skip("cannot find the test binary to run it as briefbook: ", err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "briefbook")
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(tmp, "book")
	if _, err := gen.Generate(gen.Options{N: signalBook, Out: book, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		sigs    int
		serving bool // wait until it serves before sending
		status  int
		stdout  string // its last line ("stopped" only when it stopped in order)
		stderr  string
	}{
		{"one while opening", 1, false, 0, "stopped", ""},
		{"one while serving", 1, true, 0, "stopped", ""},
		{"two while serving", 2, true, 130, "Watching briefbook.yaml, content/, templates/ and static/ for changes", "briefbook: stopped by a second interrupt\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			port := freeTCPPort(t)
			var stdout, stderr lockedBuffer
			cmd := exec.Command(bin, "serve", "--source", book, "--port", strconv.Itoa(port))
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			// It listens once its signal handler is set, before opening
			// the book; it serves once it prints its address.
			deadline := time.Now().Add(60 * time.Second)
			for {
				conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
				if err == nil {
					conn.Close()
					if !c.serving || strings.Contains(stdout.String(), "Serving the book at") {
						break
					}
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("serve never listened:\n%s%s", stdout.String(), stderr.String())
				}
				time.Sleep(time.Millisecond)
			}
			opening := !strings.Contains(stdout.String(), "Serving")
			if c.sigs == 2 {
				// Half a request: the server's shutdown waits for it.
				conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				conn.Write([]byte("GET /book/ HTTP/1.1\r\n"))
				time.Sleep(50 * time.Millisecond) // read by the server
			}
			for i := range c.sigs {
				if i > 0 {
					// Two signals sent at once are one for the kernel.
					time.Sleep(50 * time.Millisecond)
				}
				cmd.Process.Signal(syscall.SIGINT)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatal("serve did not stop")
			}
			status := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				status = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if !c.serving && !opening {
				t.Logf("the book was open before the signal")
			}
			if c.sigs == 2 && status == 0 {
				// Allowed: on a loaded machine the second signal may come
				// after the shutdown's bound. Then it stopped as for one.
				t.Logf("serve stopped before the second signal")
				c.status, c.stdout, c.stderr = 0, "stopped", ""
			}
			lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
			if status != c.status || lines[len(lines)-1] != c.stdout || stderr.String() != c.stderr {
				t.Errorf("status %d, stdout %q, stderr %q; want %d, last line %q, stderr %q",
					status, stdout.String(), stderr.String(), c.status, c.stdout, c.stderr)
			}
			if !c.serving && opening && strings.Contains(stdout.String(), "Serving") {
				t.Errorf("stopped while opening, it still said it serves:\n%s", stdout.String())
			}
		})
	}
}

// lockedBuffer is a bytes.Buffer safe to read while a process writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// freeTCPPort returns a TCP port free on 127.0.0.1 a moment ago.
func freeTCPPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
