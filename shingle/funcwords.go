package shingle

// Function words of many languages, for the fuzzy reuse channel. A
// reworded copy keeps most of a text's content words; its function words
// (articles, prepositions and postpositions, pronouns, auxiliaries,
// conjunctions) are in every sentence of every text of its language, and
// two texts on one topic would share them as much as a copy does. Which
// words are function words depends on the language: "die" is one in
// German and a content word in English, and in Urdu "کے", "میں" and "نے"
// are what "of", "in" and the like are in English.
//
// So the language of a text is told by its function words: each script's
// language is the one of that script whose list holds the most of the
// text's tokens ([LangCounter]). It is a property of the text alone, the
// same whatever other texts are compared with it or in what order. A token
// is a function word if it is in the list of its text's language of its
// script ([LangSet]). Tokens are looked up by their folded form ([Fold]):
// lower case, the letter variants of the Arabic script made one, Arabic
// diacritics dropped, digits of every script made ASCII digits.
//
// Japanese hiragana, which write its particles and inflections, are
// function characters by their script ([FunctionLangs]).

import (
	"math/bits"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Lang is a language whose function words are listed.
type Lang uint8

// The languages, by script. English comes first: a Latin-script text none
// of whose words are function words of any language is taken as English.
const (
	English Lang = iota
	French
	Spanish
	Portuguese
	Italian
	German
	Dutch
	Swedish
	Polish
	Turkish
	Indonesian
	Urdu
	Arabic
	Persian
	Russian
	Ukrainian
	Bulgarian
	Hindi
	Bengali
	Greek
	Hebrew
	Korean
	Chinese
	Japanese
	numLangs
)

// Script is a writing system whose languages are told apart.
type Script uint8

// The scripts of the listed languages.
const (
	ScriptNone Script = iota
	ScriptLatin
	ScriptArabic
	ScriptCyrillic
	ScriptDevanagari
	ScriptBengali
	ScriptGreek
	ScriptHebrew
	ScriptHangul
	ScriptHan
	numScripts
)

var langNames = [numLangs]string{
	"en", "fr", "es", "pt", "it", "de", "nl", "sv", "pl", "tr", "id",
	"ur", "ar", "fa", "ru", "uk", "bg", "hi", "bn", "el", "he", "ko", "zh", "ja",
}

var langScripts = [numLangs]Script{
	ScriptLatin, ScriptLatin, ScriptLatin, ScriptLatin, ScriptLatin, ScriptLatin,
	ScriptLatin, ScriptLatin, ScriptLatin, ScriptLatin, ScriptLatin,
	ScriptArabic, ScriptArabic, ScriptArabic,
	ScriptCyrillic, ScriptCyrillic, ScriptCyrillic,
	ScriptDevanagari, ScriptBengali, ScriptGreek, ScriptHebrew, ScriptHangul, ScriptHan,
	ScriptHan,
}

// String returns the language's ISO 639-1 code.
func (l Lang) String() string {
	if l < numLangs {
		return langNames[l]
	}
	return "?"
}

// Script returns the script the language is written in.
func (l Lang) Script() Script {
	if l < numLangs {
		return langScripts[l]
	}
	return ScriptNone
}

// LangSet is a set of languages.
type LangSet uint32

// Has reports whether l is in the set.
func (s LangSet) Has(l Lang) bool { return s&(1<<l) != 0 }

// Langs returns the languages of the set, in order.
func (s LangSet) Langs() []Lang {
	var out []Lang
	for l := Lang(0); l < numLangs; l++ {
		if s.Has(l) {
			out = append(out, l)
		}
	}
	return out
}

// The lists: lower-case, in the folded form (see Fold), separated by
// white space. English is the stopword list of stem.go.
var functionWordLists = [numLangs]string{
	French: `
le la les un une des du de au aux à et ou où mais donc ni car que qu qui quoi dont ce cet cette
ces ceci cela ça il ils elle elles on nous vous je tu me te se lui leur leurs eux son sa ses mon
ma mes ton ta tes notre nos votre vos en dans par pour sur sous avec sans entre vers chez contre
selon depuis pendant avant après lors est sont était étaient été être avoir ont avait avaient eu
sera seront serait seraient fait faire ne pas plus moins très aussi bien tout tous toute toutes
même mêmes autre autres comme si alors ainsi encore déjà puis quand comment pourquoi peut
peuvent doit cependant toutefois dit selon celui celle ceux celles dont lequel laquelle
lesquels duquel auquel aucun aucune chaque plusieurs quelque quelques deux`,
	Spanish: `
el la los las lo un una unos unas de del al y e o u ni que qué quien quienes cual cuales cuyo
cuya en con por para sin sobre entre hasta desde hacia contra según durante ante bajo tras es
son era eran fue fueron ser sido siendo estar está están estaba estaban estado ha han había
habían haber hay se su sus le les me te nos os mi mis tu tus nuestro nuestra nuestros este
esta estos estas ese esa esos esas aquel aquella esto eso no sí más menos muy también tan tanto
todo toda todos todas otro otra otros otras como cuando donde porque pero sino aunque si ya yo
tú él ella ellos ellas nosotros usted ustedes dijo cada mismo misma dos sus`,
	Portuguese: `
os as um uma uns umas de do da dos das em no na nos nas ao aos às por pelo pela pelos
pelas para com sem sobre entre até desde contra ou mas que quem qual quais se não sim mais
menos muito muita muitos também já ainda como quando onde porque porém é são era eram foi
foram ser sido estar está estão estava tem têm tinha ter há havia seu sua seus suas ele ela
eles elas eu nós você vocês me te lhe lhes isso isto aquilo esse essa este esta esses essas
estes estas aquele aquela todo toda todos todas outro outra outros outras mesmo disse cada
dois duas`,
	Italian: `
il lo la gli le un uno una di del dello della dei degli delle al allo alla ai agli alle da
dal dalla dai dalle in nel nello nella nei negli nelle su sul sulla sui sulle con per tra fra
ed od ma che chi cui non più meno molto anche già ancora come quando dove perché se è sono era
erano fu stato stata stati essere ha hanno aveva avere ho si ci ne mi ti vi lui lei loro suo
sua suoi sue questo questa questi queste quello quella quelli tutto tutti tutta tutte altro
altri altra stesso così poi detto due ogni`,
	German: `
der die das den dem des ein eine einer eines einem einen und oder aber doch sondern denn dass
daß ob wenn als wie wo was wer in im an am auf aus bei mit nach von vom zu zum zur für über
unter vor hinter neben zwischen durch gegen ohne um bis seit während ist sind war waren wird
werden wurde wurden worden sein hat haben hatte hatten kann können muss müssen soll sollen
will wollen nicht kein keine keinen keiner noch schon auch nur sehr mehr so dann da hier dort
es er sie wir ihr ich du man sich seine seiner seinen seinem ihre ihrer ihren ihrem ihm ihn
diese dieser dieses diesen diesem jeder jede jedes alle allem allen andere anderen anderer
sagte zwei einen`,
	Dutch: `
de het een en of maar dat die dit deze wat wie waar als in op aan bij met van voor naar uit
over onder door om tot tegen zonder tussen na is zijn was waren wordt worden werd werden heeft
hebben had hadden kan kunnen zal zou zullen moet moeten niet geen nog al ook wel zeer meer dan
toen er hij zij ze wij we ik jij je hun haar ons onze hem zich men te twee zei`,
	Swedish: `
och att det som en ett på är av för med till den de inte om har var han hon vi jag du ni sig
från vid eller men så kan ska skulle när där här efter under över hade också bara sin sitt
sina detta denna dessa alla blev blir sade två`,
	Polish: `
we ze na do nie się że to jest są był była było byli być od po za przez dla jak ale lub czy
tak także też już jeszcze który która które którzy jego jej ich on ona oni ten ta te tym
tego tej przy pod nad przed między bez oraz gdy jako może tylko bardzo dwa`,
	Turkish: `
ve ile bir bu şu da de ki mi ne için gibi kadar daha çok en ama fakat ancak veya ya hem her
ise olarak olan oldu olduğu olduğunu değil var yok sonra önce göre kendi bunu buna onun onu
bunun şey iki dedi`,
	Indonesian: `
yang dan di ke dari ini itu dengan untuk pada dalam tidak akan adalah ia dia mereka kami kita
saya juga atau oleh sebagai telah sudah karena bahwa tersebut ada bisa dapat lebih para
seperti saat hanya antara secara setelah dua kata`,

	// Urdu: postpositions (simple and compound, apart and written
	// together), pronouns, conjunctions, particles, the auxiliaries and
	// light verbs of every tense, and the words of reported speech.
	Urdu: `
کا کے کی کو نے میں سے پر تک لیے والا والے والی والوں ساتھ بعد پہلے قبل دوران درمیان خلاف
طرف جانب بارے حوالے ذریعے ذریعہ مطابق علاوہ سمیت بغیر بجائے تحت اندر باہر اوپر نیچے پاس
قریب سامنے پیچھے وجہ باعث سبب بدولت بابت بنا کیلیے کیساتھ کیخلاف کیطرف کےلیے کےساتھ
اور یا لیکن مگر بلکہ کہ جو جس جن جنہوں جنہیں جسے جنھوں جب تب اگر تو چونکہ کیونکہ کیوں
حالانکہ ورنہ نیز تاہم جبکہ البتہ بھی ہی نہ نہیں مت کیا کیسے کہاں کب کون کونسا کتنا کتنے کتنی
ہم تم آپ وہ یہ اس ان اسے انہیں انہوں اسی انہی انھوں انھیں یہی وہی ہمیں ہمارا ہماری ہمارے
میرا میری میرے تمہارا تمہاری تمہارے آپکا اپنا اپنی اپنے خود کوئی کسی کچھ سب تمام ہر کئی
دونوں ایسا ایسی ایسے ویسا ویسے جیسا جیسے جیسی اب ابھی پھر یہاں وہاں جہاں کہیں بہت زیادہ
کم صرف جی ہاں ایک
ہے ہیں تھا تھی تھے تھیں ہو ہوں ہوا ہوئی ہوئے ہوئیں ہوتا ہوتی ہوتے ہونا ہونے ہونی ہوگا ہوگی
ہوگے ہوجاتا گا گی گے رہا رہی رہے رہیں رہتا رہتی رہتے چکا چکی چکے چکیں گیا گئی گئے گئیں جا
جاتا جاتی جاتے جانا جانے جائے جائیں جائےگا جائےگی جائینگے کر کرنا کرنے کرتا کرتی کرتے کرکے
کریں کرے کرینگے کرےگا کرےگی کیا کیے کیں لیا لی لیں لینے لے دیا دی دیں دیے دینا دینے دیتا
دیتی دیتے دے سکتا سکتی سکتے سکا سکی سکے پڑا پڑی پڑے پڑتا پایا ہوکر لئے کیلئے کےلئے دئیے
کہا کہنا کہنے کہتے کہتا کہتی بتایا`,
	Arabic: `
في من إلى الى على عن مع أن ان إن أو او ثم لكن لكنه قد لقد لا لم لن ما ماذا هل كل بعض غير
بين عند حتى منذ خلال بعد قبل أمام امام فوق تحت حول ضد عبر لدى كما أيضا ايضا إذا اذا إذ أي
اي هو هي هم هن أنا انا نحن أنت انت أنتم له لها لهم به بها بهم فيه فيها فيهم منه منها منهم
عليه عليها عليهم إليه اليه إنه انه أنه أنها انها ها هنا هناك كذلك وقد وفي ومن وعلى وأن وان
وهو وهي ولا وما فقد فإن فان قال وقال كان كانت كانوا يكون تكون يكن هذا هذه ذلك تلك هؤلاء
الذي التي الذين اللذين اللتين اللواتي و أو وذلك حيث بينما إلا الا سوف عندما وكان وكانت
ليس ليست أكثر اكثر أقل اقل جدا يمكن عن عنه عنها`,
	Persian: `
و در به از که را این آن با است هست نیست برای یا تا بر هم نیز شد شده شود شوند می نمی خود
ما من تو او آنها ایشان شما های ها هر یک دیگر اما اگر ولی چون پس بود بودند باشد باشند
کرد کرده کند کنند کنید کردند داد داده دهد دارد دارند داشت داشته خواهد خواهند نه همه چه
چیزی وی بین پیش روی زیر بعد قبل درباره توسط طی گفت گفته همین همان چنین چند بی ای آیا
هیچ کنیم کردن شدن بوده اند ام ایم اید`,

	Russian: `
и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только
ее её мне было вот от меня еще ещё нет о об из ему теперь когда даже ну ли если уже или ни
быть был была были будет будут него до вас нибудь опять уж вам ведь там потом себя ничего ей
может они тут где есть надо ней для мы тебя их чем сам чтоб чтобы без будто чего раз тоже
себе под тогда кто этот это эта эти этих этим этой этого этом того потому какой какая какие
совсем ним здесь один одна одно почти мой тем нее сейчас куда зачем всех никогда можно при
наконец два над больше тот та те через нас про всего них много разве три эту моя свою своей
свой своего свои своих перед между который которая которое которые которых которым также
заявил сказал`,
	Ukrainian: `
і й та в у на з із зі до від по за не що як це цей ця ці цього цієї цих той ті він вона вони
воно ми ви я його її їх їм йому є був була були було буде будуть бути також але або чи коли
якщо щоб тому бо ще вже лише тільки який яка яке які якого яких для при про через між під над
після перед без так ні де там тут все всі свій свою своїх своє може можна мають має дуже
заявив сказав`,
	Bulgarian: `
и на в във за се да от с със по не че са е това този тази тези като до но бе ще при тя той те
които който която което ги го му ѝ им ни ви ме те си беше бяха бил била било били след преди
между към през без още само вече има няма може трябва него нея тях как когато ако или също
много каза`,

	Hindi: `
का के की को ने में से पर तक और या लेकिन मगर कि जो जिस जिन जिसे जिन्हें जिन्होंने है हैं था
थी थे थीं हो हूं हूँ होता होती होते होना होने होगा होगी होंगे हुआ हुई हुए गया गई गए गये
गयी कर करने करते करता करती किया किए किये की कहा कहना यह वह ये वे इस उस इन उन इसे उसे
इन्हें उन्हें इन्होंने उन्होंने एक भी ही नहीं न तो लिए लिये साथ बाद पहले द्वारा अपने अपनी
अपना रहा रही रहे जा जाता जाती जाते जाएगा जाएगी सकता सकती सकते सका कुछ कोई सब सभी हर अब
जब तब यदि अगर क्या क्यों कैसे कहां कहाँ मैं हम तुम आप वहाँ वहां यहाँ यहां वाले वाला वाली
दिया दी दिए ले लिया बताया तरह बीच दौरान अनुसार ओर तथा एवं व बारे`,
	Bengali: `
এবং ও এই সেই যে কি না তার তা এর করে হয় হয়ে ছিল থেকে জন্য সঙ্গে সাথে দিয়ে করা করেন একটি
এক আর কিন্তু বা তিনি তারা আমি আমরা হবে হলে যা যার তাদের আমাদের এটি ওই নিয়ে পর আগে
মধ্যে বলেন বলে হচ্ছে হয়েছে রয়েছে করেছে`,
	Greek: `
και το η ο τα τον την της του των σε στο στη στην στον στα στους στις στης με για από που να
θα δεν μη μην είναι ήταν ένα μια μία ένας ως αλλά ή ότι αυτό αυτή αυτός αυτά αυτές αυτοί οι τις
τους κατά μετά πριν μέχρι όπως όταν αν ενώ επίσης πολύ πιο έχει έχουν είχε είχαν ήδη ακόμη
ακόμα εκεί εδώ σας μας τη τι ποιος ποια ποιο δύο είπε`,
	Hebrew: `
של את על עם זה זו זאת הוא היא הם הן אני אנחנו אתה את לא כי גם אם או אבל כל יש אין היה הייתה
היו יהיה מה מי איך כמו עד אחרי לפני בין רק כבר עוד אשר שם כאן לו לה להם בו בה בהם ממנו
אותו אותה אותם שלו שלה שלהם יותר מאוד כך כן אז שני אמר`,
	Korean: `
그리고 그러나 하지만 또는 및 또 이 그 저 것 수 등 때 중 더 및 또한 있다 있는 있는데 없다
없는 했다 하는 하고 한다 된다 되는 됐다 이다 있었다 위해 대한 대해 통해 따라 지난 말했다`,
	// Chinese: characters, each its own token.
	Chinese: `
的 了 是 在 和 与 及 也 有 就 不 都 而 之 其 被 把 对 从 向 于 为 以 所 这 那 个 们 我 你 他
她 它 着 过 到 说 地 得 则 即 该 此 已 会 能 要 将 并 等 但 或 又 还 很 没 吗 呢 吧 啊 由 给
让 因 如 若 却 些 每 各 ·`,
}

// functionWords maps a folded word to the languages whose function word
// it is; maxFunctionWord is the length in bytes of the longest.
var functionWords, maxFunctionWord = func() (map[string]LangSet, int) {
	m := map[string]LangSet{}
	longest := 0
	add := func(w string, l Lang) {
		f := string(Fold(nil, []byte(w)))
		m[f] |= 1 << l
		longest = max(longest, len(f))
	}
	for w := range stopwords {
		add(w, English)
	}
	for l, list := range functionWordLists {
		for _, w := range splitWords(list) {
			add(w, Lang(l))
		}
	}
	return m, longest
}()

// FunctionLangs returns the languages of which the folded word (see
// [Fold]) is a function word. A hiragana is one of Japanese: in it are
// written Japanese particles, inflections and auxiliaries (a Han character
// is one of Japanese only if it is one of Chinese, and the text is more
// Chinese than Japanese: see [LangCounter]).
func FunctionLangs(folded []byte) LangSet {
	if len(folded) > maxFunctionWord || len(folded) == 0 {
		return 0
	}
	if len(folded) == 3 && folded[0] == 0xE3 {
		if r, _ := utf8.DecodeRune(folded); r >= 0x3041 && r <= 0x309F {
			return 1 << Japanese
		}
	}
	return functionWords[string(folded)]
}

// LangCounter tells the language of a text from its words: for each script,
// the language of that script whose function words are most of the text's
// tokens. Its zero value is ready.
type LangCounter struct {
	n [numLangs]int32
}

// Add counts one token of the text: the languages of which it is a
// function word, as [FunctionLangs] gives them.
func (c *LangCounter) Add(s LangSet) {
	for s != 0 {
		c.n[bits.TrailingZeros32(uint32(s))]++
		s &= s - 1
	}
}

// Langs returns the text's language of each script its tokens are function
// words of: the language with the most tokens, the first listed on a tie.
// A Latin-script text is English if no Latin-script language has any.
func (c *LangCounter) Langs() LangSet {
	var best [numScripts]Lang
	var most [numScripts]int32
	for l := Lang(0); l < numLangs; l++ {
		if s := langScripts[l]; c.n[l] > most[s] {
			best[s], most[s] = l, c.n[l]
		}
	}
	set := LangSet(1 << English)
	for s := range best {
		if most[s] > 0 {
			if Script(s) == ScriptLatin {
				set &^= 1 << English
			}
			set |= 1 << best[s]
		}
	}
	return set
}

// Unspaced reports whether the token is a character of a script written
// without spaces (Han, kana, Thai, Lao, Khmer, Myanmar), which the
// tokenizer makes one token per character (in Thai and Lao, per cluster).
func Unspaced(tok []byte) bool {
	r, _ := utf8.DecodeRune(tok)
	return r >= 0x0E00 && isSingleCharScript(r)
}

// Fold appends to dst the form of the token under which function words are
// looked up and reworded copies compared: NFKC, then letters in lower case (Greek final sigma as sigma); the Arabic
// script's letter variants made one (the alef with hamza or madda as alef;
// Arabic yeh, alef maksura and yeh with hamza as Farsi yeh; Arabic kaf as
// keheh; Arabic heh, teh marbuta, heh goal and heh doachashmee as heh goal;
// yeh barree with hamza as yeh barree; waw with hamza as waw); its
// diacritics and tatweel dropped; digits of the Arabic, Persian, Devanagari
// and Bengali scripts and full-width digits made ASCII digits.
func Fold(dst, tok []byte) []byte {
	if !norm.NFKC.IsNormal(tok) {
		// Compatibility forms (Arabic presentation forms, ligatures,
		// decomposed accents) as their plain letters first.
		tok = norm.NFKC.Bytes(tok)
	}
	for i := 0; i < len(tok); {
		c := tok[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(tok[i:])
		i += size
		switch {
		case r >= 0x0600 && r <= 0x06FF:
			r = foldArabic(r)
			if r < 0 {
				continue
			}
		case r >= 0x0966 && r <= 0x096F:
			r = '0' + r - 0x0966
		case r >= 0x09E6 && r <= 0x09EF:
			r = '0' + r - 0x09E6
		case r >= 0xFF10 && r <= 0xFF19:
			r = '0' + r - 0xFF10
		case r == 'ς':
			r = 'σ'
		default:
			r = unicode.ToLower(r)
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// foldArabic returns the folded form of an Arabic-script rune, or -1 if it
// is dropped.
func foldArabic(r rune) rune {
	switch {
	case r >= 0x0660 && r <= 0x0669:
		return '0' + r - 0x0660
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + r - 0x06F0
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640:
		return -1
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ':
		return 'ا'
	case 'ي', 'ى', 'ئ', 'ې', 'ێ', 'ؠ', 'ۍ':
		return 'ی'
	case 'ك', 'ڪ':
		return 'ک'
	case 'ه', 'ة', 'ۃ', 'ھ', 'ۀ', 'ۂ':
		return 'ہ'
	case 'ۓ':
		return 'ے'
	case 'ؤ':
		return 'و'
	}
	return r
}
