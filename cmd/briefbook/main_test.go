package main

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script from the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"briefbook": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the scripts in testdata/script: each builds a small site
// with the real briefbook command and checks its exit status, its output and
// the files it leaves. Run with -update to rewrite the expected output.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"writebytes": writeBytes,
			"bigfile":    bigFile,
		},
	})
}

// writeBytes implements "writebytes FILE QUOTED": it writes the Go-quoted
// string QUOTED, which may hold any byte ("\xff"), to FILE.
func writeBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: writebytes FILE QUOTED")
	}
	s, err := strconv.Unquote(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(s), 0o644))
}

// bigFile implements "bigfile FILE SIZE": it writes a markdown file of SIZE
// bytes to FILE.
func bigFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bigfile FILE SIZE")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	head := "---\ntitle: Big\ndate: 2021-04-06\ndomain: cyber\n---\n"
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(head+strings.Repeat("a", n-len(head))), 0o644))
}
