package write

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The stat cache spares a rebuild hashing the whole previous output to tell
// that briefbook's files are unchanged. The manifest holds no times, so
// that it is the same for the same site; the cache, kept in the user's
// cache folder (never in the output folder), records the statKey of every
// file as it was written. A file whose Lstat gives the same statKey (size,
// modification and change times, inode, device: a change time cannot be
// set back) has not been written to since, and is not hashed. The cache is
// only trusted for the manifest whose SHA-256 it names, and only where
// statKeys include change times and inodes ([strongKeys]); anything
// missing, stale or unreadable means hashing.

// statCacheHeader starts a stat cache file.
const statCacheHeader = "briefbook-statcache 1"

// statCacheMaxAge is how long a cache file no build has used is kept.
const statCacheMaxAge = 30 * 24 * time.Hour

// statCachePath returns the cache file for the output folder out (a real
// path), or "" when the user has no cache folder.
func statCachePath(out string) string {
	dir, err := os.UserCacheDir()
	if err != nil || !strongKeys {
		return ""
	}
	sum := sha256.Sum256([]byte(out))
	return filepath.Join(dir, "briefbook", "outputs", hex.EncodeToString(sum[:16]))
}

// loadStatCache adds to v the statKeys that the cache of out records for
// the manifest whose SHA-256 is sum.
func loadStatCache(out string, sum [sha256.Size]byte, v *verified) {
	p := statCachePath(out)
	if p == "" {
		return
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(first) != statCacheHeader+" "+hex.EncodeToString(sum[:]) {
		return
	}
	for _, line := range strings.Split(string(rest), "\n") {
		f := strings.SplitN(line, " ", 6)
		if len(f) != 6 {
			continue
		}
		var k statKey
		var errs [5]error
		k.size, errs[0] = strconv.ParseInt(f[0], 10, 64)
		k.mtime, errs[1] = strconv.ParseInt(f[1], 10, 64)
		k.ctime, errs[2] = strconv.ParseInt(f[2], 10, 64)
		k.ino, errs[3] = strconv.ParseUint(f[3], 10, 64)
		k.dev, errs[4] = strconv.ParseUint(f[4], 10, 64)
		rel, err := unquotePath(f[5])
		if errs != [5]error{} || err != nil {
			continue
		}
		v.m.Store(rel, k)
	}
}

// saveStatCache records, for the output folder out, the statKeys of the
// files that its manifest m lists, for that manifest. It
// also removes cache files of other outputs that no build used for
// [statCacheMaxAge]. Failures are ignored: the cache is only a shortcut.
func saveStatCache(out string, m *manifest) {
	p := statCachePath(out)
	if p == "" || os.MkdirAll(filepath.Dir(p), 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-")
	if err != nil {
		return
	}
	w := bufio.NewWriterSize(tmp, 64<<10)
	fmt.Fprintf(w, "%s %x\n", statCacheHeader, m.sum)
	for i, rel := range m.files {
		k := m.recs[i].key
		fmt.Fprintf(w, "%d %d %d %d %d %s\n", k.size, k.mtime, k.ctime, k.ino, k.dev, quotePath(rel))
	}
	err = w.Flush()
	if err2 := tmp.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > statCacheMaxAge {
			os.Remove(filepath.Join(filepath.Dir(p), e.Name()))
		}
	}
}
