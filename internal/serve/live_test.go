package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestServe checks what is served: pages under the base path with the
// live script, static files, redirects, the 404 page with its notice,
// drafts only with Drafts, and the terminal's first lines.
func TestServe(t *testing.T) {
	dir := makeSite(t)
	r := start(t, dir, Options{})
	if !strings.HasSuffix(r.url, "/book/") {
		t.Errorf("URL %s does not end in the base path /book/", r.url)
	}
	for _, want := range []string{"briefbook serve: 2 briefs,", "Serving the book at " + r.url} {
		if !strings.Contains(r.out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, r.out.String())
		}
	}
	code, body := r.get(t, "/book/briefs/alpha/")
	if code != 200 || !strings.Contains(body, "Alpha ends here.") {
		t.Fatalf("alpha: %d\n%s", code, tail(body))
	}
	if !strings.Contains(body, `<script src="/__briefbook/live.js" data-gen="1" data-hash="`) ||
		!strings.HasSuffix(body, "></script></body></html>") {
		t.Errorf("alpha has no live script before </body>:\n%s", tail(body))
	}
	if code, body := r.get(t, "/book/css/extra.css"); code != 200 || !strings.Contains(body, "color:#000") && !strings.Contains(body, "color:black") {
		t.Errorf("extra.css: %d %q", code, body)
	}
	if code, body := r.get(t, "/__briefbook/live.js"); code != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("live.js: %d", code)
	}
	for path, want := range map[string]string{"/book": "/book/", "/book/briefs/alpha": "/book/briefs/alpha/"} {
		resp := r.raw(t, path)
		if !strings.HasPrefix(resp, "HTTP/1.1 302") || !strings.Contains(resp, "\r\nLocation: "+want+"\r\n") {
			t.Errorf("GET %s: want a redirect to %s, got\n%s", path, want, resp)
		}
	}
	code, body = r.get(t, "/book/briefs/draft/")
	if code != 404 || !strings.Contains(body, "there is no page at <code>/book/briefs/draft/</code>") ||
		!strings.Contains(body, `data-hash="missing"`) {
		t.Errorf("draft without Drafts: %d\n%s", code, tail(body))
	}
	code, body = r.get(t, "/briefs/alpha/")
	if code != 404 || !strings.Contains(body, `The book is served under <a href="/book/">/book/</a>`) {
		t.Errorf("outside the base path: %d\n%s", code, tail(body))
	}
	resp, err := http.Post("http://"+r.addr+"/book/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %s", resp.Status)
	}

	d := start(t, dir, Options{Drafts: true, BaseURL: "http://localhost/"})
	if code, body := d.get(t, "/briefs/draft/"); code != 200 || !strings.Contains(body, "Not yet.") {
		t.Errorf("draft with Drafts and --base-url: %d", code)
	}
}

