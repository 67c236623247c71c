package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/shingle"
)

// Synthetic Urdu: sentences of content words (nouns, verbs, adjectives
// and names of news copy) strung together with Urdu function words
// (postpositions, auxiliaries, conjunctions), about one word in two, as
// in real Urdu prose; a full stop "۔" ends each sentence and a blank line
// each paragraph.
var (
	urduContent = strings.Fields(`
حکومت وزیر عوام ملک شہر صوبہ عدالت فیصلہ اجلاس منصوبہ بجٹ قانون پولیس فوج سرحد دریا پانی بجلی گیس
سڑک ہسپتال سکول طلبہ استاد ڈاکٹر مریض کسان فصل گندم چاول کپاس منڈی قیمت تاجر بینک قرض سرمایہ کارخانہ
مزدور تنخواہ ٹیکس برآمد درآمد معاہدہ مذاکرات سفیر دورہ ملاقات بیان اعلان تقریب مہمان صدر گورنر رکن
اسمبلی انتخابات ووٹ جماعت رہنما کارکن احتجاج جلوس دھرنا مطالبہ تحقیقات رپورٹ کمیٹی چیئرمین سیکرٹری
افسر محکمہ وزارت ادارہ منصوبے تعمیر پل عمارت زلزلہ سیلاب بارش موسم گرمی سردی فضائی آلودگی جنگل
درخت کھیت گاؤں قصبہ بازار دکان گاڑی ٹرین جہاز ہوائی اڈہ مسافر ٹکٹ کرایہ سفر حادثہ زخمی امداد
رضاکار خیمہ خوراک دوائی ویکسین مہم بچے خواتین نوجوان بزرگ خاندان گھر زمین مکان شادی ثقافت میلہ
کتاب اخبار صحافی ٹیلی ویژن ریڈیو فلم اداکار گلوکار موسیقی کھیل کھلاڑی ٹیم میدان مقابلہ فتح شکست
انعام تمغہ ریکارڈ تاریخ سال مہینہ ہفتہ صبح شام رات لاہور کراچی پشاور کوئٹہ ملتان فیصل آباد حیدرآباد
سیالکوٹ گوجرانوالہ اسلام آباد راولپنڈی سکھر مردان ایبٹ آباد گلگت سوات چترال زیارت گوادر تربت
احمد علی حسن فاطمہ عائشہ عمران نواز شہباز بلاول مریم آصف پرویز جمیل سلیم نسیم شاہد ساجد راشد
اہم بڑا چھوٹا نیا پرانا مشکل آسان تیز سست خوش ناراض مضبوط کمزور مہنگا سستا صاف گندا محفوظ خطرناک
بنایا دیکھا سنا لکھا پڑھا بھیجا روکا کھولا بند جیتا ہارا پہنچا نکالا بچایا خریدا بیچا مانگا بتایا
شروع ختم جاری منظور مسترد معطل بحال تبدیل مقرر برطرف گرفتار رہا طلب پیش ادا وصول تقسیم`)
	urduFunction = strings.Fields(`کا کے کی کو نے میں سے پر تک اور کہ یہ وہ اس ان ہے ہیں تھا تھی تھے
		ہو گیا گئی گئے کر کیا رہا رہے ساتھ بعد لیے بھی نہیں جو جس`)
	// urduTopic is the vocabulary of one topic (floods), that two
	// stories on it share.
	urduTopic = strings.Fields(`سیلاب بارش دریا پانی امداد خیمہ متاثرین ریلیف کیمپ بند پشتہ
		کشتی ریسکیو گاؤں فصل مویشی نقصان ہلاکتیں زخمی خوراک دوائی حکومت فوج رضاکار انخلا`)
)

// urduText returns n paragraphs of synthetic Urdu: each sentence has 8 to
// 13 content words, drawn from topic one time in topicEvery (never if 0),
// a function word after most of them.
func urduText(r *rand.Rand, n, topicEvery int) string {
	var b strings.Builder
	for p := range n {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for s := range 2 + r.IntN(2) {
			if s > 0 {
				b.WriteString(" ")
			}
			for w := range 8 + r.IntN(6) {
				if w > 0 {
					b.WriteString(" ")
				}
				if topicEvery > 0 && r.IntN(topicEvery) == 0 {
					b.WriteString(urduTopic[r.IntN(len(urduTopic))])
				} else {
					b.WriteString(urduContent[r.IntN(len(urduContent))])
				}
				if r.IntN(4) > 0 {
					b.WriteString(" " + urduFunction[r.IntN(len(urduFunction))])
				}
			}
			b.WriteString("۔")
		}
	}
	return b.String()
}

