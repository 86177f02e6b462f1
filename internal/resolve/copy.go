package resolve

import (
	"slices"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// copyParsed returns in with every brief, actor and domain profile, source
// and the home page replaced by a copy of its own, which is what Resolve
// fills in: the values the parse stage returned are never written, so they
// can be resolved again, by another call, while this book is in use. The
// copies share what resolve only reads (bodies, Refs, Params, the lists of
// the frontmatter). A brief's sources list is copied too, with its inline
// sources, since resolve completes their ids, when it has any. It also
// returns the array holding the briefs' copies, by index in in.Briefs.
func copyParsed(in Input) (Input, []model.Brief) {
	briefs := make([]model.Brief, len(in.Briefs))
	out := make([]*model.Brief, len(in.Briefs))
	// Copying a large book's briefs is mostly waiting for memory, which
	// several cores do sooner; each item writes only its own copy.
	par.Do(len(in.Briefs), 512, func(_, i int) {
		b := in.Briefs[i]
		if b == nil {
			return
		}
		briefs[i] = *b
		c := &briefs[i]
		c.Sources = copySourceRefs(b.Sources)
		out[i] = c
	})
	in.Briefs = out
	in.Actors = copyAll(in.Actors)
	in.Domains = copyAll(in.Domains)
	in.Sources = copyAll(in.Sources)
	in.Pages = copyAll(in.Pages)
	if in.Home != nil {
		h := *in.Home
		in.Home = &h
	}
	return in, briefs
}

// copySourceRefs returns a copy of refs, each inline source copied too,
// or refs itself when it has no inline source: resolve writes only the
// items of inline sources (addInlineSources).
func copySourceRefs(refs []model.SourceRef) []model.SourceRef {
	if !slices.ContainsFunc(refs, func(r model.SourceRef) bool { return r.Inline != nil }) {
		return refs
	}
	out := make([]model.SourceRef, len(refs))
	copy(out, refs)
	for i := range out {
		if s := out[i].Inline; s != nil {
			c := *s
			out[i].Inline = &c
		}
	}
	return out
}

// copyAll returns a slice of copies of the values ps points at, in one
// allocation; nil pointers stay nil.
func copyAll[T any](ps []*T) []*T {
	vals := make([]T, len(ps))
	out := make([]*T, len(ps))
	for i, p := range ps {
		if p != nil {
			vals[i] = *p
			out[i] = &vals[i]
		}
	}
	return out
}
