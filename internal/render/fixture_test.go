package render

import (
	"strconv"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// fixtureBaseURL is the fixture's base URL: it has a path, so that every
// link must carry it.
const fixtureBaseURL = "https://example.org/book/"

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// body joins parts into a body, turning each int i into model.Marker(i).
func body(parts ...any) []byte {
	var b strings.Builder
	for _, p := range parts {
		switch p := p.(type) {
		case int:
			b.WriteString(model.Marker(p))
		case string:
			b.WriteString(p)
		}
	}
	return []byte(b.String())
}

// fixtureBook builds, by hand, a small resolved book: four briefs with refs
// of every kind and citations, actors with and without profiles, two
// domains (one with a profile), two sources (one from sources.yaml, one
// inline), a Unicode slug, and script payloads in titles and labels.
func fixtureBook() *model.Book {
	site := model.Site{
		Title:       "Seoul–Tokyo Briefing Book",
		BaseURL:     fixtureBaseURL,
		Language:    "en",
		Description: "Briefs on Japan–South Korea security cooperation.",
	}
	security := &model.Domain{
		Doc: model.Doc{
			Path: "content/domains/security.md",
			Body: body("<p>Alliance management and intelligence sharing, see ", 0, ".</p>\n"),
			Refs: []model.Ref{{Kind: model.RefBrief, Target: "gsomia"}}, Links: []model.Link{{OK: true, Href: "/briefs/gsomia/", Text: "GSOMIA & the <script>alert(1)</script> pact"}},
		},
		Slug: "security", Title: "Security", Summary: "Defence and intelligence cooperation.", Profile: true, URL: "/domains/security/",
	}
	trade := &model.Domain{Slug: "trade", Title: "Trade", URL: "/domains/trade/"}
	korea := &model.Actor{
		Doc: model.Doc{
			Path: "content/actors/south-korea.md",
			Body: []byte("<p>The Republic of Korea.</p>\n"),
		},
		Slug: "south-korea", Name: "South Korea", Aliases: []string{"ROK", "Republic of Korea"},
		Kind: "state", Summary: "A US treaty ally in Northeast Asia.", Profile: true, URL: "/actors/south-korea/",
	}
	japan := &model.Actor{
		Doc:  model.Doc{Path: "content/actors/japan.md", Body: []byte("<p>Japan.</p>\n")},
		Slug: "japan", Name: "Japan", Kind: "state", Profile: true, URL: "/actors/japan/",
	}
	yoon := &model.Actor{
		Doc:  model.Doc{Path: "content/actors/yoon-suk-yeol.md"},
		Slug: "yoon-suk-yeol", Name: "Yoon Suk Yeol", Kind: "person", Profile: true, URL: "/actors/yoon-suk-yeol/",
	}
	keidanren := &model.Actor{Slug: "keidanren", Name: "Keidanren", URL: "/actors/keidanren/"}
	haggard := &model.Source{
		ID: "haggard-2021", Title: "Security Cooperation with Seoul and Tokyo: Changing the Conversation",
		Authors:   []string{"Stephan Haggard", "Henry D. Sokolski"},
		Names:     []model.Name{{Given: "Stephan", Family: "Haggard"}, {Given: "Henry D.", Family: "Sokolski"}},
		Container: "The Peninsula", Publisher: "Korea Economic Institute of America",
		Date: "2021-04-06", URL: "https://keia.org/the-peninsula/security-cooperation/", Note: "A short essay.",
		Path: "content/sources.yaml", Line: 1, Slug: "haggard-2021", PageURL: "/sources/haggard-2021/",
	}
	cha := &model.Source{
		ID: "cha-2019", Title: "Japan–Korea <script>alert('x')</script> Relations", Authors: []string{"Victor Cha"},
		Names: []model.Name{{Given: "Victor", Family: "Cha"}},
		Date:  "2019", Path: "content/briefs/trade-dispute.md", Line: 8, Slug: "cha-2019", PageURL: "/sources/cha-2019/",
	}

	summit := &model.Brief{
		Doc: model.Doc{
			Path: "content/briefs/summit-2023.md",
			Body: body("<p>The March summit built on ", 0, " and the ", 1, ".</p>\n<p>Leaders met in Tokyo ", 2, ".</p>\n"),
			Refs: []model.Ref{
				{Kind: model.RefBrief, Target: "gsomia"},
				{Kind: model.RefBrief, Target: "한일-정보보호협정", Label: "2016 agreement"},
				{Kind: model.RefCitation, Cites: []model.Cite{{ID: "haggard-2021"}}},
			},
			Links: []model.Link{
				{OK: true, Href: "/briefs/gsomia/", Text: "GSOMIA & the <script>alert(1)</script> pact"},
				{OK: true, Href: "/briefs/한일-정보보호협정/"},
				{Numbers: []int{1}, OK: true},
			},
			Words: 450,
		},
		Slug: "summit-2023", Title: "The 2023 summit", Summary: "Leaders restore shuttle diplomacy.",
		Date: day("2023-03-16"), Authors: []string{"Jane Analyst"},
		Domains: []string{"security"}, Actors: []string{"Yoon Suk Yeol", "Japan"},
		URL: "/briefs/summit-2023/", DomainList: []*model.Domain{security}, ActorList: []*model.Actor{yoon, japan},
		References: []model.Reference{{N: 1, Source: haggard, Cited: true}},
	}
	gsomia := &model.Brief{
		Doc: model.Doc{
			Path: "content/briefs/gsomia.md",
			Body: body(
				"<h2 id=\"background\">Background</h2>\n<p>Signed in 2016 (", 0, "), strained by ", 1, ".</p>\n",
				"<h2 id=\"crisis\">The 2019 crisis</h2>\n<p>", 2, " threatened to leave it ", 3, ", see ", 4, ".</p>\n",
				"<h3 id=\"us-role\">The US role</h3>\n<p>Washington pressed both ", 5, " and ", 6, ". A <a href=\"", 7, "\">relative link</a> and a ", 8, ".</p>\n",
				"<p>Also ", 9, " and ", 10, ".</p>\n"),
			Refs: []model.Ref{
				{Kind: model.RefBrief, Target: "한일-정보보호협정"},
				{Kind: model.RefBrief, Target: "trade-dispute", Fragment: "export-controls"},
				{Kind: model.RefActor, Target: "ROK"},
				{Kind: model.RefCitation, Cites: []model.Cite{{ID: "haggard-2021", Locator: "p. 12"}}},
				{Kind: model.RefDomain, Target: "trade", Label: "trade <b>policy</b>"},
				{Kind: model.RefCitation, Cites: []model.Cite{{ID: "cha-2019"}, {ID: "haggard-2021", Locator: "pp. 3–4"}}},
				{Kind: model.RefSource, Target: "cha-2019"},
				{Kind: model.RefRelLink, Target: "summit-2023.md"},
				{Kind: model.RefBrief, Target: "no-such-brief", Label: "<script>alert(2)</script>"},
				{Kind: model.RefActor, Target: "Keidanren"},
				{Kind: model.RefCitation, Cites: []model.Cite{{ID: "unknown-id"}}},
			},
			Links: []model.Link{
				{OK: true, Href: "/briefs/한일-정보보호협정/", Text: "한일 정보보호협정"},
				{OK: true, Href: "/briefs/trade-dispute/#export-controls", Text: "The trade dispute"},
				{OK: true, Href: "/actors/south-korea/", Text: "South Korea"},
				{Numbers: []int{1}, OK: true},
				{OK: true, Href: "/domains/trade/", Text: "Trade"},
				{Numbers: []int{2, 1}, OK: true},
				{OK: true, Href: "/sources/cha-2019/", Text: "Cha (2019)"},
				{OK: true, Href: "/briefs/summit-2023/"},
				{},
				{OK: true, Href: "/actors/keidanren/", Text: "Keidanren"},
				{},
			},
			Headings: []model.Heading{{Level: 2, ID: "background", Text: "Background"}, {Level: 2, ID: "crisis", Text: "The 2019 crisis"}, {Level: 3, ID: "us-role", Text: "The US role"}},
			Words:    820,
		},
		Slug: "gsomia", Title: "GSOMIA & the <script>alert(1)</script> pact",
		Summary: "Why the intelligence pact <matters>.", Date: day("2021-04-06"), Updated: day("2021-05-01"),
		Authors: []string{"Jane Analyst", "Kim Min-ji"}, Domains: []string{"security", "trade"},
		Actors: []string{"ROK", "Japan", "Keidanren"}, URL: "/briefs/gsomia/",
		DomainList: []*model.Domain{security, trade}, ActorList: []*model.Actor{korea, japan, keidanren},
		References: []model.Reference{{N: 1, Source: haggard, Cited: true}, {N: 2, Source: cha, Cited: true}},
	}
	tradeDispute := &model.Brief{
		Doc: model.Doc{
			Path: "content/briefs/trade-dispute.md",
			Body: body("<h2 id=\"export-controls\">Export controls</h2>\n<p>Japan tightened export controls ", 0, ".</p>\n"),
			Refs: []model.Ref{{Kind: model.RefCitation, Cites: []model.Cite{{ID: "cha-2019"}}}}, Links: []model.Link{{Numbers: []int{1}, OK: true}},
			Headings: []model.Heading{{Level: 2, ID: "export-controls", Text: "Export controls"}},
			Words:    90,
		},
		Slug: "trade-dispute", Title: "The trade dispute", Date: day("2020-07-01"),
		Domains: []string{"trade"}, Actors: []string{"Japan", "Keidanren", "South Korea"}, URL: "/briefs/trade-dispute/",
		DomainList: []*model.Domain{trade}, ActorList: []*model.Actor{japan, keidanren, korea},
		Sources:    []model.SourceRef{{ID: "cha-2019", Inline: cha}},
		References: []model.Reference{{N: 1, Source: cha, Cited: true}, {N: 2, Source: haggard}},
	}
	agreement := &model.Brief{
		Doc:  model.Doc{Path: "content/briefs/한일-정보보호협정.md", Body: []byte("<p>협정은 2016년에 체결되었다.</p>\n"), Words: 3},
		Slug: "한일-정보보호협정", Title: "한일 정보보호협정", Summary: "The 2016 agreement.", Date: day("2019-11-22"),
		Domains: []string{"security"}, Actors: []string{"Republic of Korea", "Japan"}, URL: "/briefs/한일-정보보호협정/",
		DomainList: []*model.Domain{security}, ActorList: []*model.Actor{korea, japan},
	}

	summit.LinksTo = []*model.Brief{gsomia, agreement}
	summit.Related = []*model.Brief{gsomia, agreement}
	gsomia.LinksTo = []*model.Brief{agreement, tradeDispute, summit}
	gsomia.LinkedFrom = []*model.Brief{summit}
	gsomia.Related = []*model.Brief{agreement, tradeDispute, summit}
	tradeDispute.LinkedFrom = []*model.Brief{gsomia}
	tradeDispute.Related = []*model.Brief{gsomia}
	agreement.LinkedFrom = []*model.Brief{summit, gsomia}
	agreement.Related = []*model.Brief{gsomia, summit}

	security.Briefs = []*model.Brief{summit, gsomia, agreement}
	trade.Briefs = []*model.Brief{gsomia, tradeDispute}
	korea.Briefs = []*model.Brief{gsomia, tradeDispute, agreement}
	japan.Briefs = []*model.Brief{summit, gsomia, tradeDispute, agreement}
	yoon.Briefs = []*model.Brief{summit}
	keidanren.Briefs = []*model.Brief{gsomia, tradeDispute}
	korea.CoActors = []model.ActorCount{{Actor: japan, Count: 3}, {Actor: keidanren, Count: 2}}
	japan.CoActors = []model.ActorCount{{Actor: korea, Count: 3}, {Actor: keidanren, Count: 2}, {Actor: yoon, Count: 1}}
	yoon.CoActors = []model.ActorCount{{Actor: japan, Count: 1}}
	keidanren.CoActors = []model.ActorCount{{Actor: japan, Count: 2}, {Actor: korea, Count: 2}}
	haggard.Briefs = []*model.Brief{summit, gsomia, tradeDispute}
	cha.Briefs = []*model.Brief{gsomia, tradeDispute}
	// Body mentions, as resolve finds them.
	yoon.Mentioned = []*model.Brief{gsomia}
	trade.Mentioned = []*model.Brief{summit}
	cha.Mentioned = []*model.Brief{summit}

	b := &model.Book{
		Site: site,
		Home: &model.Home{
			Doc: model.Doc{
				Path: "content/_index.md",
				Body: body("<p>This book follows security cooperation between Seoul and Tokyo. Start with ", 0, ".</p>\n"),
				Refs: []model.Ref{{Kind: model.RefBrief, Target: "gsomia"}}, Links: []model.Link{{OK: true, Href: "/briefs/gsomia/", Text: "GSOMIA & the <script>alert(1)</script> pact"}},
			},
			Title: "Seoul and Tokyo",
		},
		Briefs:  []*model.Brief{summit, gsomia, tradeDispute, agreement},
		Actors:  []*model.Actor{japan, keidanren, korea, yoon},
		Domains: []*model.Domain{security, trade},
		Sources: []*model.Source{cha, haggard},
	}
	// Book order, as resolve makes it: by domain, then date.
	b.Contents = []model.Chapter{
		{Domain: security, N: 1, Briefs: []*model.Brief{agreement, gsomia, summit}},
		{Domain: trade, N: 2, Briefs: []*model.Brief{tradeDispute}},
	}
	var prev *model.Brief
	for _, ch := range b.Contents {
		for i, x := range ch.Briefs {
			x.Number = strconv.Itoa(ch.N) + "." + strconv.Itoa(i+1)
			if x.Prev = prev; prev != nil {
				prev.Next = x
			}
			prev = x
		}
	}
	b.BriefBySlug = map[string]*model.Brief{}
	for _, x := range b.Briefs {
		b.BriefBySlug[x.Slug] = x
	}
	b.ActorBySlug = map[string]*model.Actor{}
	for _, x := range b.Actors {
		b.ActorBySlug[x.Slug] = x
	}
	b.DomainBySlug = map[string]*model.Domain{"security": security, "trade": trade}
	b.SourceByID = map[string]*model.Source{"cha-2019": cha, "haggard-2021": haggard}
	return b
}
