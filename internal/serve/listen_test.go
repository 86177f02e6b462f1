package serve

import (
	"context"
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
)

// TestPortInUse checks that Run on a port another program listens on says
// how to choose another port, and keeps the system's error.
func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	err = Run(context.Background(), Options{Source: t.TempDir(), Port: port})
	if err == nil {
		t.Fatal("Run on a port in use succeeded")
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Skipf("listening on a port in use gave %v, not EADDRINUSE", err)
	}
	for _, want := range []string{"address already in use", "--port", "--port 0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
