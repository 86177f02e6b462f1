package load

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/chars"
	"github.com/briefbook/briefbook/internal/diag"
)

// MaxFileSize is the largest file, in bytes, that [Read] accepts. It is a
// variable so that tests can lower it.
var MaxFileSize int64 = 8 << 20

var bom = []byte("\xef\xbb\xbf")

// Read returns the content of f, a file under root, after checking it. A
// file over [MaxFileSize] bytes is an error; so are, unless f may be binary
// (see [Kind.Text]), invalid UTF-8 and NUL bytes, each reported at the line
// and column of the first offending byte, and every other character that
// HTML or XML forbids (control characters other than tab, newline and
// carriage return, and noncharacters, see package chars), each reported at
// its position. A UTF-8 byte order mark at the start of a text file
// is removed. Read reports every problem to d and then returns nil; an empty
// file gives an empty, non-nil slice.
func Read(root string, f File, d *diag.List) []byte {
	r, err := os.OpenRoot(root)
	if err != nil {
		d.Errorf(f.Path, nil, 0, 0, 0, "cannot read file: %v", unwrapPath(err))
		return nil
	}
	defer r.Close()
	return ReadIn(r, f, d)
}

// ReadIn is [Read] with the site folder already open as r (an *os.Root,
// or a [Dirs] on it), which spares opening it again for each file. r may be
// used by several ReadIn calls at once.
func ReadIn(r Opener, f File, d *diag.List) []byte {
	src, ok := readFile(r, f, d)
	if !ok {
		return nil
	}
	if !f.Kind.Text() {
		return src
	}
	src = bytes.TrimPrefix(src, bom)
	if !checkText(f.Path, src, d) {
		return nil
	}
	return src
}

// readFile reads f without reading more than MaxFileSize+1 bytes, so a huge
// file costs no memory. Symbolic links may not leave root.
func readFile(r Opener, f File, d *diag.List) ([]byte, bool) {
	file, err := r.Open(f.Path)
	if err != nil {
		d.Errorf(f.Path, nil, 0, 0, 0, "cannot read file: %v", unwrapPath(err))
		return nil, false
	}
	defer file.Close()
	var size int64
	if info, err := file.Stat(); err == nil {
		size = info.Size()
		if size > MaxFileSize {
			d.Errorf(f.Path, nil, 0, 0, 0, "file is %s, over the limit of %s", sizeExact(size), humanSize(MaxFileSize))
			return nil, false
		}
	}
	src, err := readAll(io.LimitReader(file, MaxFileSize+1), size)
	if err != nil {
		d.Errorf(f.Path, nil, 0, 0, 0, "cannot read file: %v", unwrapPath(err))
		return nil, false
	}
	if int64(len(src)) > MaxFileSize { // the file grew since Stat
		d.Errorf(f.Path, nil, 0, 0, 0, "file is over the limit of %s", humanSize(MaxFileSize))
		return nil, false
	}
	if src == nil {
		src = []byte{}
	}
	return src, true
}

// humanSize returns n bytes as a person reads it, in binary units as
// docs/format.md gives the limit: "65 bytes", "1 byte", "8 MiB", "48.2 MiB",
// "1.5 GiB" (KiB, MiB and GiB are 1024, 1024² and 1024³ bytes). A size
// that is not a whole number of its unit has one decimal, rounded, so the
// exact number may differ: see sizeExact.
func humanSize(n int64) string {
	const unit = 1024
	switch {
	case n == 1:
		return "1 byte"
	case n < unit:
		return fmt.Sprintf("%d bytes", n)
	}
	u, name := int64(unit), "KiB"
	for _, next := range []string{"MiB", "GiB", "TiB"} {
		if n < u*unit {
			break
		}
		u, name = u*unit, next
	}
	if n%u == 0 {
		return fmt.Sprintf("%d %s", n/u, name)
	}
	return fmt.Sprintf("%.1f %s", float64(n)/float64(u), name)
}

// sizeExact is humanSize followed by the exact number of bytes when humanSize
// rounds it ("48.2 MiB (50500055 bytes)"), so that a file just over a
// limit is not reported as being the limit's size.
func sizeExact(n int64) string {
	s := humanSize(n)
	if !strings.Contains(s, ".") {
		return s
	}
	return fmt.Sprintf("%s (%d bytes)", s, n)
}

// checkText reports the first invalid UTF-8 sequence and the first NUL
// byte of src, and returns whether there were none.
func checkText(path string, src []byte, d *diag.List) bool {
	ok := true
	if i := invalidUTF8(src); i >= 0 {
		line, col := diag.Position(src, i)
		d.Errorf(path, src, line, col, 1, "invalid UTF-8")
		ok = false
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := diag.Position(src, i)
		d.Errorf(path, src, line, col, 1, "NUL byte: briefbook reads only text files here")
		ok = false
	}
	if ok && !checkChars(path, src, d) {
		ok = false
	}
	return ok
}

// maxCharErrors is how many forbidden characters of one file are reported
// one by one; the rest are counted.
const maxCharErrors = 10

// checkChars reports every character of src that HTML or XML forbids (see
// package chars), up to maxCharErrors of them and then their number, and
// returns whether there were none. src is valid UTF-8 with no NUL.
func checkChars(path string, src []byte, d *diag.List) bool {
	n, off := 0, 0
	for {
		i := chars.Index(src[off:])
		if i < 0 {
			break
		}
		off += i
		r, w := utf8.DecodeRune(src[off:])
		if n < maxCharErrors {
			line, col := diag.Position(src, off)
			d.Errorf(path, src, line, col, 1, "%s: HTML and XML forbid it", chars.Describe(r))
		}
		n++
		off += w
	}
	if n > maxCharErrors {
		line, col := diag.Position(src, 0)
		d.Errorf(path, src, line, col, 1, "%d more forbidden characters in this file", n-maxCharErrors)
	}
	return n == 0
}

// invalidUTF8 returns the offset of the first byte of src that is not part
// of a valid UTF-8 sequence, or -1.
func invalidUTF8(src []byte) int {
	if utf8.Valid(src) {
		return -1
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// readAll is io.ReadAll starting with room for size bytes and one more, so
// that a file whose size is known is read into one allocation instead of a
// doubling series of them.
func readAll(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, size+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
