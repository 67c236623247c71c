package document

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestFileID(t *testing.T) {
	for in, want := range map[string]string{
		"a.txt":         "a.txt",
		"sub/é.txt":     "sub/é.txt",
		"a\xff.txt":     `a\xff.txt`,
		"a\xfe.txt":     `a\xfe.txt`,
		"caf\xe9/x.txt": `caf\xe9/x.txt`,
		"new\nline":     "new\nline", // valid UTF-8: kept (reports escape it)
	} {
		if got := FileID(in); got != want {
			t.Errorf("FileID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFind_invalidNames: names that differ only in bytes that are not
// UTF-8 keep distinct IDs, and both are read.
func TestFind_invalidNames(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a\xff.txt", goodInputs[".txt"].data)
	writeFile(t, dir, "a\xfe.txt", goodInputs[".txt"].data)
	ins, errs := NewReader(Options{}).Find([]string{dir})
	if len(errs) != 0 || len(ins) != 2 || ins[0].ID != `a\xfe.txt` || ins[1].ID != `a\xff.txt` {
		t.Fatalf("Find = %v, %v; want a\\xfe.txt and a\\xff.txt", ins, errs)
	}
	for _, in := range ins {
		if docs, errs := NewReader(Options{}).Read(in); len(docs) != 1 || len(errs) != 0 {
			t.Errorf("Read(%s) = %d documents, %v", in.ID, len(docs), errs)
		}
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, «quoted» – fine": "plain text, «quoted» – fine",
		"Evil\x1b[2J\x1b]0;pwned\x07": `Evil\x1b[2J\x1b]0;pwned\x07`,
		"two\nlines\ttab\r":           `two\nlines\ttab\r`,
		"bad \xff byte":               `bad \xff byte`,
		"c1 \u0085 and del \x7f":      `c1 \u0085 and del \x7f`,
		"rlo \u202egnp.exe":           `rlo \u202egnp.exe`,
		`back\slash`:                  `back\slash`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
	err := &FileError{Path: "dir/evil\x1b[2J.txt", Err: ErrEmpty}
	if got := err.Error(); got != `dir/evil\x1b[2J.txt: empty file` {
		t.Errorf("FileError = %q", got)
	}
}

// TestReader_byContent: in a folder, a file of no known extension is read
// as its content shows when it is text, and passed over, told to
// Options.Passed, when it is not; named directly it is read or refused
// as any file.
func TestReader_byContent(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"notes":        goodInputs[".txt"].data,
		"page.php":     goodInputs[".html"].data,
		"export.dat":   goodInputs[".jsonl"].data,
		"image.png":    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"garbage.bin":  strings.Repeat("\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc", 50),
		"controls.log": strings.Repeat("\x01\x02\x03 ab", 40),
		"empty":        "",
		"sitemap.xml":  `<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>`,
		"image.svg":    `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>`,
		"latin1":       "Caf\xe9 cr\xe8me, na\xefve fa\xe7ade: plain Windows-1252 prose.",
	}
	for name, data := range files {
		writeFile(t, dir, name, data)
	}
	var passed []string
	r := NewReader(Options{Passed: func(in Input, why error) { passed = append(passed, in.ID+": "+why.Error()) }})
	ins, errs := r.Find([]string{dir})
	if len(errs) != 0 || len(ins) != len(files) {
		t.Fatalf("Find = %d inputs, %v; want %d", len(ins), errs, len(files))
	}
	got := map[string]int{}
	for _, in := range ins {
		docs, errs := r.Read(in)
		if len(errs) != 0 {
			t.Errorf("Read(%s) errors %v, want none", in.ID, errs)
		}
		got[in.ID] = len(docs)
	}
	for name, n := range map[string]int{"notes": 1, "page.php": 1, "export.dat": 2, "latin1": 1} {
		if got[name] != n {
			t.Errorf("%s gave %d documents, want %d", name, got[name], n)
		}
	}
	if len(passed) != 6 {
		t.Errorf("passed over %q, want image.png, garbage.bin, controls.log, empty, sitemap.xml, image.svg", passed)
	}
	for _, p := range passed {
		if !strings.Contains(p, "binary file") && !strings.Contains(p, "empty file") && !strings.Contains(p, "no documents") &&
			!strings.Contains(p, "malformed") {
			t.Errorf("passed over for no reason given: %s", p)
		}
	}
	// Named directly, the same files are errors.
	for _, name := range []string{"image.png", "empty", "sitemap.xml"} {
		in := Input{Path: filepath.Join(dir, name), ID: name}
		if docs, errs := r.Read(in); len(docs) != 0 || len(errs) != 1 {
			t.Errorf("Read(%s named) = %d documents, %v; want one error", name, len(docs), errs)
		}
	}
	if !Readable(filepath.Join(dir, "notes")) || Readable(filepath.Join(dir, ".hidden")) || Readable(filepath.Join(dir, "x.part")) {
		t.Errorf("Readable: want any name but those left alone")
	}
}

// TestReader_sniff: a large sparse file of zeros, with the limit raised
// over it, is refused as binary from its first bytes, without being read
// whole; a large binary of no known extension in a folder is passed over
// even over the limit, while a large text one is too large.
func TestReader_sniff(t *testing.T) {
	dir := t.TempDir()
	sparse := func(name string, size int64, head string) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(head); err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	const big = 4 << 30 // 4 GiB, sparse: no disk
	zeros := sparse("zeros.txt", big, "")
	text := writeFile(t, dir, "text", strings.Repeat("words and more words ", 100_000)) // 2.1 MB
	blob := sparse("blob", big, "\x7fELF\x02\x01\x01")

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := NewReader(Options{MaxSize: 8 << 30})
	docs, errs := r.Read(Input{Path: zeros, ID: "zeros.txt"})
	runtime.ReadMemStats(&after)
	if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrBinary) {
		t.Fatalf("Read(zeros.txt) = %d documents, %v; want binary file", len(docs), errs)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("reading a 4 GiB file refused as binary allocated %d bytes, want it looked at, not read", grew)
	}

	var passed []string
	r = NewReader(Options{MaxSize: 1 << 20, Passed: func(in Input, why error) { passed = append(passed, in.ID) }})
	docs, errs = r.Read(Input{Path: blob, ID: "blob", Walked: true, Root: dir})
	if len(docs) != 0 || len(errs) != 0 || len(passed) != 1 {
		t.Errorf("Read(blob in a folder) = %d documents, %v, passed %v; want it passed over", len(docs), errs, passed)
	}
	docs, errs = r.Read(Input{Path: text, ID: "text", Walked: true, Root: dir})
	if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("Read(text over the limit) = %d documents, %v; want too large", len(docs), errs)
	}
	r = NewReader(Options{MaxSize: 4 << 20})
	if docs, errs := r.Read(Input{Path: text, ID: "text", Walked: true, Root: dir}); len(docs) != 1 || len(errs) != 0 {
		t.Errorf("Read(2 MiB of text) = %d documents, %v; want it read", len(docs), errs)
	}
}

// TestReader_linksOutside: a link in a folder to a file outside it is
// refused unless FollowLinks; a link to a file inside is read; a file
// named directly is read whatever it is.
func TestReader_linksOutside(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	secret := writeFile(t, outside, "passwd", goodInputs[".txt"].data)
	writeFile(t, dir, "in/a.txt", goodInputs[".txt"].data)
	symlink(t, secret, filepath.Join(dir, "passwd.txt"))
	symlink(t, filepath.Join(dir, "in", "a.txt"), filepath.Join(dir, "alias.txt"))
	if err := os.Mkdir(filepath.Join(dir, "in2"), 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join("..", "in", "a.txt"), filepath.Join(dir, "in2", "rel.txt"))
	for _, follow := range []bool{false, true} {
		r := NewReader(Options{FollowLinks: follow})
		ins, errs := r.Find([]string{dir})
		if len(errs) != 0 || len(ins) != 4 {
			t.Fatalf("Find = %v, %v", ins, errs)
		}
		for _, in := range ins {
			docs, errs := r.Read(in)
			refused := len(errs) == 1 && errors.Is(errs[0], ErrLinkOutside)
			if want := in.ID == "passwd.txt" && !follow; refused != want || !refused && len(docs) != 1 {
				t.Errorf("follow=%v: Read(%s) = %d documents, %v; want refused: %v", follow, in.ID, len(docs), errs, want)
			}
		}
	}
	if docs, errs := NewReader(Options{}).Read(Input{Path: filepath.Join(dir, "passwd.txt"), ID: "passwd.txt"}); len(docs) != 1 {
		t.Errorf("a link named directly: %d documents, %v; want it read", len(docs), errs)
	}
}
