//go:build !linux

package write

import "errors"

// exchange would atomically swap two folders; this system cannot, so the
// caller falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }
