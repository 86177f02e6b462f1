package write

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// MarkerFile is the name of the file briefbook writes at the top of every
// output folder it creates. It lists every file and folder of the build (see
// [manifest]); a folder without it is never written to unless it is empty,
// and nothing that it does not list is ever deleted or replaced.
const MarkerFile = ".briefbook-output"

// The first line of a [MarkerFile] says what the folder holding it is.
const (
	// manifestHeader starts the marker of a finished build: the lines that
	// follow list what the build wrote.
	manifestHeader = "briefbook-output 2"
	// stagingHeader starts the marker of a staging folder, written the
	// moment the folder is created: everything in it is being written by
	// briefbook.
	stagingHeader = "briefbook-staging 1"
)

// manifestIntro is written after [manifestHeader], for people who open the
// marker.
const manifestIntro = `# This folder was built by briefbook. Each build replaces the files and
# folders listed below. Anything else here is yours: briefbook carries it
# over into every new build unchanged, and refuses to build when a new page
# would replace it. A listed file that you changed is yours too.
# Lines: "d PATH" for a folder, "f SHA-256 SIZE PATH" for a file.
`

// stagingText is the whole marker of a staging folder.
const stagingText = stagingHeader + `
# A site being written by briefbook. If you find this folder next to an
# output folder, a build was stopped; the next build into that output
# folder removes it.
`

// A fileRec is what a manifest records of one file briefbook wrote.
type fileRec struct {
	sum  [sha256.Size]byte // SHA-256 of the content
	size int64             // bytes
	key  statKey           // what fstat said once it was written; not in the manifest
}

// A manifest is the list of folders and files one build wrote, by
// slash-separated path relative to the output folder. It is kept as sorted
// lists rather than maps: at 100,000 briefs it lists over 200,000 files,
// and a build holds the previous output's manifest while it writes.
type manifest struct {
	dirs  []string          // sorted, each once
	files []string          // sorted, each once
	recs  []fileRec         // recs[i] is the record of files[i]
	sum   [sha256.Size]byte // SHA-256 of the whole marker
}

// markerKind is what a [MarkerFile]'s first line says.
type markerKind int

const (
	markerNone    markerKind = iota // no marker file, or not a regular file
	markerOther                     // an older briefbook's marker, or one that does not parse
	markerStaging                   // a staging folder: everything in it is briefbook's
	markerList                      // a manifest of a finished build
)

// readMarker reads the marker in dir. For [markerList] it also returns the
// manifest; a marker whose list does not parse is [markerOther], which
// licenses deleting nothing.
func readMarker(dir string) (markerKind, *manifest, error) {
	p := filepath.Join(dir, MarkerFile)
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return markerNone, nil, nil
	}
	if err != nil {
		return markerNone, nil, err
	}
	if !fi.Mode().IsRegular() {
		return markerNone, nil, nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return markerNone, nil, err
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	switch string(first) {
	case stagingHeader:
		return markerStaging, nil, nil
	case manifestHeader:
		if m, err := parseManifest(rest); err == nil {
			m.sum = sha256.Sum256(data)
			return markerList, m, nil
		}
	}
	return markerOther, nil, nil
}

// parseManifest parses the lines of a manifest after its header. A path
// listed twice keeps its last record, as the lines are read in order.
func parseManifest(data []byte) (*manifest, error) {
	nf := bytes.Count(data, []byte("\nf ")) + 1
	m := &manifest{files: make([]string, 0, nf), recs: make([]fileRec, 0, nf)}
	text := string(data)
	for n := 0; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		if !m.parseLine(line) {
			return nil, fmt.Errorf("%s:%d: malformed line", MarkerFile, n+2)
		}
	}
	m.sortLists()
	return m, nil
}

// parseLine adds the folder or file of one line of a manifest to m, and
// returns false if the line is malformed.
func (m *manifest) parseLine(line string) bool {
	kind, rest, ok := strings.Cut(line, " ")
	if !ok {
		return false
	}
	switch kind {
	case "d":
		p, err := unquotePath(rest)
		if err != nil {
			return false
		}
		m.dirs = append(m.dirs, p)
	case "f":
		sum, rest, ok1 := strings.Cut(rest, " ")
		size, name, ok2 := strings.Cut(rest, " ")
		var r fileRec
		if !ok1 || !ok2 || len(sum) != 2*sha256.Size {
			return false
		}
		_, err1 := hex.Decode(r.sum[:], []byte(sum))
		n, err2 := strconv.ParseInt(size, 10, 64)
		p, err3 := unquotePath(name)
		if err1 != nil || err2 != nil || err3 != nil {
			return false
		}
		r.size = n
		m.files = append(m.files, p)
		m.recs = append(m.recs, r)
	default:
		return false
	}
	return true
}

