//go:build unix

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/corpus/gen"
)

// signalBook is the number of briefs of the book the signal tests build:
// enough for the write stage to take a while.
const signalBook = 1000

// TestSignals sends real signals to a real briefbook process building a
// generated book over a previous build of it, at several moments: while
// the book is parsed (nothing written yet), while pages are written (the staging folder exists), once the new site
// is complete but maybe not swapped in, twice in a row, and SIGKILL, which
// cannot be handled. Whatever the moment, the output must afterwards be
// exactly the previous site or exactly the new one, the user's files in it
// untouched, and after the next build nothing may be left beside it.
func TestSignals(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd: cannot tell when the build is parsing")
	}
	if testing.Short() {
		t.Skip("builds briefbook and a book of 1,000 briefs: skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: cannot build briefbook")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "briefbook")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	book := filepath.Join(tmp, "book")
	if _, err := gen.Generate(gen.Options{N: signalBook, Out: book, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	// The stat cache goes to a folder of the test's, not the user's.
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "cache"))
	s := &signalSetup{t: t, bin: bin, book: book, root: filepath.Join(tmp, "w")}
	s.out = filepath.Join(s.root, "public")
	ref := filepath.Join(tmp, "ref")
	user := map[string]string{"CNAME": "old.example.org", ".git/HEAD": "ref: refs/heads/gh-pages\n"}
	s.run(ref, "https://new.example.org/")
	writeFiles(t, ref, user)
	s.newHash = siteHash(t, ref)
	s.run(s.out, "https://old.example.org/")
	writeFiles(t, s.out, user)
	s.oldHash = siteHash(t, s.out)

	tests := []struct {
		name   string
		sigs   []syscall.Signal
		when   func(p probe) bool // when to send
		status int                // the exit status if the signal stopped the build
	}{
		{"SIGINT while parsing", []syscall.Signal{syscall.SIGINT}, parsing, 130},
		{"SIGINT while writing", []syscall.Signal{syscall.SIGINT}, writing, 130},
		{"SIGTERM while writing", []syscall.Signal{syscall.SIGTERM}, writing, 143},
		{"SIGINT once written", []syscall.Signal{syscall.SIGINT}, written, 130},
		{"SIGINT twice while writing", []syscall.Signal{syscall.SIGINT, syscall.SIGINT}, writing, 130},
		{"SIGKILL while writing", []syscall.Signal{syscall.SIGKILL}, writing, -1},
		{"SIGKILL once written", []syscall.Signal{syscall.SIGKILL}, written, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.t = t
			stopped := s.interrupt(tt.sigs, tt.when, tt.status)
			got := siteHash(t, s.out)
			switch {
			case got == s.oldHash:
			case got == s.newHash && (!stopped || tt.status == -1):
				// Finished, or killed after the swap.
			case got == s.newHash:
				t.Errorf("the build said it stopped, but the new site is in place")
			default:
				t.Errorf("the output is neither the previous site nor the new one")
			}
			if names := entries(t, s.root); len(names) > 1 {
				t.Logf("left beside the output: %q", names)
			}
			// The next build removes whatever is left, and says nothing.
			stderr := s.run(s.out, "https://old.example.org/")
			if stderr != "" {
				t.Errorf("the next build printed %q", stderr)
			}
			if got := siteHash(t, s.out); got != s.oldHash {
				t.Errorf("the next build did not rebuild the previous site with the user's files")
			}
			if names := entries(t, s.root); strings.Join(names, " ") != "public" {
				t.Errorf("after the next build, beside the output: %q", names)
			}
		})
	}
}

// signalSetup is what the signal tests share.
type signalSetup struct {
	t                *testing.T
	bin, book, root  string
	out              string // the output folder, in root
	oldHash, newHash string // siteHash of the previous and the new site
}

