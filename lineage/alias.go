package lineage

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// builtinAliases are other names of common outlets and wires; each group is
// one source, and its first name is the canonical one.
var builtinAliases = [][]string{
	// Wires and agencies.
	{"Associated Press", "AP", "The Associated Press", "AP News", "apnews.com"},
	{"Reuters", "Thomson Reuters", "Reuters News", "reuters.com"},
	{"Agence France-Presse", "AFP", "Agence France Presse", "afp.com"},
	{"Bloomberg", "Bloomberg News", "bloomberg.com"},
	{"United Press International", "UPI", "upi.com"},
	{"Deutsche Presse-Agentur", "dpa", "Deutsche Presse Agentur", "dpa.com"},
	{"Xinhua", "Xinhua News Agency", "新华社", "xinhuanet.com", "english.news.cn"},
	{"TASS", "TASS Russian News Agency", "ТАСС", "tass.com", "tass.ru"},
	{"RIA Novosti", "РИА Новости", "ria.ru"},
	{"Interfax", "Интерфакс", "interfax.com", "interfax.ru"},
	{"Kyodo News", "Kyodo", "共同通信", "english.kyodonews.net"},
	{"Yonhap", "Yonhap News Agency", "연합뉴스", "en.yna.co.kr"},
	{"ANSA", "ansa.it"},
	{"EFE", "Agencia EFE", "efe.com"},
	{"Ukrinform", "Укрінформ", "ukrinform.net"},
	// Agencies as their own scripts write them, where datelines credit
	// them so: "(اے پی پی)", "(ТАСС)", "新华社".
	{"Associated Press of Pakistan", "APP", "اے پی پی", "app.com.pk"},
	{"Independent News Pakistan", "INP", "آئی این پی"},
	{"Sabah News Agency", "SANA", "ثنا نیوز"},
	{"News Network International", "NNI", "این این آئی"},
	{"Islamabad News Network", "INN", "آئی این این"},
	{"Anadolu Agency", "Anadolu Ajansı", "aa.com.tr"},
	{"Islamic Republic News Agency", "IRNA", "ایرنا", "irna.ir"},
	{"Saudi Press Agency", "SPA", "واس", "spa.gov.sa"},
	{"Emirates News Agency", "WAM", "وام", "wam.ae"},
	{"Kuwait News Agency", "KUNA", "كونا", "kuna.net.kw"},
	{"Bernama", "bernama.com"},
	{"Antara", "Antara News", "antaranews.com"},
	{"Press Trust of India", "PTI", "पीटीआई", "ptinews.com"},
	{"Indo-Asian News Service", "IANS", "आईएएनएस"},
	{"Agência Brasil", "Agencia Brasil", "agenciabrasil.ebc.com.br"},
	// International broadcasters.
	{"Radio Free Europe/Radio Liberty", "RFE/RL", "Radio Free Europe", "Radio Liberty", "rferl.org"},
	{"Voice of America", "VOA", "VOA News", "voanews.com"},
	{"BBC", "BBC News", "British Broadcasting Corporation", "bbc.com", "bbc.co.uk"},
	{"Deutsche Welle", "DW", "dw.com"},
	{"France 24", "france24.com"},
	{"Al Jazeera", "Al Jazeera English", "aljazeera.com"},
	{"Euronews", "euronews.com"},
	{"NPR", "National Public Radio", "npr.org"},
	{"CNN", "cnn.com", "edition.cnn.com"},
	{"RT", "Russia Today", "rt.com"},
	{"Sputnik", "Sputnik News", "sputnikglobe.com", "sputniknews.com"},
	// Newspapers and sites.
	{"The New York Times", "New York Times", "NYT", "nytimes.com"},
	{"The Washington Post", "Washington Post", "washingtonpost.com"},
	{"The Guardian", "Guardian", "theguardian.com"},
	{"The Wall Street Journal", "Wall Street Journal", "WSJ", "wsj.com"},
	{"Financial Times", "FT", "ft.com"},
	{"Politico", "politico.com", "politico.eu"},
	{"Axios", "axios.com"},
	{"The Hill", "thehill.com"},
	{"The Kyiv Independent", "Kyiv Independent", "kyivindependent.com"},
	{"Meduza", "meduza.io"},
	{"The Moscow Times", "Moscow Times", "themoscowtimes.com"},
	// Nonprofit newsrooms whose work is republished under licence.
	{"The Conversation", "theconversation.com"},
	{"ProPublica", "propublica.org"},
	{"KFF Health News", "Kaiser Health News", "KHN", "kffhealthnews.org", "khn.org"},
	{"Global Voices", "globalvoices.org"},
	{"Inside Climate News", "insideclimatenews.org"},
}