// sortLists sorts m's lists, as a manifest briefbook wrote already is,
// keeping the last record of a file listed more than once.
func (m *manifest) sortLists() {
	slices.Sort(m.dirs)
	m.dirs = slices.Compact(m.dirs)
	increasing := true
	for i := 1; i < len(m.files) && increasing; i++ {
		increasing = m.files[i-1] < m.files[i]
	}
	if increasing {
		return
	}
	byPath := func(i, j int) int { return strings.Compare(m.files[i], m.files[j]) }
	order := make([]int, len(m.files))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, byPath)
	files := make([]string, 0, len(order))
	recs := make([]fileRec, 0, len(order))
	for k, i := range order {
		if k+1 < len(order) && m.files[order[k+1]] == m.files[i] {
			continue // a later line lists it again
		}
		files = append(files, m.files[i])
		recs = append(recs, m.recs[i])
	}
	m.files, m.recs = files, recs
}

// writeManifest writes the marker of a finished build to dir: the folders
// dirs and the files jobs with their records recs (recs[i] is jobs[i]'s).
// It writes to a temporary name first and renames, so the marker is never
// half written. It returns the marker's SHA-256.
func writeManifest(dir string, dirs []string, jobs []job, recs []fileRec) (sum [sha256.Size]byte, err error) {
	tmp := filepath.Join(dir, MarkerFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return sum, err
	}
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)
	w.WriteString(manifestHeader + "\n" + manifestIntro)
	for _, d := range dirs {
		w.WriteString("d ")
		w.WriteString(quotePath(d))
		w.WriteByte('\n')
	}
	var num [20]byte
	for i, j := range jobs {
		r := recs[i]
		w.WriteString("f ")
		w.WriteString(hex.EncodeToString(r.sum[:]))
		w.WriteByte(' ')
		w.Write(strconv.AppendInt(num[:0], r.size, 10))
		w.WriteByte(' ')
		w.WriteString(quotePath(j.path))
		w.WriteByte('\n')
	}
	err = w.Flush()
	if err2 := f.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, MarkerFile))
	}
	h.Sum(sum[:0])
	return sum, err
}

// quotePath returns p as written in a manifest: as it is, or Go-quoted when
// it holds a character that would make the line ambiguous.
func quotePath(p string) string {
	if q := strconv.Quote(p); q[1:len(q)-1] != p || strings.HasPrefix(p, `"`) {
		return q
	}
	return p
}

// unquotePath undoes quotePath.
func unquotePath(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		return strconv.Unquote(s)
	}
	return s, nil
}

// lists returns the record of the file rel if the manifest m lists it; a
// nil m lists nothing.
func (m *manifest) lists(rel string) (fileRec, bool) {
	if m == nil {
		return fileRec{}, false
	}
	if i, ok := slices.BinarySearch(m.files, rel); ok {
		return m.recs[i], true
	}
	return fileRec{}, false
}

// hasDir reports whether the manifest m lists the folder rel; a nil m
// lists nothing.
func (m *manifest) hasDir(rel string) bool {
	return m != nil && has(m.dirs, rel)
}

// A statKey is what Lstat says of a file that changes whenever its content
// may have: size, modification and change times, inode and device.
type statKey struct {
	size, mtime, ctime int64
	ino, dev           uint64
}

// A verified set holds the files found to be as a manifest lists them, with
// their statKey then, so that they need not be hashed again in the same
// build while their statKey stays the same. Safe for concurrent use.
type verified struct{ m sync.Map } // rel → statKey

// owns reports whether the manifest m lists the file at rel, whose Lstat
// information is fi and which lies at full, with the content briefbook
// wrote: the same size and SHA-256. A file in v with the same statKey is
// not hashed again. A nil m owns nothing; v may be nil.
func (m *manifest) owns(rel, full string, fi fs.FileInfo, v *verified) bool {
	if m == nil || !fi.Mode().IsRegular() {
		return false
	}
	r, ok := m.lists(rel)
	if !ok || fi.Size() != r.size {
		return false
	}
	key := keyOf(fi)
	if v != nil {
		if k, ok := v.m.Load(rel); ok && k.(statKey) == key {
			return true
		}
	}
	sum, err := hashFile(full)
	if err != nil || sum != r.sum {
		return false
	}
	if v != nil {
		v.m.Store(rel, key)
	}
	return true
}

// hashBufs holds the buffers hashFile reads into.
var hashBufs = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// hashFile returns the SHA-256 of the file name's content.
func hashFile(name string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	buf := hashBufs.Get().(*[]byte)
	defer hashBufs.Put(buf)
	h := sha256.New()
	for {
		n, err := f.Read(*buf)
		h.Write((*buf)[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return sum, err
		}
	}
	h.Sum(sum[:0])
	return sum, nil
}
