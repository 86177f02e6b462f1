package diag

import (
	"bytes"
	"sync"
)

// Lines is one source text with an index of where its lines start, so
// that quoting many of its lines costs time in proportion to the lines
// quoted: [Quote] scans the text from its start on every call, which made
// a file with tens of thousands of problems, each on its own line, take
// time in proportion to the square of its length. The index is built on
// first use. A Lines is safe for concurrent use.
type Lines struct {
	src    []byte
	once   sync.Once
	starts []int // byte offset of the start of each line; starts[0] == 0
}

// NewLines returns the index of src's lines. src must not be changed
// afterwards.
func NewLines(src []byte) *Lines { return &Lines{src: src} }

// Quote returns line n (1-based) of the text as [Quote] does: without its
// line ending, each byte of invalid UTF-8 replaced, or "" when n < 1, the text has fewer lines
// or the line is longer than [MaxQuotedLine] bytes.
func (l *Lines) Quote(n int) string {
	if l == nil || l.src == nil || n < 1 {
		return ""
	}
	l.once.Do(l.index)
	if n > len(l.starts) {
		return ""
	}
	line := l.src[l.starts[n-1]:]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > MaxQuotedLine {
		return ""
	}
	return validUTF8(line)
}

// index records the start of every line.
func (l *Lines) index() {
	l.starts = append(l.starts, 0)
	for i, c := range l.src {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
}

// Sources quotes the lines of many files for diagnostics, keeping a
// [Lines] index of each file it has read, for as long as the file's
// content is the same slice. It is not safe for concurrent use.
type Sources struct {
	read  func(path string) []byte
	files map[string]*Lines
}

// NewSources returns a Sources that reads a file's content with read,
// which returns nil for a file it does not know; read may be nil. The
// content read must never be changed: a file's new content is a new slice.
func NewSources(read func(path string) []byte) *Sources {
	return &Sources{read: read}
}

// Quote returns line n (1-based) of the file at path as [Lines.Quote]
// does, or "" when the file is not known.
func (s *Sources) Quote(path string, n int) string {
	if s.read == nil || path == "" || n < 1 {
		return ""
	}
	src := s.read(path)
	if len(src) == 0 {
		return ""
	}
	l, ok := s.files[path]
	if !ok || len(l.src) != len(src) || &l.src[0] != &src[0] {
		l = NewLines(src)
		if s.files == nil {
			s.files = map[string]*Lines{}
		}
		s.files[path] = l
	}
	return l.Quote(n)
}

// New builds a diagnostic as the package's [New] does with the file's
// content, quoting its line through the file's index.
func (s *Sources) New(sev Severity, path string, line, col, length int, msg string) Diagnostic {
	return Diagnostic{Severity: sev, Path: path, Line: line, Col: col, Len: length, Message: msg,
		LineText: s.Quote(path, line)}
}
