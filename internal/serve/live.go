package serve

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/briefbook/briefbook/internal/watch"
)

// liveJS is the script every served page loads: it listens to the events
// endpoint and reloads, swaps stylesheets, follows, and shows errors.
//
//go:embed live.js
var liveJS []byte

// An event is one server-sent event: its name and JSON data.
type event struct {
	name string
	data []byte
}

// A client is one open page listening for events.
type client struct {
	path string // the page's URL path, decoded
	hash string // content hash of the page it shows: pageHash, "missing" or "none"
	ch   chan event
}

// send queues e for the client, dropping it if the client is that far
// behind; the browser checks again when it reconnects.
func (c *client) send(name string, v any) {
	data, _ := json.Marshal(v)
	select {
	case c.ch <- event{name, data}:
	default:
	}
}

// hub is the set of open pages.
type hub struct {
	mu      sync.Mutex
	clients map[*client]bool
	quit    <-chan struct{} // closed when the server shuts down
}

// add registers c, which loaded its page from generation gen, and tells it
// at once what it missed since.
// The state is loaded under the hub's lock, so that an update made
// meanwhile is either seen here or sent to c.
func (h *hub) add(c *client, load func() *state, gen int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := load()
	if h.clients == nil {
		h.clients = map[*client]bool{}
	}
	h.clients[c] = true
	if len(st.problems) > 0 {
		c.send("errors", st.problems)
	}
	if st.gen != nil && st.gen.N != gen {
		check(c, st, "", "", nil, map[string]pageState{})
	}
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// count returns the number of open pages.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// pageState is a page's content hash in one generation, and whether the
// generation has the page.
type pageState struct {
	hash   string
	exists bool
}

// update tells every open page what changed from old to next: the errors
// (always), then, when another generation is served, to follow to the
// page follow, that its page is gone (renamed to moved, if known), to
// reload, or to swap the changed stylesheets css. Each page is rendered once,
// however many clients show it; known holds pages of next already
// rendered by the caller, by output path (nil for none).
func (h *hub) update(old, next *state, follow, moved string, css []string, known map[string]pageState) {
	problems := next.problems
	if problems == nil {
		problems = []problem{}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	cache := maps.Clone(known)
	if cache == nil {
		cache = map[string]pageState{}
	}
	for c := range h.clients {
		c.send("errors", problems)
		if next.gen != old.gen && next.gen != nil {
			check(c, next, follow, moved, css, cache)
		}
	}
}

// check sends c what the generation of st changes for it.
func check(c *client, st *state, follow, moved string, css []string, cache map[string]pageState) {
	if follow != "" {
		if f, err := url.PathUnescape(follow); err == nil && f != c.path {
			c.send("follow", map[string]string{"url": follow})
			return
		}
	}
	out, ok := outputPath(st.base, c.path)
	ps, seen := cache[out]
	if !seen && ok {
		ps.hash, ps.exists = pageHash(st, out)
		cache[out] = ps
	}
	switch {
	case !ps.exists:
		if c.hash != "missing" {
			c.hash = "missing"
			c.send("gone", map[string]string{"moved": moved})
		}
	case ps.hash != c.hash:
		c.hash = ps.hash
		c.send("reload", struct{}{})
	case len(css) > 0:
		c.send("css", map[string][]string{"urls": css})
	}
}

// changedCSS returns the URL paths of the stylesheets of next's generation
// that a batch of changes may have changed: the static files at or under
// one of its paths. (Generations read static files when asked, so their
// bytes cannot be compared across generations.)
func changedCSS(b watch.Batch, next *state) []string {
	if next.gen == nil {
		return nil
	}
	var out []string
	for _, p := range next.gen.Paths() {
		if !strings.HasSuffix(p, ".css") {
			continue
		}
		src := "static/" + p
		for _, c := range b.Paths {
			if b.All || c == src || strings.HasPrefix(src, c+"/") || c == "." {
				out = append(out, pageURL(next.base, p))
				break
			}
		}
	}
	return out
}

// serveLive serves live.js and the events stream.
func (s *Server) serveLive(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case livePrefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(liveJS)))
		if r.Method != http.MethodHead {
			w.Write(liveJS)
		}
	case livePrefix + "events":
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.events(w, r)
	default:
		http.NotFound(w, r)
	}
}

// keepAlive is how often an idle events stream gets a comment, so that
// proxies and browsers keep it open.
const keepAlive = 25 * time.Second

// events streams server-sent events to one open page until it leaves or
// the server shuts down. The page says which path it shows, from which
// generation and with which content hash; a request from another origin
// gets 403.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if !s.hosts.origin(r) {
		http.Error(w, "403 forbidden: events are only for this preview's own pages", http.StatusForbidden)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	q := r.URL.Query()
	p, err := url.PathUnescape(q.Get("path"))
	if err != nil || len(p) > 4096 {
		http.Error(w, "400 bad path", http.StatusBadRequest)
		return
	}
	gen, _ := strconv.Atoi(q.Get("gen"))
	c := &client{path: p, hash: q.Get("hash"), ch: make(chan event, 16)}
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 1000\n\n")
	fl.Flush()
	s.hub.add(c, s.st.Load, gen)
	defer s.hub.remove(c)
	ping := time.NewTicker(keepAlive)
	defer ping.Stop()
	for {
		select {
		case e := <-c.ch:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		case <-r.Context().Done():
			return
		case <-s.hub.quit:
			return
		}
		fl.Flush()
	}
}
