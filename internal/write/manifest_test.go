package write

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifestRoundTrip checks that every path, however odd, reads back as
// written, and that a marker that does not parse licenses nothing.
func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	paths := []string{"a b/c d.html", "line\nbreak.txt", `"quoted".txt`, "tab\there", "é/ü.html", " lead", "trail "}
	var jobs []job
	var recs []fileRec
	for i, p := range paths {
		jobs = append(jobs, job{path: p})
		recs = append(recs, fileRec{sum: sha256.Sum256([]byte(p)), size: int64(i)})
	}
	if _, err := writeManifest(dir, []string{"a b", "é"}, jobs, recs); err != nil {
		t.Fatal(err)
	}
	kind, m, err := readMarker(dir)
	if err != nil || kind != markerList {
		t.Fatalf("readMarker = %v, %v", kind, err)
	}
	if !m.hasDir("a b") || !m.hasDir("é") || len(m.dirs) != 2 {
		t.Errorf("dirs = %v", m.dirs)
	}
	for i, p := range paths {
		if r, ok := m.lists(p); !ok || r.sum != recs[i].sum || r.size != recs[i].size {
			t.Errorf("%q: got %v, %v", p, r, ok)
		}
	}
	for _, bad := range []string{
		manifestHeader + "\nf 00 1 x\n",
		manifestHeader + "\nx y\n",
		manifestHeader + "\nf " + string(make([]byte, 64)) + " 1 x\n",
		oldMarkerText,
		"",
	} {
		if err := os.WriteFile(filepath.Join(dir, MarkerFile), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if kind, m, _ := readMarker(dir); kind != markerOther || m != nil {
			t.Errorf("marker %q read as %v, %v; want markerOther", bad, kind, m)
		}
	}
}

// TestManifestUnsorted checks that a manifest edited by hand, its lines out
// of order or a file listed twice, is looked up as a map of its last lines
// would be.
func TestManifestUnsorted(t *testing.T) {
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	text := manifestHeader + "\n" +
		"d z\nd a\nd z\n" +
		"f " + sum("c") + " 3 c\n" +
		"f " + sum("a1") + " 1 a\n" +
		"f " + sum("b") + " 2 b\n" +
		"f " + sum("a2") + " 9 a\n"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, MarkerFile), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	kind, m, err := readMarker(dir)
	if err != nil || kind != markerList {
		t.Fatalf("readMarker = %v, %v", kind, err)
	}
	if !m.hasDir("a") || !m.hasDir("z") || m.hasDir("b") || len(m.dirs) != 2 {
		t.Errorf("dirs = %q", m.dirs)
	}
	want := map[string]fileRec{"a": {sum: sha256.Sum256([]byte("a2")), size: 9}, "b": {sum: sha256.Sum256([]byte("b")), size: 2}, "c": {sum: sha256.Sum256([]byte("c")), size: 3}}
	for p, w := range want {
		if r, ok := m.lists(p); !ok || r != w {
			t.Errorf("%s: got %v, %v; want %v", p, r, ok, w)
		}
	}
	if _, ok := m.lists("d"); ok || len(m.files) != 3 {
		t.Errorf("files = %q", m.files)
	}
}

// TestParseManifestLines checks which lines parse, and that a malformed one
// is reported at its line number (the header is line 1).
func TestParseManifestLines(t *testing.T) {
	h := sha256.Sum256([]byte("x"))
	sum := hex.EncodeToString(h[:])
	for _, tt := range []struct {
		line string
		ok   bool
	}{
		{"d a/b", true},
		{`d "a\nb"`, true},
		{"f " + sum + " 12 a/b.html", true},
		{"f " + sum + " 12 a b.html", true},
		{"f " + sum + ` 12 "a\tb"`, true},
		{"# a comment", true},
		{"", true},
		{"d", false},
		{`d "a`, false},
		{"f " + sum + " 12", false},
		{"f " + sum, false},
		{"f " + sum[2:] + " 12 a", false},
		{"f " + sum + "00 12 a", false},
		{"f " + "zz" + sum[2:] + " 12 a", false},
		{"f " + sum + " twelve a", false},
		{"f " + sum + ` 12 "a`, false},
		{"x a", false},
	} {
		m, err := parseManifest([]byte("d z\n" + tt.line + "\n"))
		if tt.ok && err != nil {
			t.Errorf("%q: %v", tt.line, err)
		}
		if !tt.ok && (err == nil || err.Error() != MarkerFile+":3: malformed line") {
			t.Errorf("%q: error %v, want %s:3: malformed line", tt.line, err, MarkerFile)
		}
		if tt.ok && strings.HasPrefix(tt.line, "f ") {
			if len(m.recs) != 1 || m.recs[0].sum != h || m.recs[0].size != 12 {
				t.Errorf("%q: records %v", tt.line, m.recs)
			}
		}
	}
}
