package write

import (
	"crypto/sha256"
	"os"
	"path/filepath"
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
	if !m.dirs["a b"] || !m.dirs["é"] || len(m.dirs) != 2 {
		t.Errorf("dirs = %v", m.dirs)
	}
	for i, p := range paths {
		if r, ok := m.files[p]; !ok || r.sum != recs[i].sum || r.size != recs[i].size {
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
