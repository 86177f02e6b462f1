package resolve

import (
	"slices"

	"github.com/briefbook/briefbook/internal/model"
)

// A save that changes only the references of one brief (its sources list
// without inline sources, or the sources its body cites) is taken by
// reuse as well (reuse.go), as a change of its actors is (reactor.go):
// its References come from its new resolution, it enters or leaves the
// Briefs and Mentioned lists of the sources it no longer has or has now,
// and the related briefs are patched.

// resource gives the brief at index j of the input, in m's book (made by
// relocation, so its own to write), the references refs (from its new
// resolution), patching the lists that depend on them. It returns false
// when a source is not in the book.
func (m *Memo) resource(j int, refs []refID) bool {
	b := m.book
	x := m.briefs[j].rank
	nb := b.Briefs[x]
	was := nb.References
	var now []model.Reference
	if len(refs) > 0 {
		now = make([]model.Reference, len(refs))
		for k, ref := range refs {
			s := b.SourceByID[ref.id]
			if s == nil {
				return false
			}
			now[k] = model.Reference{N: k + 1, Source: s, Cited: ref.cited}
		}
	}
	nb.References = now
	rank := func(y *model.Brief) int32 { return m.briefs[slabIndex(m.slab, y)].rank }
	mentions := m.briefs[j].mentions.targets
	has := func(list []model.Reference, s *model.Source) bool {
		return slices.ContainsFunc(list, func(r model.Reference) bool { return r.Source == s })
	}
	for _, r := range was {
		if !has(now, r.Source) {
			r.Source.Briefs = withBrief(r.Source.Briefs, nb, false, rank)
			if slices.Contains(mentions, targetKey(r.Source)) {
				r.Source.Mentioned = withBrief(r.Source.Mentioned, nb, true, rank)
			}
		}
	}
	for _, r := range now {
		if !has(was, r.Source) {
			r.Source.Briefs = withBrief(r.Source.Briefs, nb, true, rank)
			r.Source.Mentioned = withBrief(r.Source.Mentioned, nb, false, rank)
		}
	}
	// The sources with a page are features of related briefs, in the
	// order of the references.
	features := func(list []model.Reference) []string {
		var ids []string
		for _, r := range list {
			if _, ok := m.byKey[featureKey{'s', r.Source.ID}]; ok {
				ids = append(ids, r.Source.ID)
			}
		}
		return ids
	}
	if w, n := features(was), features(now); !slices.Equal(w, n) {
		return m.rerelate(x, 's', w, n)
	}
	return true
}