// Aliases is a table of source names: each group of names is one source,
// with a canonical name. A table is never changed once made ([Aliases.With]
// returns a new one), so it is safe for concurrent use.
type Aliases struct {
	groups [][]string     // canonical name first
	group  map[string]int // folded name -> index into groups
}

// NewAliases returns a table of the given groups of names, the first name
// of each group canonical. Groups that share a name are merged, the later
// group's canonical name winning.
func NewAliases(groups ...[]string) *Aliases {
	return (&Aliases{}).With(groups...)
}

// DefaultAliases returns the table that ships with provenance: common wires,
// agencies, broadcasters and outlets, with their short names and domains.
func DefaultAliases() *Aliases { return builtin }

var builtin = NewAliases(builtinAliases...)

// With returns a new table: a's groups plus the given ones. A group that
// shares a name with groups already in the table merges with them, and its
// first name becomes the canonical name of the merged group.
func (a *Aliases) With(groups ...[]string) *Aliases {
	all := slices.Clone(a.groups)
	for _, g := range groups {
		var merged []string
		seen := map[string]bool{}
		add := func(n string) {
			n = strings.Join(strings.Fields(n), " ")
			if f := fold(n); f != "" && !seen[f] {
				seen[f] = true
				merged = append(merged, n)
			}
		}
		for _, n := range g {
			add(n)
		}
		if len(merged) == 0 {
			continue
		}
		kept := all[:0]
		for _, old := range all {
			if slices.ContainsFunc(old, func(n string) bool { return seen[fold(n)] }) {
				for _, n := range old {
					add(n)
				}
				continue
			}
			kept = append(kept, old)
		}
		all = append(kept, merged)
	}
	out := &Aliases{groups: all, group: map[string]int{}}
	for i, g := range all {
		for _, n := range g {
			out.group[fold(n)] = i
		}
	}
	return out
}

// Groups returns the table's groups, canonical name first.
func (a *Aliases) Groups() [][]string {
	out := make([][]string, len(a.groups))
	for i, g := range a.groups {
		out[i] = slices.Clone(g)
	}
	return out
}

// lookup returns the index of the group that names s, or -1.
func (a *Aliases) lookup(s string) int {
	return a.groupOfFold([]byte(fold(s)))
}

// groupOfFold is lookup for a name already folded.
func (a *Aliases) groupOfFold(f []byte) int {
	if i, ok := a.group[string(f)]; ok {
		return i
	}
	if t, ok := bytes.CutPrefix(f, []byte("the")); ok {
		if i, ok := a.group[string(t)]; ok {
			return i
		}
	}
	return -1
}

// keyOfFold returns the key of a name that is in the table, from its
// fold (see Key), and whether it is in the table.
func (a *Aliases) keyOfFold(f []byte) (string, bool) {
	i := a.groupOfFold(f)
	if i < 0 {
		return "", false
	}
	return fold(a.groups[i][0]), true
}

// Key returns the key under which s is compared: its canonical name
// reduced to lower-case letters and digits; for a name not in the table,
// the name itself so reduced, without a leading "the" or "www.".
func (a *Aliases) Key(s string) string {
	if i := a.lookup(s); i >= 0 {
		return fold(a.groups[i][0])
	}
	if d := domainName(s); d != "" {
		// "ashfordreport.com" is the Ashford Report.
		if i := a.lookup(d); i >= 0 {
			return fold(a.groups[i][0])
		}
		return strings.TrimPrefix(fold(d), "the")
	}
	return strings.TrimPrefix(fold(s), "the")
}

