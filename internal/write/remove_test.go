package write

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "old")
	for _, f := range []string{"index.html", "briefs/a/index.html", "briefs/b/index.html", "briefs/index.html",
		"actors/x/index.html", "css/style.css", "deep/1/2/3/4.txt", MarkerFile} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "empty/sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := removeAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists after removeAll: %v", dir, err)
	}
	if err := removeAll(dir); err != nil {
		t.Errorf("removeAll of a missing folder: %v", err)
	}
}
