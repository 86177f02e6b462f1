package main

import (
	"runtime"
	"strings"
	"testing"
)

// TestOpenBrowserMissing checks that serve --open on a desktop with no
// opener only warns, naming the program it looked for.
func TestOpenBrowserMissing(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the opener looked for is xdg-open on Linux only")
	}
	t.Setenv("PATH", t.TempDir())
	var stderr strings.Builder
	openBrowser("http://127.0.0.1:1313/", &stderr)
	want := `warning: cannot open a browser: exec: "xdg-open": executable file not found in $PATH` + "\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}
