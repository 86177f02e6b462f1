package gen

// The fixed vocabulary of the generated books. Every word and name here was
// written for this generator; none is copied from a real text. Words are
// plain ASCII letters and spaces (no markdown or YAML punctuation), so the
// generated files need no escaping and heading ids are predictable.

var subjects = []string{
	"The ministry", "The agency", "Regulators", "The coalition", "Officials",
	"The committee", "Negotiators", "The framework", "The secretariat",
	"Industry groups", "The working group", "Allied governments", "The council",
	"Parliamentary staff", "The review panel", "Trade envoys", "The task force",
	"Analysts", "The delegation", "Procurement offices", "Standards bodies",
	"The commission", "Port authorities", "Export licensing staff",
	"It", "The bank", "The court", "Its staff", "The board", "The panel",
	"The firm", "The state", "The group", "The unit", "They", "Many",
}

var verbs = []string{
	"expanded", "reviewed", "tightened", "delayed", "proposed", "endorsed",
	"challenged", "clarified", "narrowed", "extended", "suspended", "revised",
	"published", "questioned", "coordinated", "reinforced", "relaxed",
	"audited", "drafted", "defended", "postponed", "harmonized", "tested",
	"funded", "mapped", "assessed", "renegotiated", "streamlined", "cut",
	"set out", "held up", "took on", "backed", "met on", "ran", "saw",
	"kept", "led", "won", "lost", "eased", "paid for", "sent back",
}

var objects = []string{
	"the export control regime", "its investment screening mechanism",
	"supply chain resilience measures", "the data localization rules",
	"the joint statement on critical minerals", "the sanctions package",
	"the cyber incident reporting standard", "the satellite licensing process",
	"the semiconductor subsidy scheme", "the maritime security dialogue",
	"the energy transition roadmap", "the vaccine procurement pact",
	"the outbound investment review", "the undersea cable protection plan",
	"the information sharing agreement", "the tariff exclusion list",
	"the dual use technology list", "the foreign subsidies instrument",
	"the grid interconnection project", "the spectrum allocation plan",
	"the bilateral safety framework", "the stockpiling guidelines",
	"the cloud certification scheme", "the shipbuilding partnership",
	"the cross border payments pilot", "the nuclear cooperation accord",
	"the new plan", "the tax deal", "the ban", "the rules on data",
	"a new law", "the old deal", "its own plan", "the fund", "a new pact",
	"the last round of talks", "the grid plan", "the port deal",
}

var tails = []string{
	"in the second quarter", "after the consultation closed",
	"despite objections from industry", "under the new framework",
	"ahead of the summit", "following the audit", "within the agreed timeline",
	"for the first time since the crisis", "at the request of member states",
	"without a public hearing", "in response to the incident",
	"as part of a broader review", "after months of negotiation",
	"before the budget deadline", "in coordination with partners",
	"amid rising tensions in the region", "pending a court decision",
	"with limited transparency", "on a provisional basis",
	"across several jurisdictions", "this year", "last week", "so far",
	"in May", "at home", "for a while", "in the end", "by then", "on time",
	"at last", "once more", "as planned", "in full", "at a cost",
}

var clauses = []string{
	"which raised questions about enforcement",
	"although the details remain unclear",
	"while smaller firms sought longer transition periods",
	"so that compliance costs would fall over time",
	"because earlier guidance had proved ambiguous",
	"even as critics warned of fragmentation",
	"and observers expect further changes next year",
	"though implementation will depend on funding",
	"which partners welcomed with some caution",
	"as the legal basis was contested",
}

var connectors = []string{
	"However,", "In parallel,", "As a result,", "By contrast,", "Meanwhile,",
	"In practice,", "At the same time,", "Notably,", "In the longer run,",
	"For now,",
}

var headings = []string{
	"Background", "Key developments", "Implications for allies",
	"Legal basis", "Industry response", "Open questions", "Timeline",
	"Enforcement", "Regional reactions", "Costs and benefits",
	"What to watch", "Policy options", "Historical context",
	"Risks and uncertainties", "Stakeholder positions", "Next steps",
}

