package write

import (
	"fmt"
	"io/fs"
	"reflect"
)

// inode returns "inode N" for the file fi describes, where the system
// gives inode numbers, so that a test can tell a hard link from a copy.
func inode(fi fs.FileInfo) string {
	v := reflect.Indirect(reflect.ValueOf(fi.Sys()))
	if v.Kind() == reflect.Struct {
		if f := v.FieldByName("Ino"); f.IsValid() && f.CanUint() {
			return fmt.Sprintf("inode %d", f.Uint())
		}
	}
	return ""
}
