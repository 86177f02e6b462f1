package sitetest

import (
	"fmt"
	"os"
	"testing"
)

// TestMain points the user's cache folder, where write keeps its stat
// cache, at a temporary folder, so that the tests leave nothing in the
// real one.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "briefbook-sitetest-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
