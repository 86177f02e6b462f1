package write

import "golang.org/x/sys/unix"

// exchange atomically swaps the folders a and b, both of which must exist.
// It fails on file systems that cannot do it; the caller then falls back to
// two renames.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