var topics = []string{
	"Semiconductor export controls", "Critical minerals cooperation",
	"Investment screening reform", "Undersea cable security",
	"Data localization rules", "Satellite licensing", "Sanctions enforcement",
	"Cyber incident reporting", "Maritime domain awareness",
	"Energy grid interconnection", "Vaccine supply agreements",
	"Outbound investment review", "Shipbuilding capacity",
	"Spectrum allocation", "Cloud security certification",
	"Cross border payments", "Nuclear safety cooperation",
	"Battery supply chains", "Rare earth processing", "Port infrastructure",
	"Foreign subsidies", "Dual use research", "Quantum technology controls",
	"Fisheries enforcement", "Space debris mitigation", "Grain corridor",
	"Pharmaceutical stockpiles", "Telecom vendor restrictions",
	"Hydrogen partnerships", "Arctic shipping routes",
}

var angles = []string{
	"after the review", "and the alliance", "in the new budget",
	"under pressure", "and industry", "at the crossroads", "in transition",
	"and its critics", "beyond the summit", "and the courts",
	"in the region", "and smaller states", "after the election",
	"in the long run", "and the market",
}

var analysts = []string{
	"Mara Vintel", "Oskar Lindqvar", "Hana Sorel", "Tomas Brevik",
	"Ilse Carrow", "Jun Arakita", "Petra Nowal", "Samir Qadeen",
	"Lucia Ferrand", "Daniel Okafe", "Yuna Therrow", "Aleksi Marrow",
	"Noor Halvard", "Benedikt Straul", "Chiara Donnel", "Ravi Menkar",
	"Sofia Castrel", "Emil Rasko", "Ines Valdor", "Kenji Morrow",
}

var surnames = []string{
	"vintel", "lindqvar", "sorel", "brevik", "carrow", "arakita", "nowal",
	"qadeen", "ferrand", "okafe", "therrow", "marrow", "halvard", "straul",
	"donnel", "menkar", "castrel", "rasko", "valdor", "morrow", "abelin",
	"brandt", "celik", "dumont", "esterhal", "falkner", "gorin", "hollis",
	"ibsen", "jarrow", "kessel", "lorne", "maddox", "norrin", "ostrand",
}

var publishers = []string{
	"Institute for Strategic Trade", "Centre for Maritime Policy",
	"Northern Policy Forum", "Council on Technology and Security",
	"Harbour Economics Review", "Office of the Trade Representative",
	"Journal of Supply Chain Governance", "Atlantic Standards Observatory",
	"Pacific Energy Monitor", "Bureau of Industrial Analysis",
}

var countries = []string{
	"Norland", "Estravia", "Kalvania", "Osterra", "Merovia", "Tarsenia",
	"Lumeria", "Vostrana", "Caldera", "Ithrea", "Brennmark", "Sarovia",
	"Quellen", "Dravonia", "Amberlay", "Rhovan", "Telmaris", "Zentha",
	"Pellora", "Vaskar",
}

var institutions = []string{
	"Ministry of Trade", "Ministry of Defence", "Central Bank",
	"Competition Authority", "Space Agency", "Coast Guard",
	"Cyber Security Centre", "Energy Regulator", "Export Control Office",
	"Foreign Ministry",
}

var companies = []string{
	"Halvern Semiconductors", "Orrin Maritime", "Castellan Telecom",
	"Brightwater Energy", "Meridian Satellite Systems", "Korvath Minerals",
	"Solenne Pharmaceuticals", "Tessaly Cloud", "Ironvale Shipbuilding",
	"Quarry Point Batteries", "Aldane Robotics", "Vireo Networks",
	"Northgate Logistics", "Palisade Aerospace", "Stratos Grid",
	"Lindholm Chemicals", "Arcadia Quantum", "Fennick Fisheries",
	"Corvane Payments", "Hollow Peak Hydrogen",
}

var organizations = []string{
	"Northern Trade Council", "Ocean Security Forum", "Standards Alliance",
	"Regional Development Bank", "Digital Rights Coalition",
	"Energy Charter Group", "Mineral Producers Association",
	"Shipping Federation", "Space Traffic Consortium",
	"Cable Operators Union", "Health Supply Network",
	"Semiconductor Users Forum",
}

var domainTitles = []string{
	"Cyber", "Supply chains", "Space", "Energy", "Trade", "Export controls",
	"Maritime", "Finance", "Health", "Climate", "Technology standards",
	"Nuclear",
}

var kinds = []string{"state", "company", "organization", "agency"}