// domainName returns the name part of a web address ("ashfordreport" for
// "https://www.ashfordreport.com/news", "bbc" for "bbc.co.uk"), or "" if s
// does not look like one.
func domainName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	if s == "" || strings.ContainsAny(s, " \t") || !strings.Contains(s, ".") {
		return ""
	}
	labels := strings.Split(strings.TrimPrefix(s, "www."), ".")
	tld := labels[len(labels)-1]
	if len(tld) < 2 || len(tld) > 6 || strings.IndexFunc(tld, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return ""
	}
	labels = labels[:len(labels)-1]
	if n := len(labels); n > 1 && len(tld) == 2 {
		switch labels[n-1] {
		case "co", "com", "org", "net", "gov", "ac", "edu":
			labels = labels[:n-1]
		}
	}
	return strings.Join(labels, ".")
}

// Same reports whether two source names name one outlet.
func (a *Aliases) Same(x, y string) bool {
	kx, ky := a.Key(x), a.Key(y)
	return kx != "" && kx == ky
}

// Canonical returns the canonical name of source s as written in the table,
// or s with its spaces tidied when the table does not know it.
func (a *Aliases) Canonical(s string) string {
	if i := a.lookup(s); i >= 0 {
		return a.groups[i][0]
	}
	return strings.Join(strings.Fields(s), " ")
}

// Names returns the known names of source s: its group, canonical name
// first, or just s.
func (a *Aliases) Names(s string) []string {
	if i := a.lookup(s); i >= 0 {
		return slices.Clone(a.groups[i])
	}
	return []string{s}
}

// ErrAliasFile is the reason an alias file is refused.
var ErrAliasFile = errors.New("bad alias file")

// ReadAliases reads groups of source names from r, one group a line, names
// separated by "|", the canonical name first:
//
//	# comments and blank lines are ignored
//	Radio Free Europe/Radio Liberty | RFE/RL | rferl.org
//
// A line with fewer than two names, or with a name that has no letter or
// digit, is an error wrapping [ErrAliasFile] that gives the line number.
func ReadAliases(r io.Reader) ([][]string, error) {
	var groups [][]string
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g []string
		for _, name := range strings.Split(line, "|") {
			name = strings.Join(strings.Fields(name), " ")
			if name == "" {
				continue
			}
			if fold(name) == "" {
				return nil, fmt.Errorf("%w: line %d: name %q has no letter or digit", ErrAliasFile, n, name)
			}
			g = append(g, name)
		}
		if len(g) < 2 {
			return nil, fmt.Errorf("%w: line %d: want two or more names separated by |", ErrAliasFile, n)
		}
		groups = append(groups, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: line %d: %w", ErrAliasFile, n+1, err)
	}
	return groups, nil
}

// SourceKey returns the key under which a source name is compared in the
// built-in table (see [Aliases.Key]).
func SourceKey(s string) string { return builtin.Key(s) }

// SameSource reports whether two source names name one outlet in the
// built-in table (see [Aliases.Same]).
func SameSource(a, b string) bool { return builtin.Same(a, b) }

// CanonicalName returns the canonical name of a source in the built-in
// table (see [Aliases.Canonical]).
func CanonicalName(s string) string { return builtin.Canonical(s) }

// reHost matches a bare host name such as "www.rferl.org".
var reHost = regexp.MustCompile(`(?i)^www\d?\.((?:[a-z0-9-]+\.)+[a-z]{2,})$`)

// fold reduces a source name to letters and digits, lower case; a host
// name loses a leading "www.".
func fold(s string) string {
	s = strings.TrimSpace(s)
	// reHost's (?i) folds w with W only.
	if len(s) > 4 && s[0]|0x20 == 'w' && s[1]|0x20 == 'w' && s[2]|0x20 == 'w' {
		if m := reHost.FindStringSubmatch(s); m != nil {
			s = m[1]
		}
	}
	return string(foldAppend(make([]byte, 0, len(s)), s))
}

// foldAppend appends the letters and digits of s to b, in lower case.
func foldAppend(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b = append(b, byte(r))
		case 'A' <= r && r <= 'Z':
			b = append(b, byte(r)+'a'-'A')
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return b
}
