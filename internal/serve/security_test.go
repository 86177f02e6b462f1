package serve

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/site"
)

// TestTraversal asks for the secret file beside the site folder in every
// way a path can be written, and through symbolic links out of the site,
// and checks that no response holds a byte of it.
func TestTraversal(t *testing.T) {
	dir := makeSite(t)
	secretPath := filepath.Join(filepath.Dir(dir), "secret.txt")
	if err := os.Symlink(secretPath, filepath.Join(dir, "static/leak.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(dir), filepath.Join(dir, "static/up")); err != nil {
		t.Fatal(err)
	}
	r := start(t, dir, Options{})
	for _, target := range []string{
		"/book/../secret.txt", "/book/../../secret.txt", "/../secret.txt", "/book/%2e%2e/secret.txt",
		"/book/%2E%2E/%2e%2e/secret.txt", "/book/..%2fsecret.txt", "/book/..%2f..%2fsecret.txt",
		"/book/..%5csecret.txt", "/book/..\\secret.txt", "/book/%2e%2e%5csecret.txt",
		"/book/secret.txt%00.css", "/book/%00/../secret.txt", "/book/%c0%ae%c0%ae/secret.txt",
		"/book/%c0%af..%c0%afsecret.txt", "/book/%e0%80%ae%e0%80%ae/secret.txt",
		"/book//secret.txt", "/book/" + secretPath, "/book/" + "%2F" + strings.TrimPrefix(secretPath, "/"),
		secretPath, "/book/C:/Windows/win.ini", "/book/C:%5cWindows%5cwin.ini", "/book/c:\\secret.txt",
		"/book/leak.txt", "/book/up/secret.txt", "/book/up/site/briefbook.yaml", "/book/css/../../secret.txt",
		"http://evil.example/book/../secret.txt", "/book/./../secret.txt", "/book/briefs/alpha/../../../secret.txt",
	} {
		resp := r.raw(t, target)
		if strings.Contains(resp, secret) {
			t.Errorf("GET %s returned the secret:\n%s", target, resp)
		}
		if strings.HasPrefix(resp, "HTTP/1.1 200") {
			t.Errorf("GET %s: 200", target)
		}
	}
	// The site's own files outside the output are not served either.
	for _, target := range []string{"/book/briefbook.yaml", "/book/content/briefs/alpha.md", "/book/static/css/extra.css"} {
		if resp := r.raw(t, target); !strings.HasPrefix(resp, "HTTP/1.1 404") {
			t.Errorf("GET %s: %s", target, resp[:min(len(resp), 40)])
		}
	}
}

// TestHostOrigin checks the Host header of every request and the Origin
// of the events stream: a foreign name, or the right name on another port,
// gets 403 (DNS rebinding, another local site).
func TestHostOrigin(t *testing.T) {
	r := start(t, makeSite(t), Options{})
	port := r.addr[strings.LastIndex(r.addr, ":")+1:]
	for host, ok := range map[string]bool{
		"127.0.0.1:" + port: true, "localhost:" + port: true, "LOCALHOST:" + port: true,
		"[::1]:" + port: true, "localhost.:" + port: true,
		"evil.example:" + port: false, "localhost:1": false, "127.0.0.1": false,
		"127.0.0.2:" + port: false, "localhost.evil.example:" + port: false,
	} {
		req, _ := http.NewRequest("GET", "http://"+r.addr+"/book/", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.StatusCode != http.StatusForbidden; got != ok {
			t.Errorf("Host %q: %s", host, res.Status)
		}
	}
	// An HTTP/1.0 request with no Host header at all.
	conn, err := net.Dial("tcp", r.addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(conn, "GET /book/ HTTP/1.0\r\n\r\n")
	if line, _ := bufio.NewReader(conn).ReadString('\n'); !strings.HasPrefix(line, "HTTP/1.0 403") {
		t.Errorf("no Host: %q", line)
	}
	conn.Close()
	for origin, ok := range map[string]bool{
		"": true, "http://127.0.0.1:" + port: true, "http://localhost:" + port: true,
		"http://localhost:8080": false, "https://evil.example": false, "null": false,
		"http://evil.example:" + port: false, "https://localhost:" + port: false,
	} {
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+r.addr+"/__briefbook/events?path=/book/", nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.StatusCode == http.StatusOK; got != ok {
			t.Errorf("Origin %q: %s", origin, res.Status)
		}
		res.Body.Close()
		cancel()
	}
	req, _ := http.NewRequest("GET", "http://"+r.addr+"/__briefbook/events?path=/book/", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("Sec-Fetch-Site: cross-site: %v %v", res, err)
	}
}

// TestBindWarning checks that binding anything but loopback warns that
// the preview, drafts included, is visible to the network.
func TestBindWarning(t *testing.T) {
	r := start(t, makeSite(t), Options{Bind: "0.0.0.0"})
	if !strings.Contains(r.out.String(), "warning: listening on 0.0.0.0, not on loopback only: anyone on the network can read this preview, drafts") {
		t.Errorf("no warning:\n%s", r.out.String())
	}
	l := start(t, makeSite(t), Options{Bind: "localhost"})
	if strings.Contains(l.out.String(), "warning") {
		t.Errorf("warning on localhost:\n%s", l.out.String())
	}
}

// TestBurst sends 1,000 concurrent requests while 100 pages open and close
// their events streams, and checks that every request succeeds and that
// the number of goroutines comes back to what it was.
func TestBurst(t *testing.T) {
	r := start(t, makeSite(t), Options{})
	tr := &http.Transport{MaxIdleConnsPerHost: 1000}
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	r.get(t, "/book/")
	before := runtime.NumGoroutine()
	var wg sync.WaitGroup
	errs := make(chan error, 1100)
	for i := range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := []string{"/book/", "/book/briefs/alpha/", "/book/css/extra.css", "/book/nothing/"}[i%4]
			res, err := client.Get("http://" + r.addr + path)
			if err != nil {
				errs <- err
				return
			}
			defer res.Body.Close()
			if res.StatusCode != 200 && res.StatusCode != 404 {
				errs <- fmt.Errorf("%s: %s", path, res.Status)
			}
			bufio.NewReader(res.Body).WriteTo(new(strings.Builder))
		}()
	}
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+r.addr+"/__briefbook/events?path=/book/&gen=1", nil)
			res, err := client.Do(req)
			if err != nil {
				errs <- err
				return
			}
			line, err := bufio.NewReader(res.Body).ReadString('\n')
			if err != nil || line != "retry: 1000\n" {
				errs <- fmt.Errorf("events: %q %v", line, err)
			}
			cancel()
			res.Body.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	tr.CloseIdleConnections()
	deadline := time.Now().Add(20 * time.Second)
	for runtime.NumGoroutine() > before || r.srv.hub.count() > 0 {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("goroutines: %d before, %d after; %d streams open\n%s",
				before, runtime.NumGoroutine(), r.srv.hub.count(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// testServer returns a server of the site in dir with its first
// generation, not listening, for tests that call its handler.
func testServer(t testing.TB, dir string) *Server {
	s := &Server{root: dir, fresh: make(chan struct{}), hosts: newHostCheck("127.0.0.1", 80)}
	sit, gen, err := site.Open(context.Background(), dir, site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sit.Close() })
	s.site = sit
	s.st.Store(&state{gen: gen, base: "/book/"})
	return s
}

// FuzzRequestPath sends any request target to the handler and checks that
// it never panics, never returns the secret file beside the site, and
// answers 200 only for an output path of the generation.
func FuzzRequestPath(f *testing.F) {
	for _, s := range []string{"/book/", "/book/briefs/alpha/", "/book/css/extra.css", "/book/../secret.txt"} {
		f.Add(s)
	}
	dir := makeSite(f)
	if err := os.Symlink(filepath.Join(filepath.Dir(dir), "secret.txt"), filepath.Join(dir, "static/leak.txt")); err != nil {
		f.Fatal(err)
	}
	s := testServer(f, dir)
	gen := s.st.Load().gen
	f.Fuzz(func(t *testing.T, target string) {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")))
		if err != nil {
			return
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if strings.Contains(w.Body.String(), secret) {
			t.Fatalf("GET %q returned the secret", target)
		}
		if w.Code == http.StatusOK {
			out, ok := outputPath("/book/", req.URL.Path)
			if !ok || !has(gen, out) {
				t.Fatalf("GET %q: 200 for %q, not an output path", target, req.URL.Path)
			}
		}
	})
}

// TestOutputPath is a table of URL paths and the output paths they name.
func TestOutputPath(t *testing.T) {
	for _, c := range []struct{ base, in, want string }{
		{"/", "/", "index.html"},
		{"/", "/briefs/x/", "briefs/x/index.html"},
		{"/book/", "/book/", "index.html"},
		{"/book/", "/book/css/style.css", "css/style.css"},
		{"/book/", "/book/briefs/한일/", "briefs/한일/index.html"},
		{"/book/", "/briefs/x/", ""},
		{"/book/", "/bookx/", ""},
		{"/", "/../x", ""},
		{"/", "/a/../x", ""},
		{"/", "/a/./x", ""},
		{"/", "//x", ""},
		{"/", "/a//x", ""},
		{"/", "/a\\..\\x", ""},
		{"/", "/a\x00.css", ""},
		{"/", "/a\x7f", ""},
		{"/", "/\xc0\xae\xc0\xae/x", ""},
		{"/", "/C:/x", "C:/x"}, // a key like any other: not an output path
	} {
		got, ok := outputPath(c.base, c.in)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("outputPath(%q, %q) = %q, %v; want %q", c.base, c.in, got, ok, c.want)
		}
	}
}
