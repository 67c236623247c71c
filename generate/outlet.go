package generate

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/provenance-dev/provenance/lineage"
)

// outlet is a generated news source: its name, domain, folder name and
// the site boilerplate every one of its documents carries.
type outlet struct {
	name   string // "The Valley Courier"
	short  string // "Valley Courier", for "the Valley Courier newsletter"
	domain string // "valleycourier.com"
	slug   string // "valley-courier"
	// top lines go above the body, bottom lines below it; mid goes after
	// paragraph midAfter (or to the bottom when the body is shorter).
	top, bottom []string
	mid         string
	midAfter    int
}

// Words for outlet names. None is a word that ends a name in the credit
// patterns of lineage (and, with, under, on, as), none is a known outlet
// or alias there, and none has a full stop.
var (
	placeQualifiers = []string{"North", "South", "East", "West", "Upper", "Lower", "Greater", "Old", "New", "Central"}
	places          = []string{
		"Valley", "River", "Harbor", "Lakeside", "Prairie", "Summit", "Coastal", "Capital", "Metro",
		"Pine", "Cedar", "Granite", "Bay", "Highland", "Midland", "Riverside", "Frontier", "Mountain",
		"Island", "Canyon", "Delta", "Heartland", "Bluff", "Meadow", "Redwood", "Ironwood", "Oak",
		"Willow", "Maple", "Sandstone", "Tidewater", "Gulf", "Plains", "Lakeshore", "Hillside",
		"Crescent", "Northern", "Southern", "Eastern", "Western", "County", "Borough", "Basin",
		"Ridge", "Forest", "Creek", "Falls", "Harborview", "Brookfield", "Ashford",
	}
	papers = []string{
		"Courier", "Ledger", "Herald", "Gazette", "Tribune", "Chronicle", "Post", "Times", "Observer",
		"Sentinel", "Dispatch", "Journal", "Record", "Examiner", "Bulletin", "Monitor", "Beacon",
		"Register", "Review", "Press", "Star", "Telegraph", "Leader", "Mirror", "Express",
		"Advocate", "Globe", "Standard", "Messenger", "Current", "Enterprise", "Pioneer",
	}
	networks = []string{"Public Radio", "News Network", "Daily", "Today", "Report", "Online", "Wire", "Insider"}
)

// newOutlets returns n outlets with names drawn by name, distinct as
// lineage's SameSource sees them, and distinct domains and slugs.
func newOutlets(r *rand.Rand, n int, name func(*rand.Rand) string) []*outlet {
	out := make([]*outlet, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		name := name(r)
		key, slug := lineage.SourceKey(name), "/"+slugify(strings.TrimPrefix(name, "The "))
		if seen[key] || seen[slug] {
			continue
		}
		seen[key], seen[slug] = true, true
		out = append(out, newOutlet(r, name))
	}
	return out
}

func outletName(r *rand.Rand) string {
	place := places[r.IntN(len(places))]
	if r.IntN(3) == 0 {
		place = placeQualifiers[r.IntN(len(placeQualifiers))] + " " + place
	}
	switch x := r.IntN(20); {
	case x < 9:
		return "The " + place + " " + papers[r.IntN(len(papers))]
	case x < 15:
		return place + " " + papers[r.IntN(len(papers))]
	case x < 16:
		return "The Daily " + place
	default:
		return place + " " + networks[r.IntN(len(networks))]
	}
}

