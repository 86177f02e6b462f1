package resolve

import (
	"github.com/briefbook/briefbook/internal/model"
)

// coActorLimit is the number of co-occurring actors kept per actor.
const coActorLimit = 8

// buildIndexes fills in the lists that need the whole book: the briefs of
// each domain, actor and source, backlinks, related briefs and co-actors.
func (r *resolver) buildIndexes() {
	r.backlinks()
	briefs := r.book.Briefs
	for _, b := range briefs {
		for _, dm := range b.DomainList {
			dm.Briefs = append(dm.Briefs, b)
		}
		for _, a := range b.ActorList {
			a.Briefs = append(a.Briefs, b)
		}
		for _, ref := range b.References {
			ref.Source.Briefs = append(ref.Source.Briefs, b)
		}
	}
	rl, keys := r.relater()
	r.memo = relateFrom(r.prev, rl, keys, briefs)
	r.memo.suggested = r.suggested
	r.memo.briefs, r.memo.reused = r.briefMemos(), r.reused
	r.coActors()
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
	byBrief := make([][]int32, len(briefs))
	links := make([][]int32, len(briefs))
	for i, b := range briefs {
		fs := make([]int32, 0, len(b.References)+len(b.ActorList)+len(b.DomainList))
		for _, ref := range b.References {
			if id, ok := sources[ref.Source]; ok {
				fs = append(fs, id)
			}
		}
		for _, a := range b.ActorList {
			fs = append(fs, actors[a])
		}
		for _, dm := range b.DomainList {
			fs = append(fs, domains[dm])
		}
		byBrief[i] = fs
		for _, o := range b.LinksTo {
			links[i] = appendUnique(links[i], r.briefIndex[o])
		}
		for _, o := range b.LinkedFrom {
			links[i] = appendUnique(links[i], r.briefIndex[o])
		}
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
	count := make([]int32, len(actors))
	var touched []int32
	for i, a := range actors {
		for _, b := range a.Briefs {
			for _, o := range b.ActorList {
				j := num[o]
				if o == a {
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
		for _, c := range top.items {
			actors[i].CoActors = append(actors[i].CoActors, model.ActorCount{Actor: actors[c.n], Count: int(c.score)})
		}
	}
}