// rewordUrdu rewrites a text as a newspaper rewrites agency copy: of the
// content words, with the given chances in a hundred, one is replaced by
// another and one dropped; function words are replaced by others freely
// (the grammar of the new wording), and some sentences get a new word.
func rewordUrdu(r *rand.Rand, text string, replace, drop int) string {
	isFunction := map[string]bool{}
	for _, w := range urduFunction {
		isFunction[w] = true
	}
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		var words []string
		for _, w := range strings.Fields(para) {
			stop := strings.HasSuffix(w, "۔")
			bare := strings.TrimSuffix(w, "۔")
			switch x := r.IntN(100); {
			case isFunction[bare]:
				bare = urduFunction[r.IntN(len(urduFunction))]
			case x < replace:
				bare = urduContent[r.IntN(len(urduContent))]
			case x < replace+drop && !stop:
				continue
			}
			if stop {
				bare += "۔"
			}
			words = append(words, bare)
		}
		out = append(out, strings.Join(words, " "))
	}
	return strings.Join(out, "\n\n")
}

// TestFuzzyVerify_urdu: in Urdu, a reworded copy of a story is found, at
// its place; two stories on one topic, and two unrelated stories, are not
// joined. Without Urdu's function words (every "کے", "میں" and "نے" a
// content word) every pair of Urdu texts made seeds.
func TestFuzzyVerify_urdu(t *testing.T) {
	cfg := DefaultFuzzyConfig()
	found, topical, unrelated := 0, 0, 0
	const n = 20
	for seed := uint64(1); seed <= n; seed++ {
		r := rand.New(rand.NewPCG(seed, 77))
		story := urduText(r, 6, 0)
		before, after := urduText(r, 4, 0), urduText(r, 3, 0)
		a := before + "\n\n" + story + "\n\n" + after
		copied := rewordUrdu(r, story, 20, 10)
		b := urduText(r, 2, 0) + "\n\n" + copied + "\n\n" + urduText(r, 2, 0)
		m, ok := FuzzyVerify(0, 1, fuzzyDoc(a), fuzzyDoc(b), cfg)
		if ok {
			found++
			lo, hi := len(before), len(before)+2+len(story)
			for _, p := range m.Passages {
				if p.AStart < lo-900 || p.AEnd > hi+900 {
					t.Errorf("seed %d: passage at [%d,%d) of a, copy at [%d,%d)", seed, p.AStart, p.AEnd, lo, hi)
				}
			}
		}
		if _, ok := FuzzyVerify(0, 1, fuzzyDoc(urduText(r, 8, 5)), fuzzyDoc(urduText(r, 8, 5)), cfg); ok {
			topical++
		}
		if _, ok := FuzzyVerify(0, 1, fuzzyDoc(urduText(r, 8, 0)), fuzzyDoc(urduText(r, 8, 0)), cfg); ok {
			unrelated++
		}
	}
	if found < n-1 {
		t.Errorf("reworded Urdu copy found in %d of %d pairs, want >= %d", found, n, n-1)
	}
	if topical > 0 || unrelated > 0 {
		t.Errorf("of %d pairs, %d on one topic and %d unrelated were matched, want 0", n, topical, unrelated)
	}
}

// TestNewFuzzyDoc_functionWords: the function words of a text's own
// language are left out, whatever its script, and only those: the keys of
// a sentence and of its content words alone are equal; English "war" and
// "die" are content words, German "war" and "die" are not.
func TestNewFuzzyDoc_functionWords(t *testing.T) {
	all := DefaultFuzzyConfig()
	all.KeyRate = 1
	keys := func(s string) []uint64 {
		return FuzzyKeys([]byte(s), shingle.NewTokenizer(1).Tokenize(nil, []byte(s)), all)
	}
	same := [][2]string{
		{"وزیر اعظم نے کراچی میں سیلاب کے متاثرین سے ملاقات کی اور امداد کا اعلان کیا", "وزیر اعظم کراچی سیلاب متاثرین ملاقات امداد اعلان"},
		{"وقال الوزير إن المحادثات مع النقابة ستستأنف في الربيع", "الوزير المحادثات النقابة ستستأنف الربيع"},
		{"Министр сказал, что переговоры с профсоюзом возобновятся весной", "Министр переговоры профсоюзом возобновятся весной"},
		{"मंत्री ने कहा कि संघ के साथ बातचीत वसंत में फिर से शुरू होगी", "मंत्री संघ बातचीत वसंत फिर शुरू होगी"},
		{"Der Krieg war lang und die Minister sagten nichts", "Krieg lang Minister sagten nichts"},
		{"Le ministre a dit que les discussions avec le syndicat reprendraient", "ministre discussions syndicat reprendraient"},
	}
	for _, c := range same {
		ka, kb := keys(c[0]), keys(c[1])
		if !slices.Equal(ka, kb) || len(ka) == 0 {
			t.Errorf("%q and %q: keys differ (%d, %d), want equal", c[0], c[1], len(ka), len(kb))
		}
	}
	// war, die, minister, interior: the rest are English function words.
	if d := fuzzyDoc("The war will not die down, the minister of the interior said."); len(d.stem) != 4 {
		t.Errorf("English: %d content words, want 4", len(d.stem))
	}
}

