//go:build linux

package build

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the user and group id the build runs as when the tests run as
// root, who can read a file whatever its permission bits.
const nobody = 65534

// TestRunUnreadable makes one file of the site unreadable (chmod 000) and
// builds it (issue 7): the build must fail with an error naming the file
// and the real cause, permission denied, and leave the previous output as
// it was; an unreadable override must not give way to the built-in file.
// As root, permission bits do not stop reads, so the build then runs in a
// copy of the test binary as user 65534 (nobody), see runAsNobody.
// overrides are site files that override or add to the built-in theme.
var overrides = map[string]string{
	"static/css/style.css": "body { color: red }",
	"static/css/extra.css": "p { color: blue }",
	"static/css/more.css":  "a { color: green }",
	"templates/404.html":   `{{ template "layout" . }}{{ define "main" }}<p>Gone</p>{{ end }}`,
}

func TestRunUnreadable(t *testing.T) {
	tests := []struct {
		file string
		want string // in stderr or the error
	}{
		{"static/css/extra.css", "static/css/extra.css: cannot read file: permission denied"},
		{"static/css/style.css", "static/css/style.css: cannot read file: permission denied"},
		{"templates/404.html", "templates/404.html: cannot read file: permission denied"},
		{"content/briefs/beta.md", "content/briefs/beta.md: error: cannot read file: permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := sharedTempDir(t)
			src := filepath.Join(dir, "site")
			out := filepath.Join(dir, "out", "public")
			writeFiles(t, src, with(fixture, overrides))
			if msg, ok := buildAs(t, src, out); !ok {
				t.Fatalf("the readable site does not build:\n%s", msg)
			}
			before := treeHash(t, filepath.Dir(out))
			if err := os.Chmod(filepath.Join(src, filepath.FromSlash(tt.file)), 0); err != nil {
				t.Fatal(err)
			}
			msg, ok := buildAs(t, src, out)
			if ok || !strings.Contains(msg, tt.want) {
				t.Errorf("build succeeded = %v, output:\n%s\nwant a failure with %q", ok, msg, tt.want)
			}
			if strings.Contains(msg, "does not exist") {
				t.Errorf("an unreadable file reported as missing:\n%s", msg)
			}
			if treeHash(t, filepath.Dir(out)) != before {
				t.Errorf("the output changed")
			}
		})
	}
}

// sharedTempDir returns a new temporary folder that user nobody may read
// and write, removed at the end of the test.
func sharedTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "briefbook-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeFiles creates files under root, world-readable.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// buildAs builds src into out, in this process, or as user nobody when
// the tests run as root, and returns what the build printed followed by
// its error, and whether it succeeded.
func buildAs(t *testing.T, src, out string) (string, bool) {
	t.Helper()
	if os.Geteuid() != 0 {
		var stderr bytes.Buffer
		_, err := Run(Options{Source: src, Output: out, Stderr: &stderr})
		if err != nil {
			fmt.Fprintln(&stderr, err)
		}
		return stderr.String(), err == nil
	}
	return runAsNobody(t, src, out)
}

// runAsNobody runs TestHelperBuild in a copy of the test binary, as user
// and group nobody, to build src into out.
func runAsNobody(t *testing.T, src, out string) (string, bool) {
	t.Helper()
	dir := filepath.Dir(src)
	bin := filepath.Join(dir, "build.test")
	if !exists(bin) {
		copyExecutable(t, bin)
		if err := os.MkdirAll(filepath.Dir(out), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(filepath.Dir(out), nobody, nobody); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-test.run=^TestHelperBuild$")
	cmd.Env = []string{"BRIEFBOOK_HELPER_SOURCE=" + src, "BRIEFBOOK_HELPER_OUTPUT=" + out,
		"TMPDIR=" + dir, "HOME=/"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	b, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.Is(err, syscall.EPERM):
		t.Skipf("running as root without the right to change user: %v", err)
	case err != nil && !errors.As(err, &exit):
		t.Fatal(err)
	}
	return string(b), err == nil
}

// copyExecutable copies the running test binary to dst, so that user
// nobody can run it.
func copyExecutable(t *testing.T, dst string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	w, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, in); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestHelperBuild is the build that runAsNobody runs in a child process.
func TestHelperBuild(t *testing.T) {
	src, out := os.Getenv("BRIEFBOOK_HELPER_SOURCE"), os.Getenv("BRIEFBOOK_HELPER_OUTPUT")
	if src == "" || out == "" {
		t.Skip("runs only in the child process that TestRunUnreadable starts as user nobody")
	}
	_, err := Run(Options{Source: src, Output: out, Stderr: os.Stdout})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
