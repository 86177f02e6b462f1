//go:build !linux

package write

import (
	"crypto/sha256"
	"io/fs"
	"os"
)

// writeFile writes data to the new file dst and returns its record.
func writeFile(dst string, data []byte) (fileRec, error) {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fileRec{}, err
	}
	_, err = f.Write(data)
	return finish(f, fileRec{sum: sha256.Sum256(data), size: int64(len(data))}, err)
}

// finish closes the file f, just written with the content rec describes,
// and returns rec with the file's statKey; err is the error of writing it.
func finish(f *os.File, rec fileRec, err error) (fileRec, error) {
	if err == nil {
		var fi fs.FileInfo
		if fi, err = f.Stat(); err == nil {
			rec.key = keyOf(fi)
		}
	}
	if err2 := f.Close(); err == nil {
		err = err2
	}
	return rec, err
}
