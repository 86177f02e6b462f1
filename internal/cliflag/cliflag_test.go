package cliflag

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
)

func testFlags(w *bytes.Buffer) *flag.FlagSet {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.String("source", ".", "the site `DIR` to build")
	fs.String("output", "", "the `DIR` to write the site to")
	fs.Int("port", 1313, "the TCP `PORT`")
	fs.Bool("drafts", false, "include draft briefs")
	fs.Usage = func() { w.WriteString("usage: briefbook build\n") }
	return fs
}

func TestPrintDefaults(t *testing.T) {
	var b bytes.Buffer
	PrintDefaults(&b, testFlags(&b))
	want := `  --drafts
    	include draft briefs
  --output DIR
    	the DIR to write the site to
  --port PORT
    	the TCP PORT (default 1313)
  --source DIR
    	the site DIR to build (default .)
`
	if b.String() != want {
		t.Errorf("PrintDefaults:\n%s\nwant:\n%s", b.String(), want)
	}
	if strings.Contains(b.String(), "\n  -o") {
		t.Error("a flag written with one dash")
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // first line printed
		help bool
	}{
		{[]string{"--ouput", "x"}, "briefbook build: unknown flag --ouput; did you mean --output?", false},
		{[]string{"-ouput=x"}, "briefbook build: unknown flag --ouput; did you mean --output?", false},
		{[]string{"--draft"}, "briefbook build: unknown flag --draft; did you mean --drafts?", false},
		{[]string{"--bogus"}, "briefbook build: unknown flag --bogus", false},
		// A short flag of other tools, or the start of a name: the flags it starts.
		{[]string{"-o", "x"}, "briefbook build: unknown flag --o; did you mean --output?", false},
		{[]string{"--out=x"}, "briefbook build: unknown flag --out; did you mean --output?", false},
		{[]string{"-p", "8080"}, "briefbook build: unknown flag --p; did you mean --port?", false},
		{[]string{"-s", "."}, "briefbook build: unknown flag --s; did you mean --source?", false},
		{[]string{"-d"}, "briefbook build: unknown flag --d; did you mean --drafts?", false},
		{[]string{"--output"}, "briefbook build: flag needs an argument: --output", false},
		{[]string{"--port", "x"}, `briefbook build: invalid value "x" for flag --port: parse error`, false},
		{[]string{"--help"}, "usage: briefbook build", true},
		{[]string{"-h"}, "usage: briefbook build", true},
	} {
		var b bytes.Buffer
		err := Parse(testFlags(&b), tc.args)
		if err == nil || errors.Is(err, flag.ErrHelp) != tc.help {
			t.Errorf("Parse(%q) = %v", tc.args, err)
		}
		first, rest, _ := strings.Cut(b.String(), "\n")
		if first != tc.want {
			t.Errorf("Parse(%q) printed %q, want %q", tc.args, first, tc.want)
		}
		if !tc.help && rest != "usage: briefbook build\n" {
			t.Errorf("Parse(%q): the usage does not follow the message: %q", tc.args, rest)
		}
	}
	var b bytes.Buffer
	if err := Parse(testFlags(&b), []string{"--output", "x", "-drafts"}); err != nil || b.Len() > 0 {
		t.Errorf("valid flags: %v, %q", err, b.String())
	}
}

// TestMessageSeveralStarts checks that a name starting several flags names
// them all, in the order of their names.
func TestMessageSeveralStarts(t *testing.T) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Bool("no-open", false, "")
	fs.Bool("no-follow", false, "")
	fs.Int("port", 0, "")
	fs.SetOutput(new(bytes.Buffer))
	err := fs.Parse([]string{"--no"})
	want := "unknown flag --no; did you mean --no-follow or --no-open?"
	if got := Message(fs, err); got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
}
