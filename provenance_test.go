package provenance_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/report"
)

func doc(id, text string) *document.Document {
	return &document.Document{ID: id, Path: id, Text: []byte(text)}
}

func compare(t testing.TB, docs ...*document.Document) *provenance.Result {
	t.Helper()
	res, err := provenance.Compare(docs, provenance.DefaultOptions())
	if err != nil {
		t.Fatalf("Compare: %v", err)
	}
	return res
}

// findMatch returns the match between documents with IDs x and y, with a
// flag telling whether x is its side A.
func findMatch(res *provenance.Result, x, y string) (*cluster.Match, bool) {
	for i := range res.Matches {
		m := &res.Matches[i]
		a, b := res.Docs[m.A].ID, res.Docs[m.B].ID
		if a == x && b == y {
			return m, true
		}
		if a == y && b == x {
			return m, false
		}
	}
	return nil, false
}

// coverage returns the share of text[lo:hi] that lies in the union of the
// byte spans.
func coverage(spans [][2]int, lo, hi int) float64 {
	in := make([]bool, hi-lo)
	for _, s := range spans {
		for i := max(s[0], lo); i < min(s[1], hi); i++ {
			in[i-lo] = true
		}
	}
	n := 0
	for _, v := range in {
		if v {
			n++
		}
	}
	return float64(n) / float64(hi-lo)
}

// copySpans returns the byte spans of a match's passages in document id.
func copySpans(res *provenance.Result, m *cluster.Match, id string) [][2]int {
	var out [][2]int
	for _, p := range m.Passages {
		if res.Docs[m.A].ID == id {
			out = append(out, [2]int{p.AStart, p.AEnd})
		} else {
			out = append(out, [2]int{p.BStart, p.BEnd})
		}
	}
	return out
}

// editWords replaces every n-th word of text (counting from a random
// offset) with another word.
func editWords(g *textgen.Gen, text string, n int) string {
	words := strings.Split(text, " ")
	for i := g.Intn(n); i < len(words); i += n {
		w := words[i]
		tail := strings.TrimLeft(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
		repl := g.Word()
		for repl == strings.TrimSuffix(w, tail) {
			repl = g.Word()
		}
		words[i] = repl + tail
	}
	return strings.Join(words, " ")
}

// TestCompare_trimmedCopy: a copy of the first 30% of an original, with one
// word in twenty changed, is found, is put in a family with the original as
// its root, and its aligned passages cover at least 90% of the copied text.
func TestCompare_trimmedCopy(t *testing.T) {
	for seed := range uint64(5) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			g := textgen.New(seed)
			sents := g.Sentences(1200)
			orig := textgen.Paragraphs(sents, g)
			cut := len(sents) * 3 / 10
			copied := editWords(g, textgen.Paragraphs(sents[:cut], g), 20)
			header := "Syndicated Daily\n\n"
			cp := header + copied
			res := compare(t, doc("original.txt", orig), doc("copy.txt", cp), doc("other.txt", g.Text(900)))

			m, _ := findMatch(res, "copy.txt", "original.txt")
			if m == nil {
				t.Fatalf("no match between copy and original; matches: %d", len(res.Matches))
			}
			if c := coverage(copySpans(res, m, "copy.txt"), len(header), len(cp)-1); c < 0.9 {
				t.Errorf("passages cover %.3f of the copied text, want >= 0.9", c)
			}
			if len(res.Matches) != 1 {
				t.Errorf("got %d matches, want 1", len(res.Matches))
			}
			if len(res.Families) != 1 {
				t.Fatalf("got %d families, want 1", len(res.Families))
			}
			if got := res.Docs[res.Families[0].Original].ID; got != "original.txt" {
				t.Errorf("family original = %s, want original.txt", got)
			}
		})
	}
}

