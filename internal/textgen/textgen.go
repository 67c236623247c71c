// Package textgen implements deterministic English-like text for tests and
// benchmarks: sentences of common words, grouped in paragraphs, from a
// seeded generator. Word 5-grams of its output are practically unique, as
// in real prose, so reuse between generated documents is what a test put
// there.
package textgen

import (
	"math/rand/v2"
	"strings"
)

var vocabulary = strings.Fields(`
the of and to in a is that for it as was with be by on not he this are or his
from at which but have an they you were her she there been one all we their has
would when if more no out so said what up its about into than them can only
other new some could time these two may then do first any my now such like our
over man me even most made after also did many before must through back years
where much your way well down should because each just those people how too
little state good very make world still own see men work long get here between
both life being under never day same another know while last might us great old
year off come since against go came right used take three states himself few
house use during without again place american around however home small found
thought went say part once general high upon school every does got united left
number course war until always away something fact though water less public put
think almost hand enough far took head yet government system better set told
nothing night end why called didn find going look asked later knew point next
program city business give group toward young days let room president side
social given present several order national possible rather second face per
among form important often things looked early white case john become large big
need four within felt along children saw best church ever least power development
light thing seemed family interest want members mind country area others done
turned although open god service problem certain kind different thus began door
help sense means whole matter perhaps itself york times law human line above name
example action company hands local show whether five history gave today either
act feet across taken past quite anything seen having death week experience body
word half really field car words already themselves information tell together
college shall money period held keep sure free seems real behind cannot miss
political air question office brought whose special heard major problems ago
became federal moment study available known result street economic boy position
reason change south board individual job areas society west close turn love true
court force full seem wife future age wanted department voice center woman control
common necessary policy front six girl clear further land feel party music
provide education university effect level stood military short town morning total
outside rate figure class art century washington north leave therefore top plan
minister talks peace ceasefire troops border officials spokesman agency report
energy prices market election campaign council budget minister ukraine kremlin
`)

// Gen generates text. It is not safe for concurrent use.
type Gen struct {
	r *rand.Rand
}

// New returns a generator whose output depends only on seed.
func New(seed uint64) *Gen {
	return &Gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Word returns one random word.
func (g *Gen) Word() string { return vocabulary[g.r.IntN(len(vocabulary))] }

// Intn returns a random int in [0, n).
func (g *Gen) Intn(n int) int { return g.r.IntN(n) }

// Sentence returns a sentence of n words, capitalised, with a comma now and
// then and a full stop.
func (g *Gen) Sentence(n int) string {
	var b strings.Builder
	for i := range n {
		w := g.Word()
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i > 2 && i < n-2 && g.r.IntN(9) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return b.String()
}

// Sentences returns sentences of 8 to 25 words totalling exactly n words.
func (g *Gen) Sentences(n int) []string {
	var out []string
	for n > 0 {
		k := min(n, 8+g.r.IntN(18))
		if n-k < 4 {
			k = n
		}
		out = append(out, g.Sentence(k))
		n -= k
	}
	return out
}

// Text returns exactly n words of prose in paragraphs of 2 to 5 sentences
// separated by blank lines.
func (g *Gen) Text(n int) string {
	return Paragraphs(g.Sentences(n), g)
}

// Paragraphs joins sentences into paragraphs of 2 to 5 sentences, using g
// to choose the breaks.
func Paragraphs(sentences []string, g *Gen) string {
	var b strings.Builder
	left := 0
	for i, s := range sentences {
		if i > 0 {
			if left == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		if left == 0 {
			left = 2 + g.r.IntN(4)
		}
		left--
		b.WriteString(s)
	}
	b.WriteByte('\n')
	return b.String()
}