// TestLive edits the book under a listening page and checks each event
// the page gets: reload when its own bytes change, nothing when another
// page changes that does not touch it, follow to a saved brief, the
// errors overlay and its removal (the last good page served meanwhile), a
// stylesheet swapped without a reload, and gone when its file is removed.
func TestLive(t *testing.T) {
	dir := makeSite(t)
	r := start(t, dir, Options{})
	e := r.listen(t, "/book/briefs/alpha/")

	writeFile(t, dir, "content/briefs/alpha.md", strings.Replace(files["content/briefs/alpha.md"], "Alpha ends here.", "Alpha ends elsewhere.", 1))
	if name, _ := e.next(t); name != "reload" {
		t.Fatalf("edit of the page's brief: event %q, want reload", name)
	}
	r.eventually(t, "/book/briefs/alpha/", "Alpha ends elsewhere.")

	writeFile(t, dir, "content/briefs/beta.md", strings.Replace(files["content/briefs/beta.md"], "Beta text.", "Beta text, edited.", 1))
	if name, data := e.next(t); name != "follow" || !strings.Contains(data, `"/book/briefs/beta/"`) {
		t.Fatalf("save of another brief: event %q %s, want follow to beta", name, data)
	}

	// The page's own frontmatter broken: errors, and the last good page.
	writeFile(t, dir, "content/briefs/alpha.md", "---\ntitle: [Alpha\n---\nBroken.\n")
	name, data := e.next(t)
	var problems []problem
	if name != "errors" || json.Unmarshal([]byte(data), &problems) != nil || len(problems) == 0 ||
		!strings.HasPrefix(problems[0].Text, "content/briefs/alpha.md:") || problems[0].URL != "/book/briefs/alpha/" {
		t.Fatalf("broken frontmatter: event %q %s, want errors naming alpha.md with its page", name, data)
	}
	if _, body := r.get(t, "/book/briefs/alpha/"); !strings.Contains(body, "Alpha ends elsewhere.") {
		t.Errorf("with the book broken, alpha is not its last good version:\n%s", tail(body))
	}
	if !strings.Contains(r.out.String(), "still serving generation") || !strings.Contains(r.out.String(), "\n"+problems[0].Text+"\n") {
		t.Errorf("terminal does not show the error %q as the overlay does:\n%s", problems[0].Text, r.out.String())
	}
	writeFile(t, dir, "content/briefs/alpha.md", strings.Replace(files["content/briefs/alpha.md"], "Alpha ends here.", "Alpha ends elsewhere.", 1))
	for {
		name, data := nextAny(t, e)
		if name == "errors" && data == "[]" {
			break
		}
		if name != "errors" {
			t.Fatalf("fixing the page's own error back to its last good bytes: event %q %s", name, data)
		}
	}

	// A stylesheet: swapped, not reloaded, although every page's link to
	// it changes.
	writeFile(t, dir, "static/css/extra.css", "body { color: navy }\n")
	if name, data := e.next(t); name != "css" || data != `{"urls":["/book/css/extra.css"]}` {
		t.Fatalf("stylesheet change: event %q %s, want css\n%s", name, data, r.out.String())
	}

	// The page's file removed: gone, and a 404 with the notice.
	if err := os.Remove(filepath.Join(dir, "content/briefs/alpha.md")); err != nil {
		t.Fatal(err)
	}
	for {
		name, _ := e.next(t)
		if name == "errors" {
			continue // beta's link to alpha is broken now
		}
		if name != "gone" {
			t.Fatalf("removal: event %q, want gone", name)
		}
		break
	}
	if code, body := r.get(t, "/book/briefs/alpha/"); code != 404 || !strings.Contains(body, "Its file may have been renamed or deleted.") {
		t.Errorf("removed page: %d\n%s", code, tail(body))
	}
}

// nextAny returns the next event, empty error lists included.
func nextAny(t *testing.T, e *events) (string, string) {
	t.Helper()
	ev, ok := <-e.ch
	if !ok {
		t.Fatal("the events stream ended")
	}
	return ev[0], ev[1]
}

