package resolve

import (
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/model"
)

func TestBookOrder(t *testing.T) {
	mk := func(slug, day string, domains ...string) *model.Brief {
		b := newBrief(slug, day)
		b.Domains = domains
		return b
	}
	in := Input{
		Domains: []*model.Domain{
			{Doc: model.Doc{Path: "content/domains/space.md"}, Slug: "space", Title: "Space", Order: 2, Profile: true, Params: map[string]any{"order": 2}},
			{Doc: model.Doc{Path: "content/domains/cyber.md"}, Slug: "cyber", Title: "Cyber", Order: 1, Profile: true, Params: map[string]any{"order": 1}},
			{Doc: model.Doc{Path: "content/domains/arms.md"}, Slug: "arms", Title: "Arms", Profile: true},
		},
		Briefs: []*model.Brief{
			mk("s-new", "2024-03-01", "space"),
			mk("s-old", "2024-01-01", "space", "cyber"), // under its first domain only
			mk("c-b", "2024-02-01", "cyber"),
			mk("c-a", "2024-02-01", "cyber", "space"), // same date: by title
			mk("loose", "2023-01-01"),
		},
	}
	book, diags := run(t, in)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %q", diags)
	}
	var got []string
	for _, ch := range book.Contents {
		title := "(none)"
		if ch.Domain != nil {
			title = ch.Domain.Title
		}
		var items []string
		for _, b := range ch.Briefs {
			items = append(items, b.Number+" "+b.Slug)
		}
		got = append(got, title+": "+strings.Join(items, ", "))
	}
	want := "Cyber: 1.1 c-a, 1.2 c-b | Space: 2.1 s-old, 2.2 s-new | (none): 3.1 loose"
	if g := strings.Join(got, " | "); g != want {
		t.Errorf("contents:\n got %s\nwant %s", g, want)
	}
	var chain []string
	for b := book.Contents[0].Briefs[0]; b != nil; b = b.Next {
		chain = append(chain, b.Slug)
		if b.Next != nil && b.Next.Prev != b {
			t.Errorf("%s.Next.Prev = %v", b.Slug, b.Next.Prev)
		}
	}
	if g := strings.Join(chain, " "); g != "c-a c-b s-old s-new loose" {
		t.Errorf("next chain = %q", g)
	}
	if p := book.BriefBySlug["c-a"].Prev; p != nil {
		t.Errorf("first brief has Prev %s", p.Slug)
	}
}