// TestFuzzyVerify_numbers: two reports of one kind, worded alike but with
// other figures (scores of other matches), are not matched; the same
// report reworded with its figures kept is.
func TestFuzzyVerify_numbers(t *testing.T) {
	report := func(r *rand.Rand, nums []int) string {
		teams := []string{"Karachi Kings", "Lahore Qalandars", "Multan Sultans", "Quetta Gladiators", "Peshawar Zalmi", "Islamabad United"}
		t1, t2 := teams[r.IntN(3)], teams[3+r.IntN(3)]
		var b strings.Builder
		fmt.Fprintf(&b, "%s beat %s by %d runs at the National Stadium on Sunday evening.\n\n", t1, t2, nums[0])
		fmt.Fprintf(&b, "Batting first, %s scored %d runs for %d wickets in their twenty overs, with the opener making %d runs off %d balls.\n\n", t1, nums[1], nums[2], nums[3], nums[4])
		fmt.Fprintf(&b, "In reply %s were bowled out for %d runs in %d overs, the fast bowler taking %d wickets for %d runs.\n\n", t2, nums[5], nums[6], nums[7], nums[8])
		fmt.Fprintf(&b, "The winning captain praised the bowlers and said the team would keep the same eleven for the match against the champions on %d March.\n\n", nums[9])
		fmt.Fprintf(&b, "The crowd of %d spectators cheered the home side as the players walked around the ground after the presentation ceremony.", nums[10]*100)
		return b.String()
	}
	figures := func(r *rand.Rand) []int {
		out := make([]int, 11)
		for i := range out {
			out[i] = 10 + r.IntN(190)
		}
		return out
	}
	cfg := DefaultFuzzyConfig()
	others, same := 0, 0
	const n = 20
	for seed := uint64(1); seed <= n; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		nums := figures(r)
		a := report(r, nums)
		if _, ok := FuzzyVerify(0, 1, fuzzyDoc(a), fuzzyDoc(report(r, figures(r))), cfg); ok {
			others++
		}
		if _, ok := FuzzyVerify(0, 1, fuzzyDoc(a), fuzzyDoc(report(r, nums)), cfg); ok {
			same++
		}
	}
	if others > 0 {
		t.Errorf("%d of %d reports with other figures matched, want 0", others, n)
	}
	if same < n {
		t.Errorf("%d of %d reports with the same figures matched, want all", same, n)
	}
}

// TestNewFuzzyDoc_unspaced: in Chinese, whose characters are tokens, the
// content words are pairs of adjacent content characters, function
// characters left out; Japanese hiragana are left out.
func TestNewFuzzyDoc_unspaced(t *testing.T) {
	d := fuzzyDoc("中国的经济增长")
	// 中国 国经 经济 济增 增长: 的 is a function character, skipped.
	if len(d.stem) != 5 {
		t.Errorf("Chinese: %d content words, want 5", len(d.stem))
	}
	a, b := fuzzyDoc("经济增长"), fuzzyDoc("增长经济")
	if countCommon(sortedSet(a.stem), sortedSet(b.stem)) != 2 {
		t.Errorf("经济增长 and 增长经济 share %d bigrams, want 2 (经济, 增长)", countCommon(sortedSet(a.stem), sortedSet(b.stem)))
	}
	j := fuzzyDoc("東京の経済")
	// 東京, 京経, 経済: の skipped within the run.
	if len(j.stem) != 3 {
		t.Errorf("Japanese: %d content words, want 3", len(j.stem))
	}
}

func sortedSet(x []uint64) []uint64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return slices.Compact(s)
}

// BenchmarkFuzzyKeys_urdu is BenchmarkFuzzyKeys on synthetic Urdu: every
// token folded (the Arabic script's variants) and looked up.
func BenchmarkFuzzyKeys_urdu(b *testing.B) {
	benchFuzzyKeys(b, []byte(urduText(rand.New(rand.NewPCG(1, 1)), 1500, 0)))
}
