package document

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReader_Parse measures each reader on a fixture: MB/s of input.
func BenchmarkReader_Parse(b *testing.B) {
	for _, bc := range []struct{ name, file string }{
		{"text", "../testdata/seeds/003_4a810195dea697d2.txt"},
		{"text-cp1252", filepath.Join(formatsDir, "text", "cp1252.txt")},
		{"text-utf16", filepath.Join(formatsDir, "text", "utf16le-bom.txt")},
		{"html", filepath.Join(formatsDir, "reprint", "rferl-putin-goals.html")},
		{"jsonl", filepath.Join(formatsDir, "reprint", "world-desk.jsonl")},
		{"rss", filepath.Join(formatsDir, "reprint", "amn-feed.rss")},
		{"atom", filepath.Join(formatsDir, "reprint", "novinite.atom")},
	} {
		data, err := os.ReadFile(bc.file)
		if err != nil {
			b.Fatal(err)
		}
		in := Input{Path: bc.file, ID: filepath.Base(bc.file)}
		r := NewReader(Options{})
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if docs, errs := r.Parse(in, data); len(docs) == 0 || len(errs) > 0 {
					b.Fatalf("Parse(%s) = %d docs, %v", bc.file, len(docs), errs)
				}
			}
		})
	}
}

// textCorpus writes n small plain-text articles (about 4 KB, headers of the
// usual shapes) into folders under dir and returns their paths.
func textCorpus(b *testing.B, dir string, n int) []string {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the of and to in a that was for on with as said he it by at from his an were are which this be " +
		"council minister report market agency office policy water church history public national washington kremlin " +
		"people president military board house program energy court spokesman budget")
	title := func() string {
		var t []string
		for range 5 + rng.IntN(6) {
			w := []byte(words[rng.IntN(len(words))])
			w[0] = w[0] - 'a' + 'A'
			t = append(t, string(w))
		}
		return strings.Join(t, " ")
	}
	var paths []string
	for i := range n {
		var sb strings.Builder
		switch i % 4 {
		case 0:
			fmt.Fprintf(&sb, "%s Herald %d/%d/2025 %d:%02d:%02d PM\n\n", title()[:9], 1+rng.IntN(12), 1+rng.IntN(28), 1+rng.IntN(12), rng.IntN(60), rng.IntN(60))
		case 1:
			fmt.Fprintf(&sb, " date 2025-%02d-%02d %s\n· site%d.example.com\n\n", 1+rng.IntN(12), 1+rng.IntN(28), title(), i%50)
		case 2:
			fmt.Fprintf(&sb, "%s\n· site%d.example.org\n\n", title(), i%50)
		case 3:
			fmt.Fprintf(&sb, "%s\n\nListen to this article\n\n", title())
		}
		for sb.Len() < 3000+rng.IntN(2000) {
			for range 40 + rng.IntN(60) {
				sb.WriteString(words[rng.IntN(len(words))])
				if rng.IntN(9) == 0 {
					sb.WriteByte(',')
				}
				sb.WriteByte(' ')
			}
			sb.WriteString("“quoted”.\n\n")
		}
		path := filepath.Join(dir, fmt.Sprintf("outlet%02d", i%20), fmt.Sprintf("%06d.txt", i))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// BenchmarkReadText measures reading many small plain-text files, one file
// per op: Reader.Read on the inputs Reader.Find lists, Reader.Read on
// inputs made by hand (nothing known from a listing), and a bare
// os.ReadFile of the same files as the baseline.
func BenchmarkReadText(b *testing.B) {
	dir := b.TempDir()
	n := 4000
	if testing.Short() {
		n = 200
	}
	paths := textCorpus(b, dir, n)
	r := NewReader(Options{})
	listed, errs := r.Find([]string{dir})
	if len(listed) != len(paths) || len(errs) > 0 {
		b.Fatalf("Find = %d inputs, %v; want %d", len(listed), errs, len(paths))
	}
	unlisted := make([]Input, len(listed))
	for i, in := range listed {
		unlisted[i] = Input{Path: in.Path, ID: in.ID, Walked: in.Walked}
	}
	var total int64
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		total += fi.Size()
	}
	avg := total / int64(len(paths))

	b.Run("os.ReadFile", func(b *testing.B) {
		b.SetBytes(avg)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := os.ReadFile(listed[i%len(listed)].Path); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	for _, bc := range []struct {
		name string
		ins  []Input
	}{{"Read", listed}, {"Read-unlisted", unlisted}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(avg)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				in := bc.ins[i%len(bc.ins)]
				if docs, errs := r.Read(in); len(docs) != 1 || len(errs) > 0 {
					b.Fatalf("Read(%s) = %d docs, %v", in.Path, len(docs), errs)
				}
				i++
			}
		})
	}
}
