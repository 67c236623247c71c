package shingle

import (
	"slices"
	"testing"
)

// langsOf tells the languages of a text as the fuzzy channel does: each
// token folded and counted.
func langsOf(text string) (LangSet, []LangSet) {
	toks := NewTokenizer(1).Tokenize(nil, []byte(text))
	var c LangCounter
	var sets []LangSet
	for _, sp := range toks.Spans {
		s := FunctionLangs(Fold(nil, []byte(text[sp.Start:sp.End])))
		c.Add(s)
		sets = append(sets, s)
	}
	return c.Langs(), sets
}

// TestLangCounter_detects: the language of each script is told by its
// function words, so a text in any of the listed languages gets its own
// list, not English's.
func TestLangCounter_detects(t *testing.T) {
	cases := []struct {
		want Lang
		text string
	}{
		{English, "The minister said that the talks with the union would resume in the spring."},
		{French, "Le ministre a dit que les discussions avec le syndicat reprendraient au printemps."},
		{Spanish, "El ministro dijo que las conversaciones con el sindicato se reanudarán en la primavera."},
		{German, "Der Minister sagte, dass die Gespräche mit der Gewerkschaft im Frühjahr wieder aufgenommen werden."},
		{Italian, "Il ministro ha detto che i colloqui con il sindacato riprenderanno in primavera."},
		{Portuguese, "O ministro disse que as conversas com o sindicato serão retomadas na primavera."},
		{Dutch, "De minister zei dat de gesprekken met de vakbond in het voorjaar worden hervat."},
		{Urdu, "وزیر نے کہا کہ یونین کے ساتھ مذاکرات موسم بہار میں دوبارہ شروع ہوں گے۔"},
		{Arabic, "وقال الوزير إن المحادثات مع النقابة ستستأنف في الربيع."},
		{Persian, "وزیر گفت که مذاکرات با اتحادیه در بهار از سر گرفته خواهد شد."},
		{Russian, "Министр сказал, что переговоры с профсоюзом возобновятся весной."},
		{Ukrainian, "Міністр сказав, що переговори з профспілкою відновляться навесні, і це буде також."},
		{Hindi, "मंत्री ने कहा कि संघ के साथ बातचीत वसंत में फिर से शुरू होगी।"},
		{Greek, "Ο υπουργός είπε ότι οι συνομιλίες με το συνδικάτο θα ξαναρχίσουν την άνοιξη."},
		{Chinese, "部长说，与工会的谈判将在春天恢复，这是他们的决定。"},
		{Japanese, "大臣は、組合との協議は春に再開されると述べた。"},
	}
	for _, c := range cases {
		langs, _ := langsOf(c.text)
		if !langs.Has(c.want) {
			t.Errorf("%s text: languages %v, want %v among them", c.want, langs.Langs(), c.want)
		}
		for _, l := range langs.Langs() {
			if l != c.want && l.Script() == c.want.Script() {
				t.Errorf("%s text: also %v, of the same script", c.want, l)
			}
		}
	}
}

// TestLangCounter_perScript: a word is a function word only in the
// language of its text: "die" and "war" in German, not in English; "de"
// in French, not in English. A text in two scripts gets a language for
// each.
func TestLangCounter_perScript(t *testing.T) {
	type want struct {
		word string
		fn   bool
	}
	cases := []struct {
		text  string
		words []want
	}{
		{"The war will not die down, said the minister of the interior.", []want{{"war", false}, {"die", false}, {"the", true}, {"of", true}}},
		{"Der Krieg war lang und die Minister sagten nichts.", []want{{"war", true}, {"die", true}, {"krieg", false}}},
		{"Le port de Marseille est le plus grand de la France.", []want{{"de", true}, {"port", false}, {"le", true}}},
		{"The port of Marseille, in French « le port de Marseille », is the largest.", []want{{"de", false}, {"the", true}}},
		{"The talks in Karachi: کراچی میں مذاکرات کے بعد وزیر نے کہا", []want{{"the", true}, {"in", true}, {"میں", true}, {"کے", true}, {"مذاکرات", false}}},
	}
	for _, c := range cases {
		langs, _ := langsOf(c.text)
		for _, w := range c.words {
			got := FunctionLangs(Fold(nil, []byte(w.word)))&langs != 0
			if got != w.fn {
				t.Errorf("%q in %q (languages %v): function word %v, want %v", w.word, c.text, langs.Langs(), got, w.fn)
			}
		}
	}
	if langs, _ := langsOf("12 345 6789"); langs != 1<<English {
		t.Errorf("no words: languages %v, want English", langs.Langs())
	}
}