// Words for the outlet names of the modes that choose names of any shape
// (see [anyOutletName]). Unlike the words above, they were not chosen
// with lineage's credit patterns in mind: they hold the words that end a
// name there ("and", "on", "under", "with", "as"), "the" inside a name,
// ampersands, digits, slashes, acronyms and lower-case words.
var (
	// Words that many real outlets' names end with.
	outletKinds = []string{
		"News", "Post", "Times", "Wire", "Media", "Press", "Agency", "Network", "News Agency", "Media Group",
		"News Network", "Press Agency", "Newswire", "Broadcasting", "Radio", "TV", "Report", "Journal",
		"Herald", "Daily", "Weekly", "Magazine", "Public Media", "Press Service",
	}
	// Surnames for "Hale & Marsh"-style names; none is a speaker's.
	partners = []string{
		"Hale", "Marsh", "Whitcombe", "Barrow", "Fenwick", "Lyle", "Cobb", "Ainsley", "Prescott", "Rowe",
		"Thorne", "Vance", "Pemberton", "Garland", "Holloway", "Ashby",
	}
	// Whole one-word names.
	oneWords = []string{
		"Newsline", "Bellwether", "Crosswire", "Broadsheet", "Lookout", "Signal", "Outpost", "Tidings",
		"Almanac", "Clarion", "Bugle", "Vanguard", "Spotlight", "Lantern", "Compass", "Courant", "Digest",
		"Periscope", "Dispatch", "Chronicle", "Sentinel", "Herald", "Gazette", "Ledger", "Observer",
	}
	// Lower-case endings of one-word names: "Cedarwire".
	oneWordEnds = []string{"wire", "line", "beat", "scope", "feed", "cast", "post", "watch", "view", "desk", "news", "times"}
	// Lower-case last words: "Harbor news today".
	lowerEnds = []string{"today", "now", "online", "daily", "weekly", "in brief", "after dark", "live", "news", "updates", "at large"}
	// Names with "the" (and "on", "under", "with", "as", "and") inside.
	theForms = []string{
		"Voice of the %s", "News from the %s", "Eye on the %s", "Letters from the %s", "Life on the %s",
		"Under the %s Sky", "Word on the %s", "Notes from the %s", "Spirit of the %s", "Down by the %s",
		"%s and the Coast", "Life with the %s", "As the %s Turns", "On the %s Beat", "Town and Country %s",
		"%s and District Times", "News with the %s", "Beyond the %s",
	}
)

// anyOutletName returns an outlet name of any shape: those of
// [outletName], and "Harbor News", "Hale & Marsh", "Channel 12",
// "KXRT-TV", "RFE/RL"-like acronyms, one-word names, names ending in a
// lower-case word and names with "the" inside. None starts with "By ",
// which the header reader would take for a byline.
func anyOutletName(r *rand.Rand) string {
	for {
		name := anyShapeName(r)
		if l := strings.ToLower(name); !strings.HasPrefix(l, "by ") && !strings.HasPrefix(l, "author") {
			return name
		}
	}
}

func anyShapeName(r *rand.Rand) string {
	place := func() string { return places[r.IntN(len(places))] }
	letters := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('A' + r.IntN(26))
		}
		return string(b)
	}
	switch r.IntN(10) {
	case 0, 1:
		return outletName(r)
	case 2: // "Harbor News", "The Cedar Times", "Granite Media Group"
		name := place() + " " + outletKinds[r.IntN(len(outletKinds))]
		if r.IntN(3) == 0 {
			name = "The " + name
		}
		return name
	case 3: // ampersands
		switch r.IntN(4) {
		case 0:
			return partners[r.IntN(len(partners))] + " & " + partners[r.IntN(len(partners))]
		case 1:
			return place() + " News & Views"
		case 2:
			return place() + " & " + place() + " " + papers[r.IntN(len(papers))]
		default:
			return place() + " Press & Media"
		}
	case 4: // digits
		switch r.IntN(6) {
		case 0:
			return fmt.Sprintf("Channel %d", 2+r.IntN(68))
		case 1:
			return fmt.Sprintf("News %d %s", 2+r.IntN(12), place())
		case 2:
			return fmt.Sprintf("%s %d", place(), []int{1, 24, 360, 365, 7, 10}[r.IntN(6)])
		case 3:
			return place() + " 24/7"
		case 4:
			return fmt.Sprintf("%dNews", 1+r.IntN(99))
		default:
			return fmt.Sprintf("Radio %s %d", place(), 88+r.IntN(20))
		}
	case 5: // acronyms: call letters, "KXRT-TV", "RFE/RL"-like
		switch r.IntN(4) {
		case 0:
			return string("KW"[r.IntN(2)]) + letters(3)
		case 1:
			return string("KW"[r.IntN(2)]) + letters(3) + []string{"-TV", "-FM", " News"}[r.IntN(3)]
		case 2:
			return letters(3) + "/" + letters(2)
		default:
			return letters(2+r.IntN(3)) + " " + outletKinds[r.IntN(len(outletKinds))]
		}
	case 6: // one word
		if r.IntN(2) == 0 {
			return oneWords[r.IntN(len(oneWords))]
		}
		return place() + oneWordEnds[r.IntN(len(oneWordEnds))]
	case 7: // a lower-case last word
		name := place() + " " + lowerEnds[r.IntN(len(lowerEnds))]
		if r.IntN(2) == 0 {
			name = place() + " " + papers[r.IntN(len(papers))] + " " + lowerEnds[r.IntN(len(lowerEnds))]
		}
		return name
	default: // "the" inside, and the words that end names in credits
		return fmt.Sprintf(theForms[r.IntN(len(theForms))], place())
	}
}

