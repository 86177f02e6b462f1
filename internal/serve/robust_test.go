package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/briefbook/briefbook/internal/testtheme"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/site"
)

// TestBrokenBook breaks the book in each way that makes an Update fail or
// report errors and checks that the server keeps serving the last good
// page, shows the error, and recovers when it is fixed.
func TestBrokenBook(t *testing.T) {
	dir := makeSite(t)
	r := start(t, dir, Options{})
	e := r.listen(t, "/book/briefs/beta/")
	breaks := []struct {
		name  string
		brk   func(t *testing.T)
		fix   func(t *testing.T)
		error string // in the overlay
	}{
		{"template that does not parse", func(t *testing.T) {
			writeFile(t, dir, "templates/brief.html", `{{ define "main" }}{{ if }}{{ end }}`)
		}, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "templates/brief.html"))
		}, "templates/brief.html:1:20: error: missing value for if"},
		{"50 MB file", func(t *testing.T) {
			writeFile(t, dir, "content/briefs/big.md", "---\ntitle: Big\ndate: 2021-04-06\ndomain: cyber\n---\n"+strings.Repeat("a", 50<<20))
		}, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "content/briefs/big.md"))
		}, "content/briefs/big.md"},
		{"file deleted mid-save", func(t *testing.T) {
			os.Remove(filepath.Join(dir, "content/briefs/beta.md")) // alpha links to it
		}, func(t *testing.T) {
			writeFile(t, dir, "content/briefs/beta.md", files["content/briefs/beta.md"])
		}, `unknown brief \"beta\"`},
		{"file that is not UTF-8", func(t *testing.T) {
			writeFile(t, dir, "content/briefs/bad.md", "---\ntitle: Bad\ndate: 2021-04-06\ndomain: cyber\n---\n\xff\xfe\n")
		}, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "content/briefs/bad.md"))
		}, "content/briefs/bad.md"},
	}
	for _, c := range breaks {
		t.Run(c.name, func(t *testing.T) {
			c.brk(t)
			waitErrors(t, e, c.error)
			if code, body := r.get(t, "/book/briefs/beta/"); code != 200 || !strings.Contains(body, "Beta text.") {
				t.Errorf("broken book: beta %d\n%s", code, tail(body))
			}
			c.fix(t)
			waitErrors(t, e, "")
			r.get(t, "/book/")
		})
	}
	if err := r.stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
}

// waitErrors waits for an errors event: one whose text holds want, or,
// when want is "", an empty one. Events for the page are skipped.
func waitErrors(t *testing.T, e *events, want string) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev, ok := <-e.ch:
			if !ok {
				t.Fatal("the events stream ended")
			}
			if ev[0] != "errors" {
				continue
			}
			var ps []problem
			if err := json.Unmarshal([]byte(ev[1]), &ps); err != nil {
				t.Fatal(err)
			}
			if want == "" && len(ps) == 0 {
				return
			}
			if want != "" && len(ps) > 0 && strings.Contains(ev[1], want) {
				return
			}
		case <-deadline:
			t.Fatalf("no errors event with %q", want)
		}
	}
}

// TestOpenFails starts on a book whose template does not parse: the
// server serves an error page, and the book once it is fixed.
func TestOpenFails(t *testing.T) {
	dir := makeSite(t)
	writeFile(t, dir, "templates/layout.html", `{{ define "layout" }}{{ if }}`)
	r := start(t, dir, Options{})
	code, body := r.get(t, "/book/")
	if code != 500 || !strings.Contains(body, "templates/layout.html:1:22: error: missing value for if") || !strings.Contains(body, "/__briefbook/live.js") {
		t.Errorf("error page: %d\n%s", code, body)
	}
	// The terminal shows it as build does: the line, with its number.
	if out := r.out.String(); !strings.Contains(out, "templates/layout.html:1:22: error: missing value for if\n    1 | {{ define \"layout\" }}{{ if }}") {
		t.Errorf("terminal:\n%s", out)
	}
	os.Remove(filepath.Join(dir, "templates/layout.html"))
	r.eventually(t, "/book/briefs/alpha/", "Alpha ends here.")
}

