package main

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersion checks the version line's parts: the module version that go
// install records and, from a checkout, the VCS revision (issue 10).
func TestVersion(t *testing.T) {
	setting := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "(devel)"},
		{&debug.BuildInfo{}, "(devel)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: setting(
			"vcs", "git", "vcs.revision", "0123456789abcdef0123456789abcdef01234567", "vcs.time", "2026-11-30T05:00:00Z", "vcs.modified", "true")},
			"(devel) (revision 0123456789ab, 2026-11-30T05:00:00Z, modified)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.3.1-0.20261130050000-0123456789ab"}, Settings: setting(
			"vcs.revision", "0123456789abcdef", "vcs.modified", "false")},
			"v0.3.1-0.20261130050000-0123456789ab (revision 0123456789ab)"},
	} {
		if got := version(tc.info); got != tc.want {
			t.Errorf("version(%+v) = %q, want %q", tc.info, got, tc.want)
		}
	}
}

// TestVersionFromCheckout builds briefbook from a clone of this checkout's
// last commit and checks that --version names that commit. (A clone,
// because go build records no revision in a git worktree, whose .git is a
// file.)
func TestVersionFromCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("clones the repository and builds briefbook: skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: cannot build briefbook")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not in a git checkout, or no git command: there is no revision to record")
	}
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src")
	if out, err := exec.Command("git", "clone", "--quiet", "--no-hardlinks", "../..", src).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	bin := filepath.Join(tmp, "briefbook")
	build := exec.Command(goTool, "build", "-buildvcs=true", "-o", bin, "./cmd/briefbook")
	build.Dir = src
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The version is a pseudo-version made from the commit (or a tag).
	want := "(revision " + string(head[:12]) + ", "
	for _, flag := range []string{"--version", "-v", "version"} {
		out, err := exec.Command(bin, flag).Output()
		if err != nil {
			t.Fatalf("briefbook %s: %v", flag, err)
		}
		if !strings.HasPrefix(string(out), "briefbook v") || !strings.Contains(string(out), want) {
			t.Errorf("briefbook %s = %q, want a module version and %q", flag, out, want)
		}
	}
}