// Parts of boilerplate, chosen per outlet so that outlets do not share
// long runs of it.
var (
	newsletterWhat = []string{
		"the latest headlines", "our top stories", "local news and analysis", "the day's biggest stories",
		"the news that matters to you", "our best reporting", "breaking news alerts", "the weekend read",
	}
	newsletterWhen = []string{"every morning", "every weekday", "each evening", "twice a week", "every Sunday", "before breakfast"}
	topLines       = []string{
		"Listen to this article",
		"Support independent local journalism. Subscribe to %s today.",
		"You are reading %s. Subscribe for unlimited access to our reporting.",
		"Advertisement",
	}
)

func newOutlet(r *rand.Rand, name string) *outlet {
	o := &outlet{name: name, short: strings.TrimPrefix(name, "The ")}
	base := lineage.SourceKey(name)
	tlds := []string{"com", "com", "com", "com", "com", "com", "com", "org", "net", "news"}
	o.domain = base + "." + tlds[r.IntN(len(tlds))]
	o.slug = slugify(o.short)

	if r.IntN(4) == 0 {
		l := topLines[r.IntN(len(topLines))]
		if strings.Contains(l, "%s") {
			l = fmt.Sprintf(l, name)
		}
		o.top = append(o.top, l)
	}
	what := newsletterWhat[r.IntN(len(newsletterWhat))]
	when := newsletterWhen[r.IntN(len(newsletterWhen))]
	var newsletter string
	switch r.IntN(5) {
	case 0:
		newsletter = fmt.Sprintf("Sign up for the %s newsletter to get %s delivered to your inbox %s.", o.short, what, when)
	case 1:
		newsletter = fmt.Sprintf("Never miss a story. Subscribe to the %s newsletter and get %s %s.", o.short, what, when)
	case 2:
		newsletter = fmt.Sprintf("Like what you read? Sign up for %s's free newsletter to get %s %s.", name, what, when)
	case 3:
		newsletter = fmt.Sprintf("Get %s from %s in your inbox %s. Sign up for our newsletter.", what, name, when)
	}
	if newsletter != "" {
		if r.IntN(10) < 3 {
			o.mid, o.midAfter = newsletter, 2+r.IntN(3)
		} else {
			o.bottom = append(o.bottom, newsletter)
		}
	}
	if r.IntN(10) < 3 {
		o.bottom = append(o.bottom, fmt.Sprintf("Have a news tip? Email the newsroom at tips@%s.", o.domain))
	}
	switch r.IntN(7) {
	case 0, 1:
		o.bottom = append(o.bottom, fmt.Sprintf("© 2025 %s. All rights reserved.", name))
	case 2:
		o.bottom = append(o.bottom, fmt.Sprintf("Copyright © 2025 %s", name))
	case 3:
		o.bottom = append(o.bottom, fmt.Sprintf("© %s 2025. All rights reserved.", name))
	case 4:
		o.bottom = append(o.bottom, fmt.Sprintf("Copyright 2025 %s. All rights reserved. This material may not be republished without permission.", name))
	case 5:
		o.bottom = append(o.bottom, fmt.Sprintf("%s is an independent, locally owned newsroom.", name))
	}
	return o
}

// boilerplate returns every boilerplate line of the outlet.
func (o *outlet) boilerplate() []string {
	out := append([]string(nil), o.top...)
	if o.mid != "" {
		out = append(out, o.mid)
	}
	return append(out, o.bottom...)
}

// slugify turns a name into a folder name: lower-case words joined by
// hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}
