package shingle_test

import (
	"fmt"

	"github.com/provenance-dev/provenance/shingle"
)

func ExampleNormalize() {
	fmt.Println(shingle.Normalize("Moscow’s “ﬁnal” offer — STRAẞE ２０２４"))
	fmt.Println(shingle.Normalize("東京2024年"))
	// Output:
	// moscow s final offer strasse 2024
	// 東 京 2024 年
}

func ExampleTokenizer_Tokenize() {
	text := "Kremlin’s “ceasefire” plan"
	toks := shingle.NewTokenizer(1).Tokenize(nil, []byte(text))
	for _, sp := range toks.Spans {
		fmt.Printf("[%d,%d) %s\n", sp.Start, sp.End, text[sp.Start:sp.End])
	}
	// Output:
	// [0,7) Kremlin
	// [10,11) s
	// [15,24) ceasefire
	// [28,32) plan
}

func ExampleHashes() {
	toks := shingle.NewTokenizer(1).Tokenize(nil, []byte("one two three four five six"))
	sh, err := shingle.Hashes(nil, toks.Hashes, shingle.DefaultK)
	fmt.Println(len(sh), err)
	_, err = shingle.Hashes(nil, toks.Hashes[:4], shingle.DefaultK)
	fmt.Println(err)
	// Output:
	// 2 <nil>
	// too short to shingle
}
