package render

import (
	"html/template"
	"strings"
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

// partial returns the HTML of the template k.name of set executed with
// dot, rendering it only the first time k is asked for in the current book
// (see [Renderer.Pages]). Two goroutines may both render it; they get the
// same HTML.
func (r *Renderer) partial(set *template.Template, k partialKey, dot any) (template.HTML, error) {
	c := r.partials.Load()
	if h, ok := c.load(k); ok {
		return h, nil
	}
	var buf strings.Builder
	if err := set.ExecuteTemplate(&buf, k.name, dot); err != nil {
		return "", err
	}
	h := template.HTML(buf.String())
	c.store(k, h)
	return h, nil
}
