package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEscapedOutput builds sites whose file names and output folder hold
// control characters (issue 7) and checks that briefbook prints them
// escaped: no escape sequence reaches the terminal, and no file name can
// print a line of its own. File names with control characters cannot be
// written in a testscript archive, hence a Go test.
func TestEscapedOutput(t *testing.T) {
	brief := "---\ntitle: A\ndate: 2021-04-06\ndomain: cyber\n---\nA.\n"
	tests := []struct {
		name   string
		files  map[string]string
		output string   // --output, relative to the site folder; "" for the default
		code   int      // exit status
		want   []string // lines or starts of lines of stdout and stderr, %SITE% for the site folder
	}{
		{
			name:  "escape sequence in a file name",
			files: map[string]string{"content/briefs/\x1b[31mred.md": "no frontmatter\n"},
			code:  exitFail,
			want: []string{
				`content/briefs/\x1b[31mred.md:1:1: error: missing frontmatter`,
				"1 error, 0 warnings",
			},
		},
		{
			name:  "newline in a file name",
			files: map[string]string{"content/briefs/x.md\nforged.md:1:1: error: fake.md": "no frontmatter\n"},
			code:  exitFail,
			want: []string{
				`content/briefs/x.md\nforged.md:1:1: error: fake.md:1:1: error: missing frontmatter`,
				"1 error, 0 warnings",
			},
		},
		{
			name:  "bidi override in a file name",
			files: map[string]string{"content/briefs/\u202edm.txt.md": "no frontmatter\n"},
			code:  exitFail,
			want:  []string{`content/briefs/\u202edm.txt.md:1:1: error: missing frontmatter`},
		},
		{
			name: "control characters in an error that is not a diagnostic",
			files: map[string]string{
				"content/briefs/a.md":          brief,
				"out\x1b]0;pwned\x07/mine.txt": "mine",
			},
			output: "out\x1b]0;pwned\x07",
			code:   exitFail,
			want:   []string{`briefbook: refusing to write to ` + "%SITE%" + `/out\x1b]0;pwned\x07: folder is not empty`},
		},
		{
			name:   "control characters in the summary line",
			files:  map[string]string{"content/briefs/a.md": brief},
			output: "pub\x1b[2J",
			code:   exitOK,
			want:   []string{`→ %SITE%/pub\x1b[2J/`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := t.TempDir()
			for name, content := range tt.files {
				p := filepath.Join(site, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Skipf("the file system does not take this file name: %v", err)
				}
			}
			args := []string{"build", "--source", site}
			if tt.output != "" {
				args = append(args, "--output", filepath.Join(site, tt.output))
			}
			var stdout, stderr bytes.Buffer
			if code := run(args, &stdout, &stderr); code != tt.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			got := stdout.String() + stderr.String()
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "%SITE%", site); !strings.Contains(got, w) {
					t.Errorf("output does not hold %q:\n%s", w, got)
				}
			}
			if strings.ContainsAny(got, "\x1b\x07\u202e") {
				t.Errorf("output holds a control character: %q", got)
			}
			for line := range strings.Lines(got) {
				if strings.HasPrefix(line, "forged.md") {
					t.Errorf("a file name printed a line of its own: %q", line)
				}
			}
		})
	}
}