// TestUnreadable makes a brief unreadable: an error, and the last good
// page. Root reads any file, so the test needs another user.
func TestUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, who can read a file whatever its permissions")
	}
	dir := makeSite(t)
	r := start(t, dir, Options{})
	e := r.listen(t, "/book/briefs/beta/")
	p := filepath.Join(dir, "content/briefs/beta.md")
	os.Chmod(p, 0)
	waitErrors(t, e, "content/briefs/beta.md")
	os.Chmod(p, 0o644)
	waitErrors(t, e, "")
}

// TestCheckout replaces 1,000 briefs of a book at once, as checking out
// another branch does, and checks that the server rebuilt at most twice
// and serves what a clean opening of the new files gives.
func TestCheckout(t *testing.T) {
	dir := t.TempDir()
	if _, err := gen.Generate(gen.Options{N: 1000, Out: dir, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	if _, err := gen.Generate(gen.Options{N: 1000, Out: other, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	r := start(t, dir, Options{Drafts: true})
	// The checkout: the book's files removed, the other branch's written.
	var paths []string
	filepath.WalkDir(other, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) < 1000 {
		t.Fatalf("%d files in the other book", len(paths))
	}
	os.RemoveAll(filepath.Join(dir, "content"))
	for _, p := range paths {
		rel, _ := filepath.Rel(other, p)
		data, _ := os.ReadFile(p)
		writeFile(t, dir, filepath.ToSlash(rel), string(data))
	}
	// Wait until the served generation has the other book's briefs.
	deadline := time.Now().Add(60 * time.Second)
	for {
		st := r.srv.st.Load()
		if st.gen != nil && sameBriefs(st.gen, other) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never caught up; output:\n%s", r.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a late batch would show as a third rebuild
	r.get(t, "/book/")                 // waits for any batch pending
	t.Logf("%d rebuilds", r.srv.rebuilds.Load())
	if n := r.srv.rebuilds.Load(); n > 2 {
		t.Errorf("%d rebuilds for one checkout, want at most 2:\n%s", n, rebuildLines(r.out.String()))
	}
	// Same pages as a clean open of the same files.
	_, clean, err := site.Open(context.Background(), dir, site.Options{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	served := r.srv.st.Load().gen
	if fmt.Sprint(served.Paths()) != fmt.Sprint(clean.Paths()) {
		t.Fatalf("paths differ from a clean open: %d vs %d", len(served.Paths()), len(clean.Paths()))
	}
	for _, p := range clean.Paths() {
		a, errA := served.Render(nil, p)
		b, errB := clean.Render(nil, p)
		if errA != nil || errB != nil || string(a) != string(b) {
			t.Fatalf("%s differs from a clean open (%v, %v)", p, errA, errB)
		}
	}
}

// rebuildLines returns the lines of out that say what a rebuild read,
// leaving out the diagnostics.
func rebuildLines(out string) string {
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "rebuil") || strings.HasPrefix(l, "warning:") || strings.HasPrefix(l, "still serving") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// sameBriefs reports whether g's briefs come from the files of the book
// in dir.
func sameBriefs(g *site.Generation, dir string) bool {
	want := map[string]bool{}
	filepath.WalkDir(filepath.Join(dir, "content/briefs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(dir, p)
			want[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if len(g.Book.Briefs) != len(want) {
		return false
	}
	for _, b := range g.Book.Briefs {
		if !want[b.Path] {
			return false
		}
	}
	return true
}

// TestShutdown stops a server with pages listening and checks that it
// returns, closes their streams and leaves the site folder as it was.
func TestShutdown(t *testing.T) {
	dir := makeSite(t)
	before := tree(t, filepath.Dir(dir))
	r := start(t, dir, Options{})
	e := r.listen(t, "/book/briefs/alpha/")
	r.get(t, "/book/")
	if err := r.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	for range e.ch {
	}
	if after := tree(t, filepath.Dir(dir)); after != before {
		t.Errorf("the folder changed:\n%s\nnow:\n%s", before, after)
	}
}

// TestStopWhileBusy stops the server while it opens the book and while it
// applies a change, each held up for as long as the test likes (as a
// resolve of a very large book would), and checks that Run returns without
// waiting for it, says nothing of the work it interrupted, and writes
// nothing.
func TestStopWhileBusy(t *testing.T) {
	t.Run("opening", func(t *testing.T) {
		dir := makeSite(t)
		before := tree(t, filepath.Dir(dir))
		entered, release := make(chan struct{}), make(chan struct{})
		defer close(release)
		var once sync.Once
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		out := &syncBuffer{}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, Options{Source: dir, Stdout: out, Stderr: out}, func(s *Server) {
				s.busy = func() {
					once.Do(func() { close(entered) })
					<-release
				}
			})
		}()
		select {
		case <-entered:
		case <-time.After(30 * time.Second):
			t.Fatal("the book was never opened")
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run waited for the opening to finish")
		}
		if out.String() != "" {
			t.Errorf("stopped while opening, it printed:\n%s", out.String())
		}
		if after := tree(t, filepath.Dir(dir)); after != before {
			t.Errorf("the folder changed:\n%s\nnow:\n%s", before, after)
		}
	})
	t.Run("applying a change", func(t *testing.T) {
		dir := makeSite(t)
		entered, release := make(chan struct{}), make(chan struct{})
		defer close(release)
		var calls atomic.Int32
		r := startWith(t, dir, Options{}, func(s *Server) {
			s.busy = func() {
				if calls.Add(1) == 2 { // the first update
					close(entered)
					<-release
				}
			}
		})
		writeFile(t, dir, "content/briefs/beta.md", files["content/briefs/beta.md"]+"Edited.\n")
		select {
		case <-entered:
		case <-time.After(30 * time.Second):
			t.Fatal("the change was never applied")
		}
		if err := r.stop(); err != nil { // fails the test if Run waits
			t.Errorf("Run: %v", err)
		}
		if strings.Contains(r.out.String(), "rebuil") {
			t.Errorf("stopped while applying a change, it printed:\n%s", r.out.String())
		}
	})
}

// tree lists every file under dir with its size and modification time.
func tree(t *testing.T, dir string) string {
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %v %d %v\n", p, info.Mode(), info.Size(), info.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRenderFailureShown overrides a partial with a template that fails
// only on the page's data. The pages that were good keep being served as
// they were (as when a template does not parse), the terminal shows the
// failure once, at its place in the template, as build does; a page new
// since, which has no good version, shows the failure as its error page.
func TestRenderFailureShown(t *testing.T) {
	broken := testtheme.FailingFooter(t)
	dir := makeSite(t)
	r := start(t, dir, Options{})
	writeFile(t, dir, "templates/partials/footer.html", broken)
	const want = "templates/partials/footer.html:6:7: error: executing \"footer\" at <.NoSuchField>"
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(r.out.String(), "pages that fail are served as in generation "); {
		if time.Now().After(deadline) {
			t.Fatalf("the failure is never reported:\n%s", r.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for p, text := range map[string]string{"/book/briefs/alpha/": "Alpha ends here.", "/book/briefs/beta/": "Beta text."} {
		code, body := r.get(t, p)
		if code != 200 || !strings.Contains(body, text) || strings.Contains(body, "NoSuchField") {
			t.Errorf("GET %s: %d, want the last good page\n%s", p, code, tail(body))
		}
	}
	writeFile(t, dir, "content/briefs/gamma.md", "---\ntitle: Gamma\ndate: 2021-04-08\ndomain: cyber\n---\nGamma text.\n")
	r.eventually(t, "/book/briefs/gamma/", "templates/partials/footer.html:6:7: error: executing &#34;footer&#34; at &lt;.NoSuchField&gt;")
	if code, body := r.get(t, "/book/briefs/gamma/"); code != 500 || !strings.Contains(body, "    6 | &lt;p&gt;{{ .NoSuchField }}") {
		t.Errorf("GET the new brief: %d, want the failure\n%s", code, tail(body))
	}
	if code, body := r.get(t, "/book/briefs/alpha/"); code != 200 || !strings.Contains(body, "Alpha ends here.") {
		t.Errorf("GET alpha after another edit: %d, want the last good page\n%s", code, tail(body))
	}
	// The rebuild of the template says its pages are being checked.
	if !regexp.MustCompile(`changed templates.*: rebuilt in .*; checking every page with the new templates\n`).MatchString(r.out.String()) {
		t.Errorf("the terminal does not say the pages are checked after the template's rebuild:\n%s", r.out.String())
	}
	// Once per generation: the template's, then the new brief's.
	if n := strings.Count(r.out.String(), want); n != 2 {
		t.Errorf("the terminal shows the failure %d times, want twice:\n%s", n, r.out.String())
	}
}

// TestRenderFailureInOverlay checks that a template that fails only on
// some page's data, a page no one has open, is found as soon as the
// template is saved: printed in the terminal and added to the errors
// over the open pages, which go once the template is mended.
func TestRenderFailureInOverlay(t *testing.T) {
	dir := makeSite(t)
	r := start(t, dir, Options{})
	e := r.listen(t, "/book/briefs/alpha/")
	writeFile(t, dir, "templates/404.html", "{{ define \"x\" }}{{ end }}\n<p>{{ .NoSuchField }}</p>\n")
	const want = `templates/404.html:2:7: error: executing "templates/404.html" at <.NoSuchField>`
	for {
		name, data := e.next(t)
		if name == "errors" {
			var problems []problem
			if json.Unmarshal([]byte(data), &problems) != nil || len(problems) != 1 || !strings.HasPrefix(problems[0].Text, want) {
				t.Fatalf("errors %s, want one starting %s", data, want)
			}
			break
		}
	}
	if n := strings.Count(r.out.String(), want); n != 1 {
		t.Errorf("the terminal shows the failure %d times, want once:\n%s", n, r.out.String())
	}
	if err := os.Remove(filepath.Join(dir, "templates/404.html")); err != nil {
		t.Fatal(err)
	}
	for {
		name, data := nextAny(t, e)
		if name == "errors" && data == "[]" {
			break
		}
	}
}

// TestBookWarnings checks that serve prints the warnings build gives
// about the whole book, here a brief dated after today, and a book whose
// briefs were all removed while it runs.
func TestBookWarnings(t *testing.T) {
	dir := makeSite(t)
	r := start(t, dir, Options{Today: time.Date(2021, 4, 6, 0, 0, 0, 0, time.UTC)})
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(r.out.String(), "content/briefs/beta.md:3:1: warning: dated 2021-04-07, after today"); {
		if time.Now().After(deadline) {
			t.Fatalf("no warning about beta's date:\n%s", r.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := os.RemoveAll(filepath.Join(dir, "content/briefs")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(r.out.String(), "warning: the book has no briefs to publish"); {
		if time.Now().After(deadline) {
			t.Fatalf("no warning about a book without briefs:\n%s", r.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSavedBriefFailureShown checks that a save which makes a site's own
// template fail on the saved brief's data (its only author removed, a
// template that shows the first) is shown over the open page, with a link
// to it, while the page is served as it was, and that the errors go once
// the brief is mended.
func TestSavedBriefFailureShown(t *testing.T) {
	dir, r := startFirstAuthor(t)
	e := r.listen(t, "/book/briefs/beta/")
	writeFile(t, dir, "content/briefs/beta.md", "---\ntitle: Beta\ndate: 2021-04-07\ndomain: cyber\n---\nBeta edited.\n")
	const want = "templates/brief.html:"
	for {
		name, data := e.next(t)
		if name != "errors" {
			continue
		}
		var problems []problem
		if json.Unmarshal([]byte(data), &problems) != nil || len(problems) != 1 ||
			!strings.HasPrefix(problems[0].Text, want) || !strings.Contains(problems[0].Text, "index $m.Authors 0") || problems[0].URL != "/book/briefs/beta/" {
			t.Fatalf("errors %s, want one at %s... naming the first author, linking to the page", data, want)
		}
		break
	}
	if code, body := r.get(t, "/book/briefs/beta/"); code != 200 || !strings.Contains(body, "Beta by Ann") || strings.Contains(body, "Beta edited.") {
		t.Errorf("GET the failing page: %d, want it as it was\n%s", code, tail(body))
	}
	if !strings.Contains(r.out.String(), "index $m.Authors 0") {
		t.Errorf("the terminal does not show the failure:\n%s", r.out.String())
	}
	writeFile(t, dir, "content/briefs/beta.md", "---\nauthors: [Bo]\ntitle: Beta\ndate: 2021-04-07\ndomain: cyber\n---\nBeta mended.\n")
	// e.next skips an empty list of errors: read the stream itself.
	for deadline := time.After(10 * time.Second); ; {
		var ev [2]string
		select {
		case ev = <-e.ch:
		case <-deadline:
			t.Fatal("the errors are never cleared once the brief is mended")
		}
		if ev == [2]string{"errors", "[]"} {
			break
		}
	}
	if p := r.srv.st.Load().problems; len(p) != 0 {
		t.Errorf("problems %v once the brief is mended, want none", p)
	}
	r.eventually(t, "/book/briefs/beta/", "Beta by Bo")
}

// TestRequestedFailureShown checks that a page found to fail on its data
// when it is requested, not only the page of a brief saved alone, is
// added to the errors over the open pages: two briefs saved at once
// (as a checkout writes them: each file removed, then written; the
// watcher hands out a file renamed over another alone when nothing
// follows within 2 ms, see watch.Options.InPlaceQuiet) both left with no
// author, under a template that shows the first.
func TestRequestedFailureShown(t *testing.T) {
	dir, r := startFirstAuthor(t)
	for _, name := range []string{"alpha", "beta"} {
		p := "content/briefs/" + name + ".md"
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, p, files[p])
	}
	for deadline := time.Now().Add(10 * time.Second); r.srv.st.Load().gen.Book.Briefs[0].Authors != nil || r.srv.st.Load().gen.Book.Briefs[1].Authors != nil; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the two saves are never applied")
		}
	}
	for _, p := range []string{"/book/briefs/alpha/", "/book/briefs/beta/"} {
		if code, body := r.get(t, p); code != 200 || !strings.Contains(body, "by Ann") {
			t.Errorf("GET %s: %d, want the page as it was\n%s", p, code, tail(body))
		}
	}
	linked := map[string]bool{}
	for _, p := range r.srv.st.Load().problems {
		if strings.Contains(p.Text, "index $m.Authors 0") {
			linked[p.URL] = true
		}
	}
	if !linked["/book/briefs/alpha/"] || !linked["/book/briefs/beta/"] {
		t.Errorf("the errors over the open pages link to %v, want both failing pages", linked)
	}
}

// startFirstAuthor runs a server on a site whose brief template shows the
// brief's first author (testtheme.FirstAuthorBrief) and whose briefs all
// have one, once the opening's pages are checked: until then the
// opening's generation is no fallback for a page that fails.
func startFirstAuthor(t *testing.T) (string, *running) {
	t.Helper()
	dir := makeSite(t)
	writeFile(t, dir, testtheme.BriefPath, testtheme.FirstAuthorBrief(t))
	for _, name := range []string{"alpha", "beta", "draft"} {
		p := "content/briefs/" + name + ".md"
		writeFile(t, dir, p, strings.Replace(files[p], "---\ntitle:", "---\nauthors: [Ann]\ntitle:", 1))
	}
	r := start(t, dir, Options{})
	for deadline := time.Now().Add(10 * time.Second); r.srv.unchecked(r.srv.st.Load().gen); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the opening's pages are never checked")
		}
	}
	return dir, r
}