// TestFold: lower case, the Arabic script's letter variants and
// diacritics, digits of other scripts, compatibility forms.
func TestFold(t *testing.T) {
	cases := [][2]string{
		{"Hello", "hello"},
		{"ÉTÉ", "été"},
		{"ΟΔΟΣ", "οδοσ"},
		{"οδός", "οδόσ"},
		{"МОСКВА", "москва"},
		{"علي", "علی"},            // Arabic yeh as Farsi yeh
		{"كتاب", "کتاب"},          // Arabic kaf as keheh
		{"مدرسة", "مدرسہ"},        // teh marbuta as heh goal
		{"مدرسه", "مدرسہ"},        // Arabic heh as heh goal
		{"أحمد", "احمد"},          // alef with hamza
		{"لئے", "لیے"},            // yeh with hamza: one spelling of "for"
		{"مُحَمَّد", "محمد"},      // diacritics dropped
		{"پاکستـــان", "پاکستان"}, // tatweel dropped
		{"٢٠١٤", "2014"},
		{"۲۰۱۴", "2014"},
		{"२०१४", "2014"},
		{"ﬁnal", "final"}, // ligature, by NFKC
		{"ﻣﺤﻤﺪ", "محمد"},  // Arabic presentation forms, by NFKC
		{"２０１４", "2014"},
	}
	for _, c := range cases {
		if got := string(Fold(nil, []byte(c[0]))); got != c[1] {
			t.Errorf("Fold(%q) = %q, want %q", c[0], got, c[1])
		}
	}
	if got := string(Fold([]byte("x:"), []byte("AB"))); got != "x:ab" {
		t.Errorf("Fold appends: %q", got)
	}
}

// TestFunctionLangs: hiragana are Japanese function characters; words of
// the lists are found whatever their case or Arabic-script spelling; long
// words and content words are none.
func TestFunctionLangs(t *testing.T) {
	f := func(w string) LangSet { return FunctionLangs(Fold(nil, []byte(w))) }
	if !f("の").Has(Japanese) || !f("は").Has(Japanese) || f("カ") != 0 {
		t.Error("hiragana not Japanese function characters, or katakana one")
	}
	for _, w := range []string{"THE", "Der", "كي", "کی", "لئے", "लिए", "и", "的"} {
		if f(w) == 0 {
			t.Errorf("%q is no function word", w)
		}
	}
	for _, w := range []string{"minister", "پاکستان", "क्रिकेट", "министр", "经", "", "internationalisation"} {
		if f(w) != 0 {
			t.Errorf("%q is a function word of %v", w, f(w).Langs())
		}
	}
	if !f("de").Has(French) || !f("de").Has(Spanish) || f("de").Has(English) {
		t.Errorf("de: %v", f("de").Langs())
	}
	if got := (LangSet(1<<Urdu | 1<<French)).Langs(); !slices.Equal(got, []Lang{French, Urdu}) {
		t.Errorf("Langs %v", got)
	}
	if English.String() != "en" || Urdu.String() != "ur" || Urdu.Script() != ScriptArabic {
		t.Error("names or scripts wrong")
	}
}

func TestUnspaced(t *testing.T) {
	for w, want := range map[string]bool{"中": true, "の": true, "カ": true, "ก": true, "a": false, "پ": false, "д": false, "": false} {
		if got := Unspaced([]byte(w)); got != want {
			t.Errorf("Unspaced(%q) = %v", w, got)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	words := [][]byte{[]byte("پاکستان"), []byte("کرکٹ"), []byte("میں"), []byte("Ministère"), []byte("министр")}
	var dst []byte
	for b.Loop() {
		for _, w := range words {
			dst = Fold(dst[:0], w)
			FunctionLangs(dst)
		}
	}
}
