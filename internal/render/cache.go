package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"sync"
	"unsafe"
)

// partialKey identifies a partial rendered once per book: the template's
// name and what it was rendered for, a pointer (a *model.Brief, a
// *model.Source...) or a page kind.
type partialKey struct {
	name string
	ptr  unsafe.Pointer
	kind string
}

// partialCache holds the HTML of the partials rendered for one book. Pages
// are written on several goroutines and most lookups find what they look
// for, so the cache is split into shards that lock separately.
type partialCache struct {
	shards [64]partialShard

	// fragMu guards frags, the minified HTML of the partials, by fragment
	// number, when the renderer minifies fragments (see
	// [Renderer.MinifyFragments]).
	fragMu sync.RWMutex
	frags  [][]byte
}

type partialShard struct {
	mu sync.Mutex
	m  map[partialKey]template.HTML
	_  [48]byte // one shard per 64-byte cache line
}

// shard returns the shard holding k.
func (c *partialCache) shard(k partialKey) *partialShard {
	h := uint64(uintptr(k.ptr)>>4) * 0x9E3779B97F4A7C15
	h ^= uint64(len(k.name)+len(k.kind)) * 0xBF58476D1CE4E5B9
	return &c.shards[h>>58]
}

func (c *partialCache) load(k partialKey) (template.HTML, bool) {
	s := c.shard(k)
	s.mu.Lock()
	h, ok := s.m[k]
	s.mu.Unlock()
	return h, ok
}

func (c *partialCache) store(k partialKey, h template.HTML) {
	s := c.shard(k)
	s.mu.Lock()
	if s.m == nil {
		s.m = map[partialKey]template.HTML{}
	}
	s.m[k] = h
	s.mu.Unlock()
}

// partial returns the HTML of the template k.name executed with dot,
// from the shared set when kind is "" and from the set of that page kind
// otherwise, rendering it only the first time k is asked for in the
// current book (see [Renderer.Pages]). Two goroutines may both render it;
// they get the same HTML.
func (r *Renderer) partial(kind string, k partialKey, dot any) (template.HTML, error) {
	c := r.partials
	if h, ok := c.load(k); ok {
		return h, nil
	}
	var buf bytes.Buffer
	done := false
	if g, ok := r.genPartials[k.name]; ok && kind == "" {
		var err error
		done, err = writeGenerated(&buf, func(p *pageWriter) (bool, error) { return g.write(r, p, dot) })
		if err != nil {
			return "", err
		}
	}
	if !done {
		var set *template.Template
		var err error
		if kind == "" {
			set, err = r.sets.shared()
		} else {
			var pt *pageTemplate
			if pt, err = r.sets.page(kind); err == nil {
				set = pt.tmpl
			}
		}
		if err != nil {
			return "", err
		}
		if err := set.ExecuteTemplate(&buf, k.name, dot); err != nil {
			return "", err
		}
	}
	h := template.HTML(buf.String())
	if r.minify != nil {
		m, err := r.minify([]byte(h))
		if err != nil {
			return "", fmt.Errorf("minifying %s: %w", k.name, err)
		}
		h = c.addFragment(m)
	}
	c.store(k, h)
	return h, nil
}

// fragPrefix starts a fragment placeholder, "\x00f<n>\x00": a NUL never
// appears in the output of a template (html/template escapes it, and the
// parse stage replaces every body marker "\x00<n>\x00" before a template
// sees it), so a placeholder cannot be mistaken for content.
const fragPrefix = "\x00f"

// addFragment stores the minified HTML m of a partial and returns its
// placeholder.
func (c *partialCache) addFragment(m []byte) template.HTML {
	c.fragMu.Lock()
	n := len(c.frags)
	c.frags = append(c.frags, m)
	c.fragMu.Unlock()
	return template.HTML(fragPrefix + strconv.Itoa(n) + "\x00")
}

// fragment returns the minified HTML of fragment n, or nil if there is none.
func (c *partialCache) fragment(n int) []byte {
	c.fragMu.RLock()
	defer c.fragMu.RUnlock()
	if n < 0 || n >= len(c.frags) {
		return nil
	}
	return c.frags[n]
}

// expand appends src to dst with every fragment placeholder replaced by its
// fragment, itself expanded: a partial may show other partials. A fragment
// only holds placeholders of fragments stored before it, so this ends.
func (c *partialCache) expand(dst *bytes.Buffer, src []byte) {
	for {
		i := bytes.Index(src, []byte(fragPrefix))
		if i < 0 {
			dst.Write(src)
			return
		}
		dst.Write(src[:i])
		src = src[i+len(fragPrefix):]
		j := bytes.IndexByte(src, 0)
		if j < 0 { // cannot happen: drop the broken placeholder
			return
		}
		n, err := strconv.Atoi(string(src[:j]))
		src = src[j+1:]
		if err == nil {
			c.expand(dst, c.fragment(n))
		}
	}
}