// TestCompare_passageInLongDocument: 80 words of one article copied into a
// document twenty times longer (1,600 words) are found.
func TestCompare_passageInLongDocument(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			g := textgen.New(100 + seed)
			srcSents := g.Sentences(500)
			// An 80-word run of whole sentences from the middle.
			var passage []string
			words := 0
			for i := len(srcSents) / 3; words < 80; i++ {
				s := srcSents[i]
				n := len(strings.Fields(s))
				if words+n > 80 {
					s = strings.Join(strings.Fields(s)[:80-words], " ") + "."
					n = 80 - words
				}
				passage = append(passage, s)
				words += n
			}
			host := g.Sentences(1520)
			at := 1 + g.Intn(len(host)-1)
			before := textgen.Paragraphs(host[:at], g)
			p := strings.Join(passage, " ")
			longDoc := before + "\n" + p + "\n\n" + textgen.Paragraphs(host[at:], g)
			res := compare(t, doc("source.txt", textgen.Paragraphs(srcSents, g)), doc("long.txt", longDoc))

			m, _ := findMatch(res, "long.txt", "source.txt")
			if m == nil {
				t.Fatalf("80-word passage not found in a 1,600-word document")
			}
			lo := len(before) + 1
			if c := coverage(copySpans(res, m, "long.txt"), lo, lo+len(p)); c < 0.9 {
				t.Errorf("passages cover %.3f of the copied passage, want >= 0.9", c)
			}
		})
	}
}

// TestCompare_sharedQuotes: two independent reports that quote the same
// three sentences form no match.
func TestCompare_sharedQuotes(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			g := textgen.New(200 + seed)
			quotes := []string{g.Sentence(14), g.Sentence(18), g.Sentence(22)}
			report := func(intro []string) string {
				var b strings.Builder
				for i, q := range quotes {
					b.WriteString(g.Text(120 + g.Intn(100)))
					b.WriteString("\n" + g.Sentence(6+g.Intn(6)) + " " + intro[i] + " “" + q + "”\n\n")
				}
				b.WriteString(g.Text(150))
				return b.String()
			}
			a := report([]string{"The minister said:", "He added:", "Officials wrote:"})
			b := report([]string{"A spokesman told reporters:", "She said:", "According to the statement:"})
			res := compare(t, doc("a.txt", a), doc("b.txt", b))
			if len(res.Matches) != 0 {
				m := res.Matches[0]
				t.Errorf("independent reports sharing quotes matched: %d shared words in %d passages",
					m.SharedWords, len(m.Passages))
			}
		})
	}
}

// TestCompare_quotesAreNotFree: the quote rule drops only quotations; the
// same three sentences shared without quotation marks, with their context,
// are reuse.
func TestCompare_quotesAreNotFree(t *testing.T) {
	g := textgen.New(300)
	shared := g.Text(90)
	a := g.Text(400) + "\n\n" + shared + "\n\n" + g.Text(300)
	b := g.Text(200) + "\n\n" + shared + "\n\n" + g.Text(500)
	res := compare(t, doc("a.txt", a), doc("b.txt", b))
	if len(res.Matches) != 1 {
		t.Fatalf("got %d matches for a shared unquoted 90-word passage, want 1", len(res.Matches))
	}
	if w := res.Matches[0].SharedWords; w < 85 || w > 95 {
		t.Errorf("shared words = %d, want 90 ± 5", w)
	}
}

// TestCompare_unrelated: independent texts form no match.
func TestCompare_unrelated(t *testing.T) {
	g := textgen.New(400)
	var docs []*document.Document
	for i := range 30 {
		docs = append(docs, doc(fmt.Sprintf("d%02d.txt", i), g.Text(300+g.Intn(900))))
	}
	res := compare(t, docs...)
	if len(res.Matches) != 0 || len(res.Families) != 0 {
		t.Errorf("unrelated documents: %d matches, %d families, want none", len(res.Matches), len(res.Families))
	}
}

// corpus builds a small corpus with two families (one with a copy of a
// copy), shared quotations and unrelated documents.
func corpus(seed uint64) []*document.Document {
	g := textgen.New(seed)
	orig := g.Text(700)
	c1 := "Wire Copy 7/3/2025 10:00 AM\n\nThis article was originally published by The Daily Origin and is reprinted with permission.\n\n" +
		editWords(g, orig[:len(orig)*6/10], 25)
	c2 := "Second Hand 7/4/2025 9:00 AM\n\n" + editWords(g, c1[:len(c1)*8/10], 30)
	other := g.Text(500)
	otherCopy := other[:len(other)/2] + "\n\n" + g.Text(100)
	docs := []*document.Document{
		{ID: "origin.txt", Source: "The Daily Origin", Text: []byte(orig)},
		doc("copy1.txt", c1), doc("copy2.txt", c2),
		doc("other.txt", other), doc("other-copy.txt", otherCopy),
	}
	for i := range 6 {
		docs = append(docs, doc(fmt.Sprintf("n%d.txt", i), g.Text(200+g.Intn(400))))
	}
	for _, d := range docs[1:] {
		if d.Path == "" {
			d.Path = d.ID
		}
		parsed, err := document.ParseText(d.Text)
		if err == nil {
			d.Source, d.Published, d.PublishedDay = parsed.Source, parsed.Published, parsed.PublishedDay
		}
	}
	return docs
}

