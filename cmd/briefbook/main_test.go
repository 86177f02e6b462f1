package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/briefbook/briefbook/internal/pdf"
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
			"snapshot":   snapshot,
			"freeport":   freePort,
			"httpget":    httpGet,
			"nobrowsers": noBrowsers,
		},
		Condition: condition,
	})
}

// condition implements the scripts' own conditions: [root] holds when the
// tests run as root, who can read files whatever their permission bits.
func condition(cond string) (bool, error) {
	if cond == "root" {
		return os.Geteuid() == 0, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// noBrowsers implements "nobrowsers": it takes out of the script's PATH
// every folder holding one of the browsers briefbook pdf looks for.
func noBrowsers(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: nobrowsers")
	}
	var keep []string
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		found := false
		for _, name := range pdf.Browsers {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				found = true
			}
		}
		if !found {
			keep = append(keep, dir)
		}
	}
	ts.Setenv("PATH", strings.Join(keep, string(filepath.ListSeparator)))
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

// snapshot implements "snapshot DIR FILE": it writes to FILE one line per
// file, folder and symbolic link under DIR (DIR included), with its path
// relative to DIR, its type and permissions, and for a file the SHA-256 of
// its content, for a link its target. Comparing the snapshots taken before
// and after a command with cmp shows whether it changed anything in DIR.
// FILE must lie outside DIR.
func snapshot(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: snapshot DIR FILE")
	}
	root := ts.MkAbs(args[0])
	var b strings.Builder
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %v", filepath.ToSlash(rel), info.Mode())
		switch {
		case info.Mode().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " %x", sha256.Sum256(data))
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " -> %s", target)
		}
		b.WriteByte('\n')
		return nil
	})
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(b.String()), 0o644))
}

// freePort implements "freeport VAR": it sets the environment variable VAR
// to a TCP port that is free on the loopback interface now.
func freePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ts.Check(ln.Close())
	ts.Setenv(args[0], strconv.Itoa(port))
}

// httpGet implements "httpget URL PATTERN": it fetches URL until the answer
// is 200 OK with a body matching the regular expression PATTERN, trying
// again for up to 30 seconds (a server started in the background may not
// be listening yet, or not have seen an edit yet), and fails after that.
func httpGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: httpget URL PATTERN")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	client := &http.Client{Timeout: 10 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		resp, err := client.Get(args[0])
		if err != nil {
			last = err.Error()
		} else {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && re.Match(body) {
				return
			}
			last = fmt.Sprintf("%s: %.300s", resp.Status, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("GET %s: no 200 answer matching %q; last: %s", args[0], args[1], last)
}
