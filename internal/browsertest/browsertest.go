// Package browsertest starts a real headless Chromium for the tests that
// check what a reader sees, and hands them a chromedp context to drive it.
//
// It looks for Debian's package (chromium, chromium-browser) or Google
// Chrome on the PATH. Without one, a test is skipped, except on CI (when
// $CI is set), where .ci/run installs Chromium and its absence is a
// failure.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Start starts headless Chromium with a profile of its own and returns a
// context that drives it, for at most timeout; everything is stopped and
// removed when the test ends. It skips or fails t when Chromium is
// missing (see the package documentation), and fails t when it does not
// start.
func Start(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	exe := Exe(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profileDir(t)),
	)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(cancelCtx)
	if err := chromedp.Run(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return bctx
}

// Exe returns the path of Chromium's executable, for tests that start it
// themselves (such as briefbook pdf's). It skips or fails t when Chromium
// is missing (see the package documentation).
func Exe(t testing.TB) string {
	t.Helper()
	return Tool(t, "chromium", "chromium", "chromium-browser", "google-chrome")
}

// Tool returns the path of the first of names found on PATH, or skips t
// (fails it on CI, where .ci/run installs the Debian package pkg).
func Tool(t testing.TB, pkg string, names ...string) string {
	t.Helper()
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed (.ci/run should install the Debian package %s)", names[0], pkg)
	}
	t.Skipf("%s is not installed (Debian package %s)", names[0], pkg)
	return ""
}

// profileDir returns an empty folder for Chromium's profile. Chromium may
// still be writing to it for a moment after it is told to stop, so it is
// removed with a few retries rather than by t.TempDir, whose removal
// failure would fail the test.
func profileDir(t testing.TB) string {
	dir, err := os.MkdirTemp("", "briefbook-chromium-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 20 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove Chromium's profile %s", dir)
	})
	return dir
}
