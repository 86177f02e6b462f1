//go:build !linux

package write

import (
	"io/fs"
	"os"
	"reflect"
)

// fsID identifies the file system a path lies on: its device number, where
// the system gives one.
type fsID struct{ dev uint64 }

// mountOf returns the fsID of the path p, not following a final symbolic
// link: the Dev field of the system's stat structure, or 0 where it has
// none (then no mount point is ever detected).
func mountOf(p string) (fsID, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return fsID{}, err
	}
	v := reflect.Indirect(reflect.ValueOf(fi.Sys()))
	if v.Kind() == reflect.Struct {
		if f := v.FieldByName("Dev"); f.IsValid() && f.CanInt() {
			return fsID{dev: uint64(f.Int())}, nil
		} else if f.IsValid() && f.CanUint() {
			return fsID{dev: f.Uint()}, nil
		}
	}
	return fsID{}, nil
}

// chownLike would give dst the owner that fi records; this system does
// not say in a portable way, so it does nothing.
func chownLike(dst string, fi fs.FileInfo) {}

// strongKeys is whether statKeys hold change times and inodes; here they
// do not, so the stat cache is not used.
const strongKeys = false

// keyOf returns the statKey of fi: its size and modification time only.
func keyOf(fi fs.FileInfo) statKey {
	return statKey{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
}

// mountsUnder would list the mount points inside dir; here it cannot, and
// the caller checks every folder itself.
func mountsUnder(dir string) ([]string, bool) { return nil, false }
