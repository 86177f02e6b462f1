package load

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// writeTree creates files under root; a content of "->target" makes a
// symbolic link to target instead, and a content of "/" an empty folder.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if content == "/" {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "->"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Skipf("symbolic links unsupported: %v", err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func diagStrings(d *diag.List) []string {
	var out []string
	for _, x := range d.Sorted() {
		out = append(out, x.String())
	}
	return out
}

func TestScan(t *testing.T) {
	outside := t.TempDir()
	writeTree(t, outside, map[string]string{"secret.txt": "s", "dir/x.md": "x"})
	tests := []struct {
		name  string
		files map[string]string
		want  []string // "path kind"
		diags []string
	}{
		{
			name: "every kind",
			files: map[string]string{
				"briefbook.yaml":                 "title: x",
				"content/_index.md":              "",
				"content/sources.yaml":           "",
				"content/sources.json":           "",
				"content/sources.bib":            "",
				"content/briefs/a.md":            "",
				"content/briefs/sub/deeper/b.md": "",
				"content/actors/rok.md":          "",
				"content/domains/cyber.md":       "",
				"templates/base.html":            "",
				"templates/partials/nav.html":    "",
				"static/style.css":               "",
				"static/img/logo.svg":            "",
			},
			want: []string{
				"briefbook.yaml config",
				"content/_index.md home",
				"content/actors/rok.md actor",
				"content/briefs/a.md brief",
				"content/briefs/sub/deeper/b.md brief",
				"content/domains/cyber.md domain",
				"content/sources.bib bibliography",
				"content/sources.json bibliography",
				"content/sources.yaml bibliography",
				"static/img/logo.svg static",
				"static/style.css static",
				"templates/base.html template",
				"templates/partials/nav.html template",
			},
		},
		{
			name: "hidden files and editor leftovers",
			files: map[string]string{
				"content/briefs/a.md":         "",
				"content/briefs/.a.md.swp":    "",
				"content/briefs/.#a.md":       "",
				"content/briefs/a.md~":        "",
				"content/briefs/#a.md#":       "",
				"content/briefs/.drafts/b.md": "",
				".git/config":                 "",
				"static/.DS_Store":            "",
				".hidden.yaml":                "",
			},
			want: []string{"content/briefs/a.md brief"},
		},
		{
			name: "files outside the format",
			files: map[string]string{
				"README.md":                  "",
				"public/index.html":          "",
				"briefbook.yml":              "",
				"content/briefs/notes.txt":   "",
				"content/briefs/.md":         "",
				"content/image.png":          "",
				"content/actors/sub/x.md":    "",
				"content/brief/typo.md":      "",
				"content/domains/cyber.yaml": "",
				"content/briefs/a.MD":        "",
				"content/sources.yml":        "",
				"content/sources.csl.json":   "",
				"content/briefs/sources.bib": "",
				"content/actors/x.MD":        "",
				"content/about.md":           "",
				"content/.md":                "",
				"content/about.MD":           "",
			},
			want: []string{ // files next to briefs and profiles are published (issue 10)
				"content/about.md page", // a page of its own, /about/
				"content/briefs/notes.txt bundle",
				"content/briefs/sources.bib bundle", // only content/sources.bib is a bibliography
				"content/domains/cyber.yaml bundle",
			},
			diags: []string{
				"content/about.MD: warning: skipped: markdown files must end in .md, in lower case: rename it to about.md",
				"content/actors/sub/x.md: warning: skipped: markdown files in content/ belong in briefs/, actors/ or domains/ (or at content/'s root: _index.md, the home page, or a page such as about.md)",
				"content/actors/x.MD: warning: skipped: markdown files must end in .md, in lower case: rename it to x.md",
				"content/brief/typo.md: warning: skipped: markdown files in content/ belong in briefs/, actors/ or domains/ (or at content/'s root: _index.md, the home page, or a page such as about.md)",
				"content/briefs/a.MD: warning: skipped: markdown files must end in .md, in lower case: rename it to a.md",
			},
		},
		{
			name: "names that are not UTF-8",
			files: map[string]string{
				"content/briefs/ok.md":      "",
				"content/briefs/caf\xe9.md": "",
				"content/briefs/d\xff/x.md": "",
				"static/logo\xfe.png":       "",
				"notes\xff.txt":             "", // not a folder briefbook reads: no warning
			},
			want: []string{"content/briefs/ok.md brief"},
			diags: []string{
				"content/briefs/caf\\xe9.md: warning: skipped: the name is not valid UTF-8: rename it",
				"content/briefs/d\\xff: warning: skipped: the name is not valid UTF-8: rename it",
				"static/logo\\xfe.png: warning: skipped: the name is not valid UTF-8: rename it",
			},
		},
		{
			name: "symbolic links",
			files: map[string]string{
				"content/briefs/real.md":     "# real",
				"content/briefs/inside.md":   "->real.md",
				"static/escape.txt":          "->" + filepath.Join(outside, "secret.txt"),
				"static/relescape.txt":       "->../../../../../../../../" + filepath.Join(outside, "secret.txt"),
				"static/dir":                 "->" + filepath.Join(outside, "dir"),
				"static/sub":                 "->../content",
				"content/briefs/dangling.md": "->nothing.md",
				// Issue 7: a link to a folder has no .md in its name.
				"content/briefs/sub/b.md":  "# b",
				"content/briefs/more":      "->sub",
				"content/briefs/elsewhere": "->" + filepath.Join(outside, "dir"),
				"content/actors/people":    "->../briefs/sub",
				"content/briefs/notes":     "->real.md",
				"content/briefs/gone":      "->nothing",
			},
			want: []string{
				"content/briefs/inside.md brief",
				"content/briefs/notes bundle",
				"content/briefs/real.md brief",
				"content/briefs/sub/b.md brief",
			},
			diags: []string{
				"content/actors/people: warning: skipped: symbolic link to a folder",
				"content/briefs/dangling.md: warning: skipped: symbolic link leads outside the site folder or to nothing",
				"content/briefs/elsewhere: warning: skipped: symbolic link to a folder",
				"content/briefs/gone: warning: skipped: symbolic link leads outside the site folder or to nothing",
				"content/briefs/more: warning: skipped: symbolic link to a folder",
				"static/dir: warning: skipped: symbolic link leads outside the site folder or to nothing",
				"static/escape.txt: warning: skipped: symbolic link leads outside the site folder or to nothing",
				"static/relescape.txt: warning: skipped: symbolic link leads outside the site folder or to nothing",
				"static/sub: warning: skipped: symbolic link to a folder",
			},
		},
		{
			name: "top folders as symbolic links",
			files: map[string]string{
				"real/briefs/a.md": "",
				"content":          "->real",
				"static":           "->" + outside,
				"docs":             "->real",
			},
			diags: []string{
				"content: warning: skipped: symbolic link to a folder",
				"static: warning: skipped: symbolic link to a folder",
			},
		},
		{
			name: "files where folders are read",
			files: map[string]string{
				"content/briefs/a.md": "",
				"content/actors":      "a file",
				"content/domains":     "->briefs/a.md",
				"static":              "->" + filepath.Join(outside, "secret.txt"),
				"templates":           "a file",
				"notes":               "a file of the author's: no warning",
			},
			want: []string{"content/briefs/a.md brief"},
			diags: []string{
				"content/actors: warning: skipped: content/actors should be a folder, not a file",
				"content/domains: warning: skipped: content/domains should be a folder, not a file",
				"static: warning: skipped: static should be a folder, not a file",
				"templates: warning: skipped: templates should be a folder, not a file",
			},
		},
		{
			name: "folders where files are read",
			files: map[string]string{
				"briefbook.yaml":                 "/",
				"content/_index.md/x.md":         "a file inside is not read either",
				"content/sources.yaml":           "/",
				"content/sources.json":           "/",
				"content/sources.bib":            "->briefs",
				"content/briefs/a.md":            "",
				"templates/brief.html":           "/",
				"templates/partials":             "/", // a folder of the theme's: fine
				"templates/mine.html":            "/", // no built-in file of that name
				"static/css/style.css":           "/",
				"static/search.js":               "->css",
				"static/favicon.svg/keep.txt":    "",
				"static/css/extra.css":           "",
				"content/briefs/sources.yaml":    "/", // a bundle folder, not the bibliography
				"content/actors/_index.md":       "/",
				"content/domains/briefbook.yaml": "/",
			},
			want: []string{"content/briefs/a.md brief", "static/css/extra.css static"},
			diags: []string{
				"briefbook.yaml: error: briefbook.yaml is a folder, not a file: briefbook reads it as a file",
				"content/_index.md: error: content/_index.md is a folder, not a file: briefbook reads it as a file",
				"content/sources.bib: error: content/sources.bib is a folder, not a file: briefbook reads it as a file",
				"content/sources.json: error: content/sources.json is a folder, not a file: briefbook reads it as a file",
				"content/sources.yaml: error: content/sources.yaml is a folder, not a file: briefbook reads it as a file",
				"static/css/style.css: error: static/css/style.css is a folder, not a file: briefbook reads it as the file that replaces the built-in theme's",
				"static/favicon.svg: error: static/favicon.svg is a folder, not a file: briefbook reads it as the file that replaces the built-in theme's",
				"static/search.js: error: static/search.js is a folder, not a file: briefbook reads it as the file that replaces the built-in theme's",
				"templates/brief.html: error: templates/brief.html is a folder, not a file: briefbook reads it as the file that replaces the built-in theme's",
			},
		},
		{
			name: "editors' temporary files",
			files: map[string]string{
				"content/briefs/a.md":               "",
				"content/briefs/4913":               "",
				"static/5036":                       "",
				"static/4914":                       "",
				"static/notes.swp":                  "",
				"static/x.swo":                      "",
				"content/briefs/a.md___jb_tmp___":   "",
				"content/briefs/a.md___jb_old___":   "",
				"templates/layout.html___jb_tmp___": "",
			},
			want: []string{"content/briefs/a.md brief", "static/4914 static"},
		},
		{
			name:  "empty site",
			files: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, tt.files)
			var d diag.List
			files, err := Scan(root, &d)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range files {
				got = append(got, f.Path+" "+f.Kind.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if g, w := strings.Join(diagStrings(&d), "\n"), strings.Join(tt.diags, "\n"); g != w {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", g, w)
			}
			checkScanPaths(t, root, tt.files, got, diagStrings(&d))
		})
	}
}

