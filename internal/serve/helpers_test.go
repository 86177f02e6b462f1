package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// files is a small book: two briefs that link to each other, a draft, a
// stylesheet of the site's own and a secret beside the site folder.
var files = map[string]string{
	"briefbook.yaml": "title: Test Book\nbaseURL: https://example.org/book/\n",
	"content/briefs/alpha.md": "---\ntitle: Alpha\ndate: 2021-04-06\ndomain: cyber\n---\n" +
		"Alpha links to [[beta]].\n\n" + strings.Repeat("A long paragraph of alpha text that makes the page tall.\n\n", 80) + "Alpha ends here.\n",
	"content/briefs/beta.md":  "---\ntitle: Beta\ndate: 2021-04-07\ndomain: cyber\n---\nBeta text.\n",
	"content/briefs/draft.md": "---\ntitle: Draft\ndate: 2021-04-08\ndomain: cyber\ndraft: true\n---\nNot yet.\n",
	"static/css/extra.css":    "body { color: black }\n",
}

// secret is the content of a file beside the site folder that no request
// may ever read.
const secret = "TOP-SECRET-BESIDE-THE-SITE"

// makeSite writes files into a new folder and returns the site folder,
// which has a secret file beside it.
func makeSite(t testing.TB) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	for name, content := range files {
		writeFile(t, dir, name, content)
	}
	writeFile(t, parent, "secret.txt", secret)
	return dir
}

// writeFile writes content to the slash-separated path rel under dir, as
// editors save: to a hidden file beside it, renamed over it, so that the
// server never sees it half written (package watch tests writes in place).
func writeFile(t testing.TB, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// running is a server started by start.
type running struct {
	url  string // home page, "http://127.0.0.1:PORT/book/"
	addr string // "127.0.0.1:PORT"
	srv  *Server
	out  *syncBuffer
	stop func() error // stops it and returns Run's error
}

// syncBuffer is a bytes buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// start runs a server on dir on a free loopback port until the test ends.
func start(t testing.TB, dir string, opts Options) *running {
	t.Helper()
	return startWith(t, dir, opts, nil)
}

// startWith is start, calling made, if not nil, with the server once made
// and before it opens the book.
func startWith(t testing.TB, dir string, opts Options, made func(*Server)) *running {
	t.Helper()
	out := &syncBuffer{}
	opts.Source, opts.Port, opts.Stdout, opts.Stderr = dir, 0, out, out
	ready := make(chan string, 1)
	opts.Ready = func(u string) { ready <- u }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var srv *Server
	go func() {
		done <- run(ctx, opts, func(s *Server) {
			srv = s
			if made != nil {
				made(s)
			}
		})
	}()
	r := &running{out: out}
	select {
	case r.url = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("Run: %v", err)
	case <-time.After(3 * time.Minute): // a bound against hanging: a 1,000-brief book under -race on a loaded machine takes minutes
		cancel()
		t.Fatal("the server did not start")
	}
	r.srv = srv
	r.addr = strings.TrimPrefix(r.url, "http://")
	r.addr = r.addr[:strings.Index(r.addr, "/")]
	stopped := false
	var runErr error
	r.stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(10 * time.Second):
				t.Error("the server did not stop")
			}
		}
		return runErr
	}
	t.Cleanup(func() {
		r.stop()
		if t.Failed() {
			t.Logf("server output:\n%s", out.String())
		}
	})
	return r
}

// get fetches path (under the server's root, "/book/briefs/alpha/") and
// returns the status and body.
func (r *running) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + r.addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

// eventually fetches path until its body contains want, failing after 10 s
// (a bound against hanging, not a timing assertion).
func (r *running) eventually(t testing.TB, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := r.get(t, path)
		if strings.Contains(body, want) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s never contained %q; last body:\n%s\nserver output:\n%s", path, want, tail(body), r.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tail(s string) string {
	if len(s) > 600 {
		return "…" + s[len(s)-600:]
	}
	return s
}

// raw sends a request line and headers as they are over a new connection
// and returns the whole response.
func (r *running) raw(t testing.TB, target string, headers ...string) string {
	t.Helper()
	conn, err := net.Dial("tcp", r.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	req := "GET " + target + " HTTP/1.1\r\nHost: " + r.addr + "\r\nConnection: close\r\n"
	for _, h := range headers {
		req += h + "\r\n"
	}
	fmt.Fprint(conn, req+"\r\n")
	data, _ := io.ReadAll(conn)
	return string(data)
}

// events is an open events stream.
type events struct {
	resp *http.Response
	ch   chan [2]string // name, data
}

// listen opens the events stream of the page at path as the live script
// of that page does, with the generation and hash the page carries.
func (r *running) listen(t testing.TB, path string) *events {
	t.Helper()
	_, body := r.get(t, path)
	gen, hash := attr(body, "data-gen"), attr(body, "data-hash")
	u := fmt.Sprintf("http://%s/__briefbook/events?path=%s&gen=%s&hash=%s", r.addr, path, gen, hash)
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("events: %s", resp.Status)
	}
	e := &events{resp: resp, ch: make(chan [2]string, 100)}
	go func() {
		defer close(e.ch)
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				e.ch <- [2]string{name, line[len("data: "):]}
			}
		}
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return e
}

// attr returns the value of the first attribute name="..." in page.
func attr(page, name string) string {
	i := strings.Index(page, name+`="`)
	if i < 0 {
		return ""
	}
	rest := page[i+len(name)+2:]
	return rest[:strings.IndexByte(rest, '"')]
}

// next returns the next event other than "errors" with an empty list,
// failing after 10 s.
func (e *events) next(t testing.TB) (string, string) {
	t.Helper()
	for {
		select {
		case ev, ok := <-e.ch:
			if !ok {
				t.Fatal("the events stream ended")
			}
			if ev[0] == "errors" && ev[1] == "[]" {
				continue
			}
			return ev[0], ev[1]
		case <-time.After(10 * time.Second):
			t.Fatal("no event")
		}
	}
}
