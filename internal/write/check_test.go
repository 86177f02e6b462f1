package write

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// treeHash returns a digest of every path under root, with its type and,
// for regular files, its content. A missing root hashes as empty.
func treeHash(t *testing.T, root string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && os.IsNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		rel, _ := filepath.Rel(root, p)
		line := filepath.ToSlash(rel) + "\x00" + d.Type().String()
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			line += "\x00" + hex.EncodeToString(sum[:])
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			line += "\x00" + target
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// writeTree creates files under root from slash-separated paths; a path
// ending in "/" is an empty folder.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// oldMarkerText is the whole marker that briefbook wrote before markers
// listed what each build wrote.
const oldMarkerText = "This folder was created by briefbook and is replaced on every build.\n" +
	"Do not keep anything of your own here: it would be deleted.\n"

// newSite lays out, in a fresh temporary folder, a site and the folders
// around it that the tests aim outputs at. It returns the temporary folder;
// the site is its subfolder "site".
func newSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"site/briefbook.yaml":          "title: Test\n",
		"site/content/briefs/a.md":     "---\ntitle: A\n---\n",
		"site/content/empty/":          "",
		"site/templates/brief.html":    "{{.Title}}",
		"site/static/style.css":        "body{}",
		"site/public/" + MarkerFile:    oldMarkerText,
		"site/public/index.html":       "<p>old</p>",
		"site/empty/":                  "",
		"mine/notes.txt":               "my own notes",
		"marked-parent/" + MarkerFile:  oldMarkerText,
		"marked-parent/site/README.md": "a site inside a marked folder",
		"home/" + MarkerFile:           oldMarkerText,
		"file.txt":                     "a file",
	})
	if err := os.Symlink(filepath.Join(root, "site", "content"), filepath.Join(root, "link-to-content")); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"link-to-public": filepath.Join(root, "site", "public"),
		"dangling":       filepath.Join(root, "nowhere"),
		"dangling-rel":   "nowhere/public",
		"loop":           "loop",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestCheckRefuses(t *testing.T) {
	root := newSite(t)
	t.Setenv("HOME", filepath.Join(root, "home"))
	site := filepath.Join(root, "site")
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	relSite, err := filepath.Rel(cwd, site)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, source, output, want string
	}{
		{"source itself", site, site, "it is the source folder"},
		{"source, relative", relSite, site + "/.", "it is the source folder"},
		{"source via dot-dot", site, filepath.Join(site, "content", ".."), "it is the source folder"},
		{"parent of source", site, root, "it contains the source folder"},
		{"marked parent of source", filepath.Join(root, "marked-parent", "site"), filepath.Join(root, "marked-parent"), "it contains the source folder"},
		{"content folder", site, filepath.Join(site, "content"), "inside the source's content/ folder"},
		{"content subfolder", site, filepath.Join(site, "content", "empty"), "inside the source's content/ folder"},
		{"missing folder in content", site, filepath.Join(site, "content", "briefs", "out", "x"), "inside the source's content/ folder"},
		{"content through a symlink", site, filepath.Join(root, "link-to-content", "out"), "inside the source's content/ folder"},
		{"templates folder", site, filepath.Join(site, "templates"), "inside the source's templates/ folder"},
		{"static subfolder", site, filepath.Join(site, "static", "out"), "inside the source's static/ folder"},
		{"root", site, "/", "it is the root folder"},
		{"home", site, filepath.Join(root, "home"), "it is your home folder"},
		{"non-empty unmarked", site, filepath.Join(root, "mine"), "folder is not empty and was not created by briefbook (no .briefbook-output marker); choose a new or empty folder, or, to build into this one and keep everything already in it, create an empty .briefbook-output file there"},
		{"a file", site, filepath.Join(root, "file.txt"), "it exists and is not a folder"},
		{"empty output name", site, "", "no output folder given"},
		{"dangling symlink", site, filepath.Join(root, "dangling"), "dangling is a symbolic link to " + filepath.Join(root, "nowhere") + ", which does not exist"},
		{"relative dangling symlink", site, filepath.Join(root, "dangling-rel"), "dangling-rel is a symbolic link to nowhere/public, which does not exist"},
		{"inside a dangling symlink", site, filepath.Join(root, "dangling", "out"), "dangling is a symbolic link to " + filepath.Join(root, "nowhere") + ", which does not exist"},
		{"symlink loop", site, filepath.Join(root, "loop", "out"), "too many levels of symbolic links"},
		{"through a file", site, filepath.Join(root, "file.txt", "out"), "file.txt is not a folder"},
		// The kernel resolves link-to-content/.. to site, where a textual
		// clean (filepath.Join, Abs) would give root.
		{"static, source through symlink and ..", root + "/link-to-content/..", filepath.Join(site, "static", "out"), "inside the source's static/ folder"},
		{"content, source through symlink and ..", root + "/link-to-content/..", filepath.Join(site, "content", "out"), "inside the source's content/ folder"},
		{"source, output through symlink and ..", site, root + "/link-to-content/../.", "it is the source folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := treeHash(t, root)
			err := Check(tt.source, tt.output)
			if err == nil {
				t.Fatalf("Check(%q, %q) = nil, want an error containing %q", tt.source, tt.output, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "refusing to write") {
				t.Errorf("Check(%q, %q) = %q, want it to contain %q", tt.source, tt.output, err, tt.want)
			}
			if after := treeHash(t, root); after != before {
				t.Errorf("Check changed the tree")
			}
		})
	}
}

func TestCheckAccepts(t *testing.T) {
	root := newSite(t)
	t.Setenv("HOME", filepath.Join(root, "home"))
	site := filepath.Join(root, "site")
	tests := []struct{ name, output string }{
		{"missing folder inside source", filepath.Join(site, "out")},
		{"marked folder inside source", filepath.Join(site, "public")},
		{"marked folder through a symlink", filepath.Join(root, "link-to-public")},
		{"empty folder", filepath.Join(site, "empty")},
		{"missing nested folder", filepath.Join(root, "a", "b", "c")},
		{"inside home", filepath.Join(root, "home", "public")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(site, tt.output); err != nil {
				t.Errorf("Check(%q, %q) = %v, want nil", site, tt.output, err)
			}
		})
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		path, dir string
		want      bool
	}{
		{"/a/b", "/a", true},
		{"/a/b/c", "/a", true},
		{"/a", "/a", false},
		{"/ab", "/a", false},
		{"/a/..b", "/a", true},
		{"/", "/a", false},
		{"/a", "/", true},
	}
	for _, tt := range tests {
		if got := within(tt.path, tt.dir); got != tt.want {
			t.Errorf("within(%q, %q) = %v, want %v", tt.path, tt.dir, got, tt.want)
		}
	}
}