// checkScanPaths checks that ScanPaths of every file of a tree, of every
// folder above one, and of paths that do not exist, lists what Scan lists
// at or under that path, with the same diagnostics.
func checkScanPaths(t *testing.T, root string, tree map[string]string, all, allDiags []string) {
	t.Helper()
	starts := map[string]bool{"nothing": true, "content/briefs/nothing.md": true, "content/nothing/x.md": true}
	for p := range tree {
		for ; p != "."; p = path.Dir(p) {
			starts[p] = true
		}
	}
	under := func(line, start string) bool {
		p, _, _ := strings.Cut(line, " ")
		p = strings.TrimSuffix(p, ":")
		start = diag.Escape(start) // as diagnostics print a name that is not UTF-8
		return p == start || strings.HasPrefix(p, start+"/")
	}
	for start := range starts {
		var d diag.List
		files, err := ScanPaths(root, []string{start}, &d)
		if err != nil {
			t.Fatalf("ScanPaths(%q): %v", start, err)
		}
		var got, want, wantDiags []string
		for _, f := range files {
			got = append(got, f.Path+" "+f.Kind.String())
		}
		for _, l := range all {
			if under(l, start) {
				want = append(want, l)
			}
		}
		for _, l := range allDiags {
			if under(l, start) {
				wantDiags = append(wantDiags, l)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("ScanPaths(%q):\n%s\nwant:\n%s", start, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if g, w := strings.Join(diagStrings(&d), "\n"), strings.Join(wantDiags, "\n"); g != w {
			t.Errorf("ScanPaths(%q) diagnostics:\n%s\nwant:\n%s", start, g, w)
		}
	}
}

func TestScanSize(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"content/briefs/a.md": "12345"})
	files, err := Scan(root, new(diag.List))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Size != 5 {
		t.Errorf("got %+v, want one file of size 5", files)
	}
}

func TestScanMissingRoot(t *testing.T) {
	if _, err := Scan(filepath.Join(t.TempDir(), "nope"), new(diag.List)); err == nil {
		t.Error("Scan of a missing folder: no error")
	}
}

func TestRead(t *testing.T) {
	defer func(n int64) { MaxFileSize = n }(MaxFileSize)
	MaxFileSize = 64
	tests := []struct {
		name    string
		kind    Kind
		content string
		want    string // content returned; ignored when diags are expected
		diags   []string
	}{
		{name: "plain", kind: Brief, content: "---\ntitle: x\n---\n", want: "---\ntitle: x\n---\n"},
		{name: "empty", kind: Brief, content: "", want: ""},
		{name: "unicode", kind: Actor, content: "대한민국 — ROK\n", want: "대한민국 — ROK\n"},
		{name: "byte order mark removed", kind: Brief, content: "\ufeff---\n", want: "---\n"},
		{name: "byte order mark kept in static files", kind: Static, content: "\ufeffx", want: "\ufeffx"},
		{name: "at the limit", kind: Brief, content: strings.Repeat("a", 64), want: strings.Repeat("a", 64)},
		{
			name: "over the limit", kind: Brief, content: strings.Repeat("a", 65),
			diags: []string{"f: error: file is 65 bytes, over the limit of 64 bytes"},
		},
		{
			name: "over the limit static", kind: Static, content: strings.Repeat("\x00", 100),
			diags: []string{"f: error: file is 100 bytes, over the limit of 64 bytes"},
		},
		{
			name: "invalid UTF-8", kind: Brief, content: "ok\nab\xffcd\n",
			diags: []string{"f:2:3: error: invalid UTF-8"},
		},
		{
			name: "invalid UTF-8 after multibyte letters", kind: Domain, content: "한국\xe2\x82 x",
			diags: []string{"f:1:3: error: invalid UTF-8"},
		},
		{
			name: "invalid UTF-8 column after byte order mark", kind: Brief, content: "\ufeffa\xc0",
			diags: []string{"f:1:2: error: invalid UTF-8"},
		},
		{
			name: "NUL byte", kind: Template, content: "a\n\nxy\x00z",
			diags: []string{"f:3:3: error: NUL byte: briefbook reads only text files here"},
		},
		{
			name: "both, each once", kind: Config, content: "\x00\x00\n\xff\xff",
			diags: []string{
				"f:1:1: error: NUL byte: briefbook reads only text files here",
				"f:2:1: error: invalid UTF-8",
			},
		},
		{name: "binary static file", kind: Static, content: "\x89PNG\x00\xff", want: "\x89PNG\x00\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, map[string]string{"f": tt.content})
			var d diag.List
			got := Read(root, File{Path: "f", Kind: tt.kind}, &d)
			diags := diagStrings(&d)
			if g, w := strings.Join(diags, "\n"), strings.Join(tt.diags, "\n"); g != w {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", g, w)
			}
			if len(tt.diags) > 0 {
				if got != nil {
					t.Errorf("Read returned %q, want nil", got)
				}
				return
			}
			if got == nil || string(got) != tt.want {
				t.Errorf("Read = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadLineText(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"f": "one\ntw\xffo\n"})
	var d diag.List
	Read(root, File{Path: "f", Kind: Brief}, &d)
	ds := d.Sorted()
	if len(ds) != 1 || ds[0].LineText != "tw\uFFFDo" || ds[0].Len != 1 {
		t.Errorf("got %+v, want one diagnostic quoting line 2", ds)
	}
}

func TestReadSymlinkEscape(t *testing.T) {
	outside := t.TempDir()
	writeTree(t, outside, map[string]string{"secret": "s"})
	root := t.TempDir()
	writeTree(t, root, map[string]string{"static/x": "->" + filepath.Join(outside, "secret")})
	var d diag.List
	if got := Read(root, File{Path: "static/x", Kind: Static}, &d); got != nil {
		t.Errorf("Read through a link out of the root = %q, want nil", got)
	}
	if !d.HasErrors() {
		t.Error("no error for a link out of the root")
	}
}

func TestReadMissing(t *testing.T) {
	var d diag.List
	if got := Read(t.TempDir(), File{Path: "content/briefs/gone.md", Kind: Brief}, &d); got != nil {
		t.Errorf("Read = %q, want nil", got)
	}
	ds := d.Sorted()
	if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), "content/briefs/gone.md: error: cannot read file: ") {
		t.Errorf("got %v", ds)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Config: "config", Static: "static", 0: "Kind(0)", 99: "Kind(99)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

// TestHumanSize checks the sizes of the size-limit error, which said
// "file is 50500055 bytes, over the limit of 8388608".
func TestHumanSize(t *testing.T) {
	for _, tt := range []struct {
		n           int64
		size, exact string
	}{
		{0, "0 bytes", "0 bytes"},
		{1, "1 byte", "1 byte"},
		{1023, "1023 bytes", "1023 bytes"},
		{1024, "1 KiB", "1 KiB"},
		{1536, "1.5 KiB", "1.5 KiB (1536 bytes)"},
		{8 << 20, "8 MiB", "8 MiB"},
		{8<<20 + 1, "8.0 MiB", "8.0 MiB (8388609 bytes)"},
		{50500055, "48.2 MiB", "48.2 MiB (50500055 bytes)"},
		{3 << 30, "3 GiB", "3 GiB"},
	} {
		if got := humanSize(tt.n); got != tt.size {
			t.Errorf("humanSize(%d) = %q, want %q", tt.n, got, tt.size)
		}
		if got := sizeExact(tt.n); got != tt.exact {
			t.Errorf("sizeExact(%d) = %q, want %q", tt.n, got, tt.exact)
		}
	}
}

// TestReadOverLimitMessage checks the message at the real limit, in units
// a person reads, with the exact size kept.
func TestReadOverLimitMessage(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "big.css"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(root, "big.css"), 50500055); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	if got := Read(root, File{Path: "big.css", Kind: Static}, &d); got != nil {
		t.Fatalf("Read returned %d bytes", len(got))
	}
	want := "big.css: error: file is 48.2 MiB (50500055 bytes), over the limit of 8 MiB"
	if g := strings.Join(diagStrings(&d), "\n"); g != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", g, want)
	}
}
