package write

import (
	"os"
	"testing"

	"github.com/briefbook/briefbook/internal/testcache"
)

// TestMain keeps the stat cache of the builds these tests run in a
// temporary folder (see package testcache).
func TestMain(m *testing.M) { os.Exit(testcache.Run(m, true)) }
