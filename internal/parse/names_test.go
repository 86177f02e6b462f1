package parse

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/cite"
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

func TestYAMLName(t *testing.T) {
	for _, c := range []struct {
		in   string
		want model.Name
	}{
		{"Andrew I. Park", model.Name{Given: "Andrew I.", Family: "Park"}},
		{"Ludwig van Beethoven", model.Name{Given: "Ludwig", Particle: "van", Family: "Beethoven"}},
		{"Jean de la Fontaine", model.Name{Given: "Jean", Particle: "de la", Family: "Fontaine"}},
		{"Martin Luther King, Jr.", model.Name{Given: "Martin Luther", Family: "King", Suffix: "Jr."}},
		{"van Gogh, Vincent", model.Name{Given: "Vincent", Particle: "van", Family: "Gogh"}},
		{"King, Jr., Martin Luther", model.Name{Given: "Martin Luther", Family: "King", Suffix: "Jr."}},
		{"Government of Japan", model.Name{Literal: "Government of Japan"}},
		{"Asian Institute for Policy Studies", model.Name{Literal: "Asian Institute for Policy Studies"}},
		{"Seoul High Court", model.Name{Literal: "Seoul High Court"}},
		{"Nonproliferation Policy Education Center", model.Name{Literal: "Nonproliferation Policy Education Center"}},
		{"CrowdStrike", model.Name{Literal: "CrowdStrike"}},
		{"NPEC", model.Name{Literal: "NPEC"}},
		{"et al.", model.Name{Literal: "et al."}},
		{"Kim Min-ji", model.Name{Literal: "Kim Min-ji"}},
		{"Moon Jae-in", model.Name{Literal: "Moon Jae-in"}},
		{"Kim, Min-ji", model.Name{Given: "Min-ji", Family: "Kim"}},
		{"Jean-Paul Sartre", model.Name{Given: "Jean-Paul", Family: "Sartre"}},
		{"Lee Anne-Marie", model.Name{Given: "Lee", Family: "Anne-Marie"}},
		{"Elliot Kim", model.Name{Given: "Elliot", Family: "Kim"}},
		{"Jane Q. Public Jr.", model.Name{Given: "Jane Q.", Family: "Public", Suffix: "Jr."}},
		{"John Smith III", model.Name{Given: "John", Family: "Smith", Suffix: "III"}},
		{"O'Brien & Sons", model.Name{Literal: "O'Brien & Sons"}},
	} {
		if got := cite.ParseName(c.in); got != c.want {
			t.Errorf("cite.ParseName(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

// TestSourceNames checks the name parts that Zotero's CSL-JSON and BibTeX
// exports give: particles, suffixes and organisations.
func TestSourceNames(t *testing.T) {
	want := map[string][]model.Name{
		"sources.json": {
			{Given: "Vincent", Particle: "van", Family: "Gogh"},
			{Given: "Charles", Particle: "de", Family: "Gaulle"},
			{Given: "Ludwig", Dropping: "van", Family: "Beethoven"},
			{Given: "Martin Luther", Family: "King", Suffix: "Jr."},
		},
		"sources.bib": {
			{Given: "Vincent", Particle: "van", Family: "Gogh"},
			{Given: "Charles", Particle: "de", Family: "Gaulle"},
			{Given: "Ludwig van", Family: "Beethoven"},
			{Given: "Martin Luther", Family: "King", Suffix: "Jr."},
		},
	}
	for file, names := range want {
		src, err := os.ReadFile("testdata/zotero/" + file)
		if err != nil {
			t.Fatal(err)
		}
		var d diag.List
		got := map[string][]model.Name{}
		for _, s := range Bibliography("content/"+file, src, &d) {
			got[s.Title] = s.Names
		}
		if g := got["Müller’s “2+2” – Café & Crème"]; !reflect.DeepEqual(g, names) {
			t.Errorf("%s: names = %+v, want %+v", file, g, names)
		}
		org := []model.Name{{Literal: "Nonproliferation Policy Education Center"}}
		if g := got["New Frontiers for Security Cooperation with Seoul and Tokyo"]; !reflect.DeepEqual(g, org) {
			t.Errorf("%s: organisation = %+v", file, g)
		}
	}
}
