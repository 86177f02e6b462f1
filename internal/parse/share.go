package parse

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/briefbook/briefbook/internal/model"
)

// The briefs of a book mostly lay out their frontmatter alike: the same
// keys on the same lines, a domain at the same place. What records that
// layout for diagnostics (Brief.Line, DomainPos, ActorPos) is then equal
// in many briefs, and a brief that has the layout of an earlier one gets
// that brief's copy: at 100,000 briefs, tens of megabytes that a build
// would hold until it ends. Sharing is safe because parse results are
// never changed after parse (see package model).
//
// Each table keeps at most maxShared layouts, the first seen, so that a
// long-running preview that parses many versions of a book does not grow
// it without end; past that, values are simply not shared.
const maxShared = 1 << 13

// sharedTable holds one copy of each value by its layout key.
type sharedTable[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

// share returns the copy the table holds for key, or v, which it keeps
// for key if it has room.
func (t *sharedTable[T]) share(key string, v T) T {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old, ok := t.m[key]; ok {
		return old
	}
	if t.m == nil {
		t.m = map[string]T{}
	}
	if len(t.m) < maxShared {
		t.m[key] = v
	}
	return v
}

var (
	sharedLines sharedTable[map[string]int]
	sharedPos   sharedTable[[]model.Pos]
)

// shareLines returns a map equal to lines, shared with the earlier briefs
// whose keys are on the same lines. lines must not be changed afterwards.
func shareLines(lines map[string]int) map[string]int {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(lines)) {
		// Each key is preceded by its length: a key may hold any
		// character (a YAML escape can write a NUL), so no separator
		// could tell where it ends.
		b.WriteString(strconv.Itoa(len(k)))
		b.WriteByte(':')
		b.WriteString(k)
		b.WriteString(strconv.Itoa(lines[k]))
		b.WriteByte(';')
	}
	return sharedLines.share(b.String(), lines)
}

// sharePos returns a slice equal to ps (nil when ps is empty), shared with
// the earlier briefs that have the same positions, without spare capacity.
// ps must not be changed afterwards.
func sharePos(ps []model.Pos) []model.Pos {
	if len(ps) == 0 {
		return nil
	}
	key := make([]byte, 0, len(ps)*9)
	for _, p := range ps {
		key = strconv.AppendInt(key, int64(p.Line), 10)
		key = append(key, ',')
		key = strconv.AppendInt(key, int64(p.Col), 10)
		key = append(key, ',')
		key = strconv.AppendInt(key, int64(p.Len), 10)
		key = append(key, ';')
	}
	return sharedPos.share(string(key), slices.Clip(ps))
}