// TestCompare_lineage: the copy of a copy points at the copy it came from,
// dates and credits give direction, and the original is the root.
func TestCompare_lineage(t *testing.T) {
	res := compare(t, corpus(1)...)
	out := report.Build(res)
	if len(out.Families) != 2 {
		t.Fatalf("got %d families, want 2: %+v", len(out.Families), out.Families)
	}
	parent := map[string]string{}
	attributed := map[string]bool{}
	for _, f := range out.Families {
		for _, e := range f.Edges {
			parent[e.To] = e.From
			attributed[e.To] = e.Attributed
		}
	}
	want := map[string]string{"copy1.txt": "origin.txt", "copy2.txt": "copy1.txt", "other-copy.txt": "other.txt"}
	for c, p := range want {
		if parent[c] != p {
			t.Errorf("parent of %s = %q, want %q", c, parent[c], p)
		}
	}
	if !attributed["copy1.txt"] || attributed["other-copy.txt"] {
		t.Errorf("attributed = %v, want copy1 true and other-copy false", attributed)
	}
}

// TestCompare_orderIndependent: the same inputs in shuffled order give
// byte-identical JSON.
func TestCompare_orderIndependent(t *testing.T) {
	docs := corpus(2)
	var want []byte
	r := rand.New(rand.NewPCG(9, 9))
	for i := range 6 {
		shuffled := append([]*document.Document(nil), docs...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		opt := provenance.DefaultOptions()
		opt.Workers = 1 + i%3
		res, err := provenance.Compare(shuffled, opt)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, res); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			want = buf.Bytes()
			if len(res.Matches) == 0 {
				t.Fatal("corpus gave no matches; the test would prove nothing")
			}
			continue
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Fatalf("shuffle %d gave different JSON", i)
		}
	}
}

func TestCompare_duplicateID(t *testing.T) {
	_, err := provenance.Compare([]*document.Document{doc("a", "one two three"), doc("a", "four five six")}, provenance.DefaultOptions())
	if err == nil {
		t.Fatal("Compare with duplicate IDs: no error")
	}
}