// TestNoFollow checks that with NoFollow a page stays put when another
// brief is saved, and that a page loaded before a rebuild reloads as soon
// as it listens.
func TestNoFollow(t *testing.T) {
	dir := makeSite(t)
	r := start(t, dir, Options{NoFollow: true})
	e := r.listen(t, "/book/briefs/alpha/")
	writeFile(t, dir, "content/briefs/beta.md", strings.Replace(files["content/briefs/beta.md"], "Beta text.", "Beta, no follow.", 1))
	r.eventually(t, "/book/briefs/beta/", "Beta, no follow.")
	writeFile(t, dir, "content/briefs/alpha.md", files["content/briefs/alpha.md"]+"More.\n")
	if name, data := e.next(t); name != "reload" {
		t.Fatalf("event %q %s; want only the reload for alpha's own edit", name, data)
	}

	// A page loaded from an older generation: reload on connect.
	_, body := r.get(t, "/book/briefs/beta/")
	writeFile(t, dir, "content/briefs/beta.md", files["content/briefs/beta.md"]+"Later.\n")
	r.eventually(t, "/book/briefs/beta/", "Later.")
	resp, err := http.Get("http://" + r.addr + "/__briefbook/events?path=/book/briefs/beta/&gen=" + attr(body, "data-gen") + "&hash=" + attr(body, "data-hash"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 4096)
	got := ""
	for !strings.Contains(got, "event: reload") {
		n, err := resp.Body.Read(buf)
		if err != nil {
			t.Fatalf("stream ended with %q: %v", got, err)
		}
		got += string(buf[:n])
	}
}

// TestRename renames the file of the page being read: with NoFollow the
// page gets "gone" naming the brief's new page, which its script shows
// with a link; by default it follows to the new page. Asked for again, the
// old address gets the 404 page that says its file may have been renamed.
func TestRename(t *testing.T) {
	const gamma = "---\ntitle: Gamma\ndate: 2021-04-09\ndomain: cyber\n---\nNobody links to gamma.\n"
	for _, noFollow := range []bool{true, false} {
		dir := makeSite(t)
		writeFile(t, dir, "content/briefs/gamma.md", gamma)
		r := start(t, dir, Options{NoFollow: noFollow})
		e := r.listen(t, "/book/briefs/gamma/")
		if err := os.Rename(filepath.Join(dir, "content/briefs/gamma.md"), filepath.Join(dir, "content/briefs/delta.md")); err != nil {
			t.Fatal(err)
		}
		name, data := e.next(t)
		want := [2]string{"follow", `{"url":"/book/briefs/delta/"}`}
		if noFollow {
			want = [2]string{"gone", `{"moved":"/book/briefs/delta/"}`}
		}
		if name != want[0] || data != want[1] {
			t.Errorf("NoFollow %v: event %q %s, want %q %s", noFollow, name, data, want[0], want[1])
		}
		if code, body := r.get(t, "/book/briefs/gamma/"); code != 404 || !strings.Contains(body, "Its file may have been renamed or deleted.") {
			t.Errorf("the old address: %d\n%s", code, tail(body))
		}
		if code, body := r.get(t, "/book/briefs/delta/"); code != 200 || !strings.Contains(body, "Nobody links to gamma.") {
			t.Errorf("the new address: %d\n%s", code, tail(body))
		}
	}
}

// TestNeverStale asks for a page while the change saved before is still
// being applied (held up by the test): the answer waits for it and is the
// new page, never the one before the save.
func TestNeverStale(t *testing.T) {
	dir := makeSite(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	r := startWith(t, dir, Options{}, func(s *Server) {
		s.busy = func() {
			if calls.Add(1) == 2 { // the first update
				close(entered)
				<-release
			}
		}
	})
	writeFile(t, dir, "content/briefs/beta.md", strings.Replace(files["content/briefs/beta.md"], "Beta text.", "Beta, fresh.", 1))
	select {
	case <-entered:
	case <-time.After(30 * time.Second):
		t.Fatal("the change was never applied")
	}
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + r.addr + "/book/briefs/beta/")
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		got <- string(body)
	}()
	time.Sleep(200 * time.Millisecond) // lets the request reach the server: not a bound
	select {
	case body := <-got:
		t.Fatalf("answered while the change was being applied:\n%s", tail(body))
	default:
	}
	close(release)
	if body := <-got; !strings.Contains(body, "Beta, fresh.") {
		t.Errorf("the page asked for during the update is not the saved one:\n%s", tail(body))
	}
}

// TestServedBeforeTold checks that a page asked for after a change is
// answered from the new generation as soon as it is stored, without
// waiting for the open pages to be told (each of which is rendered again
// for that): the hub is held here, so the worker stays in the telling.
func TestServedBeforeTold(t *testing.T) {
	dir := makeSite(t)
	r := start(t, dir, Options{})
	first := r.srv.st.Load().gen
	r.srv.hub.mu.Lock()
	locked := true
	defer func() {
		if locked {
			r.srv.hub.mu.Unlock()
		}
	}()
	writeFile(t, dir, "content/briefs/beta.md", strings.Replace(files["content/briefs/beta.md"], "Beta text.", "Beta, told later.", 1))
	for i := 0; r.srv.st.Load().gen == first; i++ {
		if i == 3000 { // a bound against hanging, not a timing assertion
			t.Fatal("the change was never applied")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The worker has stored the new state and waits for the hub: the
	// batch must count as applied (stored just after the state).
	for i := 0; r.srv.applied.Load() < r.srv.wanted.Load(); i++ {
		if i == 1000 { // a bound against hanging, not a timing assertion
			t.Fatalf("while the open pages are being told, %d of %d batches count as applied: requests wait for the telling",
				r.srv.applied.Load(), r.srv.wanted.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	code, body := r.get(t, "/book/briefs/beta/")
	if code != 200 || !strings.Contains(body, "Beta, told later.") {
		t.Errorf("page asked for while the open pages are being told: %d\n%s", code, tail(body))
	}
	r.srv.hub.mu.Unlock()
	locked = false
}
