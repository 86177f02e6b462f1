package resolve

import (
	"slices"

	"github.com/briefbook/briefbook/internal/model"
)

// coActorLimit is the number of co-occurring actors kept per actor.
const coActorLimit = 8

// buildIndexes fills in the lists that need the whole book: the briefs of
// each domain, actor and source, backlinks, related briefs and co-actors.
// Lists are counted before they are filled, each kind in one array.
func (r *resolver) buildIndexes() {
	r.backlinks()
	rl, keys := r.relater()
	briefs := r.book.Briefs
	all := make([]*model.Brief, countAll(rl.posting))
	for f, p := range rl.posting {
		list := all[:len(p):len(p)]
		all = all[len(p):]
		for k, i := range p {
			list[k] = briefs[i]
		}
		if len(list) == 0 {
			list = nil
		}
		switch r.featureOwner(f) {
		case 's':
			r.book.Sources[f].Briefs = list
		case 'a':
			r.book.Actors[f-len(r.book.Sources)].Briefs = list
		default:
			r.book.Domains[f-len(r.book.Sources)-len(r.book.Actors)].Briefs = list
		}
	}
	for _, b := range briefs { // sources that have no page: their id makes no URL
		for _, ref := range b.References {
			if ref.Source.PageURL == "" {
				ref.Source.Briefs = append(ref.Source.Briefs, b)
			}
		}
	}
	r.memo = relateFrom(r.prev, rl, keys, briefs)
	r.memo.suggested = r.suggested
	r.preferUnlinked()
	r.memo.reused = r.reused // memo.briefs is filled in by buildMentions
	r.memo.input, r.memo.drafts = slices.Clone(r.origInput), r.in.Drafts
	r.coActors()
}

// countAll returns the sum of the lengths of lists.
func countAll(lists [][]int32) int {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	return n
}

// featureOwner says whether feature f is a source ('s'), an actor ('a')
// or a domain ('d'), as relater numbers them.
func (r *resolver) featureOwner(f int) byte {
	switch {
	case f < len(r.book.Sources):
		return 's'
	case f < len(r.book.Sources)+len(r.book.Actors):
		return 'a'
	}
	return 'd'
}

// relater builds the inverted indexes of related.go: one feature per source,
// actor and domain, with its weight and the briefs having it. It also
// returns the key of each feature number.
func (r *resolver) relater() (*relater, []featureKey) {
	briefs := r.book.Briefs
	var weights []int32
	var keys []featureKey
	// Number the features in a fixed order, so nothing depends on map order.
	sources := make(map[*model.Source]int32, len(r.book.Sources))
	for _, s := range r.book.Sources {
		sources[s] = int32(len(weights))
		weights, keys = append(weights, weightSource), append(keys, featureKey{'s', s.ID})
	}
	actors := make(map[*model.Actor]int32, len(r.book.Actors))
	for _, a := range r.book.Actors {
		actors[a] = int32(len(weights))
		weights, keys = append(weights, weightActor), append(keys, featureKey{'a', a.Slug})
	}
	domains := make(map[*model.Domain]int32, len(r.book.Domains))
	for _, dm := range r.book.Domains {
		domains[dm] = int32(len(weights))
		weights, keys = append(weights, weightDomain), append(keys, featureKey{'d', dm.Slug})
	}
	nf, nl := 0, 0
	for _, b := range briefs {
		nf += len(b.References) + len(b.ActorList) + len(b.DomainList)
		nl += len(b.LinksTo) + len(b.LinkedFrom)
	}
	fflat, lflat := make([]int32, 0, nf), make([]int32, 0, nl)
	byBrief := make([][]int32, len(briefs))
	links := make([][]int32, len(briefs))
	for i, b := range briefs {
		start := len(fflat)
		for _, ref := range b.References {
			if id, ok := sources[ref.Source]; ok {
				fflat = append(fflat, id)
			}
		}
		for _, a := range b.ActorList {
			fflat = append(fflat, actors[a])
		}
		for _, dm := range b.DomainList {
			fflat = append(fflat, domains[dm])
		}
		byBrief[i] = fflat[start:len(fflat):len(fflat)]
		// links[i] may use its share of lflat, and grows no further.
		ls := lflat[len(lflat) : len(lflat) : len(lflat)+len(b.LinksTo)+len(b.LinkedFrom)]
		for _, o := range b.LinksTo {
			ls = appendUnique(ls, r.briefIndex[o])
		}
		for _, o := range b.LinkedFrom {
			ls = appendUnique(ls, r.briefIndex[o])
		}
		if len(ls) > 0 {
			links[i] = ls
		}
		lflat = lflat[:len(lflat)+cap(ls)]
	}
	return newRelater(len(briefs), weights, byBrief, links), keys
}

func appendUnique(list []int32, x int32) []int32 {
	for _, y := range list {
		if y == x {
			return list
		}
	}
	return append(list, x)
}

// coActors fills in Actor.CoActors: for each actor, the actors named in the
// same briefs, counted with a dense array over actor numbers. The work is the
// sum over briefs of the square of their number of actors, whatever the
// number of briefs an actor appears in.
func (r *resolver) coActors() {
	actors := r.book.Actors
	num := make(map[*model.Actor]int32, len(actors))
	for i, a := range actors {
		num[a] = int32(i)
	}
	// The actor numbers of each brief's ActorList, by brief number.
	briefs := r.book.Briefs
	off := make([]int32, len(briefs)+1)
	for i, b := range briefs {
		off[i+1] = off[i] + int32(len(b.ActorList))
	}
	nums := make([]int32, off[len(briefs)])
	for i, b := range briefs {
		for k, a := range b.ActorList {
			nums[int(off[i])+k] = num[a]
		}
	}
	count := make([]int32, len(actors))
	var touched []int32
	for i, a := range actors {
		for _, b := range a.Briefs {
			bi := r.briefIndex[b]
			for _, j := range nums[off[bi]:off[bi+1]] {
				if j == int32(i) {
					continue
				}
				if count[j] == 0 {
					touched = append(touched, j)
				}
				count[j]++
			}
		}
		var top topList
		top.limit = coActorLimit
		for _, j := range touched {
			// Actors are numbered by name, so a smaller number is the tie-break.
			top.offer(candidate{n: j, score: count[j]})
			count[j] = 0
		}
		touched = touched[:0]
		if len(top.items) > 0 {
			actors[i].CoActors = make([]model.ActorCount, len(top.items))
			for k, c := range top.items {
				actors[i].CoActors[k] = model.ActorCount{Actor: actors[c.n], Count: int(c.score)}
			}
		}
	}
}