func BenchmarkCompare(b *testing.B) {
	g := textgen.New(1)
	var docs []*document.Document
	var size int64
	for i := range 200 {
		text := g.Text(300 + g.Intn(900))
		if i%4 == 1 { // a trimmed copy of the previous one
			prev := string(docs[i-1].Text)
			text = editWords(g, prev[:len(prev)/2], 20)
		}
		docs = append(docs, doc(fmt.Sprintf("d%03d.txt", i), text))
		size += int64(len(text))
	}
	b.SetBytes(size)
	for b.Loop() {
		if _, err := provenance.Compare(docs, provenance.DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCompare_largeComponents: components verified by all workers
// together, in batches that prepare a document again where needed (here
// every component, with a budget of 50 words), give the JSON of components
// verified each by one worker.
func TestCompare_largeComponents(t *testing.T) {
	docs := corpus(3)
	run := func() []byte {
		opt := provenance.DefaultOptions()
		opt.Workers = 2
		res, err := provenance.Compare(docs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Matches) < 2 {
			t.Fatalf("corpus gave %d matches; the test would prove little", len(res.Matches))
		}
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, res); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	want := run()
	defer func(task, batch int) {
		*provenance.VerifyTaskWords, *provenance.VerifyBatchWords = task, batch
	}(*provenance.VerifyTaskWords, *provenance.VerifyBatchWords)
	*provenance.VerifyTaskWords, *provenance.VerifyBatchWords = 50, 50
	if got := run(); !bytes.Equal(got, want) {
		t.Fatalf("large-component path gave different JSON:\n%s\nwant:\n%s", got, want)
	}
}

// TestCompareFiles_dropText: texts dropped after fingerprinting and read
// again give the JSON of texts kept, whether a component's lineage is
// inferred with its texts at hand or, for components verified by all
// workers (every component here, with a budget of 50 words), after them
// from the evidence kept when they were read again. The seeds carry a
// reprint credit, which only their texts show.
func TestCompareFiles_dropText(t *testing.T) {
	run := func(drop bool) []byte {
		opt := provenance.DefaultOptions()
		opt.Workers = 2
		opt.DropText = drop
		res, err := provenance.CompareFiles([]string{"testdata/seeds"}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Families) != 1 || len(res.Families[0].Edges) != 1 || !res.Families[0].Edges[0].Attributed {
			t.Fatalf("seeds gave families %+v; want one with an attributed edge", res.Families)
		}
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, res); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	want := run(false)
	if got := run(true); !bytes.Equal(got, want) {
		t.Fatalf("dropped texts gave different JSON:\n%s\nwant:\n%s", got, want)
	}
	defer func(task, batch int) {
		*provenance.VerifyTaskWords, *provenance.VerifyBatchWords = task, batch
	}(*provenance.VerifyTaskWords, *provenance.VerifyBatchWords)
	*provenance.VerifyTaskWords, *provenance.VerifyBatchWords = 50, 50
	if got := run(true); !bytes.Equal(got, want) {
		t.Fatalf("dropped texts of large components gave different JSON:\n%s\nwant:\n%s", got, want)
	}
}

// thaiText returns a text of 12 paragraphs of phrases of Thai words drawn
// at random from a small vocabulary, written without spaces between words
// as Thai is (spaces only between phrases).
func thaiText(seed uint64) string {
	words := strings.Fields("ภาษา ไทย ประเทศ รัฐบาล นายก รัฐมนตรี กล่าว ว่า การ ประชุม วันนี้ ที่ และ ใน ของ จะ ได้ มี เป็น ไม่ ให้ กับ แล้ว คน เมือง " +
		"กรุงเทพ ข่าว เศรษฐกิจ ตลาด หุ้น ราคา น้ำมัน เงิน บาท ปี เดือน สัปดาห์ ตำรวจ ผู้ ชาย หญิง เด็ก โรงเรียน โรงพยาบาล ประชาชน " +
		"เจ้าหน้าที่ นโยบาย เลือกตั้ง พรรค การเมือง สภา กฎหมาย ศาล ทหาร ชายแดน ฝน น้ำท่วม จังหวัด ภาคเหนือ ภาคใต้ เชียงใหม่ ภูเก็ต " +
		"ท่องเที่ยว นักท่องเที่ยว ธนาคาร ดอกเบี้ย ส่งออก นำเข้า บริษัท โครงการ งบประมาณ ล้าน พันล้าน เพิ่มขึ้น ลดลง ร้อยละ ตาม " +
		"รายงาน ระบุ เมื่อ วาน ต่อ ไป ถึง จาก โดย เพื่อ หลัง ก่อน ระหว่าง")
	r := rand.New(rand.NewPCG(seed, 7))
	var paras []string
	for range 12 {
		var phrases []string
		for range 8 {
			var b strings.Builder
			for range 3 + r.IntN(6) {
				b.WriteString(words[r.IntN(len(words))])
			}
			phrases = append(phrases, b.String())
		}
		paras = append(paras, strings.Join(phrases, " "))
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// TestCompare_thai: independent Thai texts drawn from one small
// vocabulary share many short runs of characters; tokens of single
// characters chained them into a family of most of them. Tokens of
// Thai's unsplittable clusters leave them in no family, and a trimmed
// copy is still found.
func TestCompare_thai(t *testing.T) {
	var docs []*document.Document
	for i := range 12 {
		docs = append(docs, doc(fmt.Sprintf("doc%02d.txt", i), thaiText(uint64(i))))
	}
	paras := strings.Split(thaiText(0), "\n\n")
	docs = append(docs, doc("copy.txt", strings.Join(paras[2:10], "\n\n")))
	res, err := provenance.Compare(docs, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Families) != 1 || len(res.Families[0].Members) != 2 {
		t.Fatalf("%d families (%+v), want one: doc00.txt and its copy", len(res.Families), res.Families)
	}
	for _, m := range res.Families[0].Members {
		if id := res.Docs[m].ID; id != "doc00.txt" && id != "copy.txt" {
			t.Errorf("family holds %s", id)
		}
	}
}
