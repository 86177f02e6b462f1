// Package testcache lets a test binary keep the user's cache folder, where
// briefbook's write stage keeps its stat cache, in a temporary folder, so
// that tests leave nothing in the real one.
package testcache

import (
	"fmt"
	"os"
	"testing"
)

// Run points XDG_CACHE_HOME (and, with home set, HOME too, where other
// systems look) at a new temporary folder, runs the tests, removes the
// folder and returns m.Run's exit code, for TestMain to pass to os.Exit.
func Run(m *testing.M, home bool) int {
	dir, err := os.MkdirTemp("", "briefbook-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_CACHE_HOME", dir)
	if home {
		os.Setenv("HOME", dir)
	}
	return m.Run()
}
