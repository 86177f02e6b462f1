package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileBuild builds sites holding one hostile file each, too big to
// commit as a testscript (1.3 MB), and checks that the build exits 1 with
// the located error and writes nothing. The first once asked for 90 GB
// and crashed; the dotted key ran the TOML decoder out of memory. Their
// neighbours are tested in internal/parse (TestHostileInputs).
func TestHostileBuild(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	aliases := "[" + strings.Repeat("*s, ", 89999) + "*s]"
	brief := "title: T\ndate: 2021-04-06\ndomain: cyber\n"
	for _, tt := range []struct {
		name string
		file string // the hostile file, beside a valid brief and briefbook.yaml
		src  string
		want string // the first line of stderr
	}{
		{"YAML aliases in a brief", "content/briefs/a.md", "---\n" + brief + "s: &s " + big + "\nauthors: " + aliases + "\n---\nBody.\n",
			"content/briefs/a.md:6:31: error: malformed YAML: aliases expand to more than 5700068 bytes, 4 times the YAML's size plus 64 KiB (a YAML alias bomb?)"},
		{"YAML aliases in the bibliography", "content/sources.yaml", "s: &s " + big + "\nx: {title: T, authors: " + aliases + "}\n",
			"content/sources.yaml:2:45: error: malformed YAML: aliases expand to more than 5699968 bytes, 4 times the YAML's size plus 64 KiB (a YAML alias bomb?)"},
		{"YAML aliases in briefbook.yaml", "briefbook.yaml", "s: &s " + big + "\ntitle: Book\ndescription: " + aliases + "\n",
			"briefbook.yaml:3:35: error: malformed YAML: aliases expand to more than 5699972 bytes, 4 times the YAML's size plus 64 KiB (a YAML alias bomb?)"},
		{"TOML dotted key 30,000 deep", "content/briefs/a.md", "+++\ntitle = \"T\"\ndate = 2021-04-06\ndomain = \"cyber\"\na" + strings.Repeat(".a", 29999) + " = 1\n+++\nBody.\n",
			"content/briefs/a.md:5:203: error: malformed TOML: tables, dotted keys, arrays and inline tables nested more than 100 deep"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"briefbook.yaml":      "title: Book\n",
				"content/briefs/b.md": "---\n" + brief + "---\nBody.\n",
				tt.file:               tt.src,
			}
			for name, src := range files {
				path := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var stdout, stderr bytes.Buffer
			code := run([]string{"build", "--source", dir}, &stdout, &stderr)
			if code != exitFail {
				t.Errorf("exit status %d, want %d", code, exitFail)
			}
			if first, _, _ := strings.Cut(stderr.String(), "\n"); first != tt.want {
				t.Errorf("stderr starts\n%.300s\nwant\n%s", first, tt.want)
			}
			if !strings.HasSuffix(strings.TrimSpace(stderr.String()), "1 error, 0 warnings") {
				t.Errorf("stderr ends %q, want one error", lastN(stderr.String(), 200))
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
				t.Errorf("public/ was written (stat: %v)", err)
			}
		})
	}
}

func lastN(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
