package document

import (
	"os"
	"path/filepath"
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
