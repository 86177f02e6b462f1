package parse

import (
	"reflect"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// TestPathSegments checks that every name that becomes a path segment and
// cannot be one is reported at parse time, at its position, all in one run
// (issue 10: a 300-character slug, domain or actor failed at write time).
func TestPathSegments(t *testing.T) {
	long := strings.Repeat("x", 300)
	src := "---\ntitle: T\ndate: 2024-01-01\nslug: " + long + "\ndomains: [cyber, " + long + "]\nactors:\n  - Japan\n  - Con\n  - " + long + "\n---\nBody\n"
	var d diag.List
	b := Brief("content/briefs/a.md", []byte(src), &d)
	const tooLong = ": its slug is 300 bytes long, over the limit of 255 for a file name: shorten it"
	short := `"` + strings.Repeat("x", 40) + `"…`
	checkDiags(t, &d, []string{
		"4:7: error: slug " + short + tooLong,
		"5:18: error: domain " + short + tooLong,
		`8:5: error: actor "Con": its slug "con" is a name Windows reserves for devices, which no file or folder can have there: choose another`,
		"9:5: error: actor " + short + tooLong,
	})
	if b == nil {
		t.Fatal("no brief")
	}
	wantActors := []model.Pos{{Line: 7, Col: 5, Len: 5}, {Line: 8, Col: 5, Len: 3}, {Line: 9, Col: 5, Len: 300}}
	if !reflect.DeepEqual(b.ActorPos, wantActors) {
		t.Errorf("ActorPos = %v, want %v", b.ActorPos, wantActors)
	}
	wantDomains := []model.Pos{{Line: 5, Col: 11, Len: 5}, {Line: 5, Col: 18, Len: 300}}
	if !reflect.DeepEqual(b.DomainPos, wantDomains) {
		t.Errorf("DomainPos = %v, want %v", b.DomainPos, wantDomains)
	}

	// A file name that gives a reserved slug has no position but the file.
	d = diag.List{}
	Brief("content/briefs/nul.md", []byte("---\ntitle: T\ndate: 2024-01-01\ndomain: x\n---\n"), &d)
	checkDiags(t, &d, []string{
		` error: file name "nul.md": its slug "nul" is a name Windows reserves for devices, which no file or folder can have there: choose another`,
	})
	// A single domain string has its position too.
	d = diag.List{}
	b = Brief("content/briefs/b.md", []byte("---\ntitle: T\ndate: 2024-01-01\ndomain: Cyber\n---\n"), &d)
	checkDiags(t, &d, nil)
	if want := []model.Pos{{Line: 4, Col: 9, Len: 5}}; !reflect.DeepEqual(b.DomainPos, want) {
		t.Errorf("DomainPos = %v, want %v", b.DomainPos, want)
	}
}