// run builds the book into out with the base URL, failing the test unless
// it succeeds, and returns what it printed on stderr.
func (s *signalSetup) run(out, baseURL string) string {
	s.t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(s.bin, "build", "--source", s.book, "--output", out, "--base-url", baseURL)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("briefbook build: %v\n%s", err, stderr.Bytes())
	}
	return stderr.String()
}

// interrupt starts a build of the new site, sends sigs one after the other
// once when says so, and waits for the process. It checks the exit status:
// 0 if the build finished first, status if it was stopped (-1: killed by
// the signal). It reports whether the build was stopped.
func (s *signalSetup) interrupt(sigs []syscall.Signal, when func(probe) bool, status int) bool {
	t := s.t
	var stderr bytes.Buffer
	cmd := exec.Command(s.bin, "build", "--source", s.book, "--output", s.out, "--base-url", "https://new.example.org/")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	sent := false
poll:
	for {
		select {
		case err = <-done:
			break poll
		default:
		}
		if !sent && when(probe{pid: cmd.Process.Pid, stage: stagingFolder(s.root)}) {
			for _, sig := range sigs {
				cmd.Process.Signal(sig)
			}
			sent = true
		}
		time.Sleep(200 * time.Microsecond)
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		t.Logf("the build finished before the signal took effect")
		return false
	case !errors.As(err, &exit):
		t.Fatalf("briefbook build: %v", err)
	case status == -1:
		if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Errorf("exit: %v, want killed by SIGKILL", err)
		}
	case exit.ExitCode() == status:
		want := map[os.Signal]string{os.Interrupt: "interrupt", syscall.SIGTERM: "SIGTERM"}[sigs[0]]
		if len(sigs) == 1 && !strings.HasPrefix(stderr.String(), "briefbook: stopped by "+want+";") {
			t.Errorf("stderr = %q, want it to say the build was stopped by %s", stderr.String(), want)
		}
	default:
		t.Errorf("exit: %v (status %d), want status %d\n%s", err, exit.ExitCode(), status, stderr.Bytes())
	}
	return true
}

// A probe is what the tests look at to choose when to send a signal.
type probe struct {
	pid   int    // the build's process
	stage string // its staging folder, "" if none yet
}

// parsing reports whether the build is parsing the book: whether it has
// opened the temporary file it keeps briefs' bodies in (whose name it
// removes at once), as /proc shows. Then it handles signals, and has not
// made a staging folder yet.
func parsing(p probe) bool {
	fds, _ := filepath.Glob(fmt.Sprintf("/proc/%d/fd/*", p.pid))
	for _, fd := range fds {
		if target, _ := os.Readlink(fd); strings.Contains(target, "briefbook-bodies-") {
			return p.stage == ""
		}
	}
	return false
}

// stagingFolder returns the path of the staging folder in root, or "".
func stagingFolder(root string) string {
	names, _ := filepath.Glob(filepath.Join(root, ".public.briefbook-tmp-*"))
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// writing reports whether the staging folder is being filled: it holds
// pages, and its marker still says it is a staging folder.
func writing(p probe) bool {
	stage := p.stage
	if stage == "" {
		return false
	}
	m, err := os.ReadFile(filepath.Join(stage, ".briefbook-output"))
	if err != nil || !strings.HasPrefix(string(m), "briefbook-staging") {
		return false
	}
	_, err = os.Stat(filepath.Join(stage, "404.html"))
	return err == nil
}

// written reports whether the staging folder holds the manifest of the
// complete new site, written just before the user's files are carried
// over and the folder is swapped in.
func written(p probe) bool {
	stage := p.stage
	if stage == "" {
		return false
	}
	m, err := os.ReadFile(filepath.Join(stage, ".briefbook-output"))
	return err == nil && strings.HasPrefix(string(m), "briefbook-output ")
}

// siteHash returns a digest of every entry under dir, with its type,
// permissions and content, leaving out the marker (which records times).
func siteHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == ".briefbook-output" {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h.Write([]byte(rel + "\x00" + info.Mode().String() + "\x00"))
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeFiles writes files, by slash-separated path, under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// entries returns the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
