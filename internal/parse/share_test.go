package parse

import (
	"reflect"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// TestShareLayouts checks that briefs whose frontmatter is laid out alike
// share one copy of what records the layout, equal to what each would
// have alone, and that briefs laid out differently do not.
func TestShareLayouts(t *testing.T) {
	brief := func(path, actors string) *model.Brief {
		src := "---\ntitle: T\ndate: 2024-01-02\nsummary: S\ndomain: cyber\nactors: [" + actors + "]\n---\nBody.\n"
		var d diag.List
		b := Brief(path, []byte(src), &d)
		if b == nil || d.Len() > 0 {
			t.Fatalf("%s: %v", path, d.Sorted())
		}
		return b
	}
	a := brief("content/briefs/a.md", "Ann, Bo")
	b := brief("content/briefs/b.md", "Cat, Do") // the same positions and widths as a
	c := brief("content/briefs/c.md", "Eve, Flo")
	wantLines := map[string]int{"title": 2, "date": 3, "summary": 4, "domain": 5, "actors": 6}
	for _, x := range []*model.Brief{a, b, c} {
		if !reflect.DeepEqual(x.Line, wantLines) {
			t.Errorf("%s: Line = %v, want %v", x.Path, x.Line, wantLines)
		}
	}
	if reflect.ValueOf(a.Line).UnsafePointer() != reflect.ValueOf(c.Line).UnsafePointer() {
		t.Error("briefs with the same keys on the same lines have separate Line maps")
	}
	if &a.DomainPos[0] != &c.DomainPos[0] || &a.ActorPos[0] != &b.ActorPos[0] {
		t.Error("briefs with the same positions do not share them")
	}
	wantC := []model.Pos{{Line: 6, Col: 10, Len: 3}, {Line: 6, Col: 15, Len: 3}}
	if !reflect.DeepEqual(c.ActorPos, wantC) || &a.ActorPos[0] == &c.ActorPos[0] {
		t.Errorf("c: ActorPos = %v (shared with a: %v), want %v of its own", c.ActorPos, &a.ActorPos[0] == &c.ActorPos[0], wantC)
	}
}

// TestShareLinesKeys checks that keys holding any character cannot make
// two different layouts look the same.
func TestShareLinesKeys(t *testing.T) {
	one := map[string]int{"x\x005\x00y": 7}
	two := map[string]int{"x": 5, "y": 7}
	if got := shareLines(one); !reflect.DeepEqual(got, one) {
		t.Fatalf("shareLines(one) = %v", got)
	}
	if got := shareLines(two); !reflect.DeepEqual(got, two) {
		t.Errorf("shareLines(two) = %v, want %v", got, two)
	}
}
