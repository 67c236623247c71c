package document

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// goodInputs are small valid files of each reader, with the number of
// documents each holds.
var goodInputs = map[string]struct {
	data string
	docs int
}{
	".txt":   {"Headline Of The Story\n\nA short body of plain text with a few words in it.\n", 1},
	".html":  {"<!DOCTYPE html><html><head><title>Headline</title></head><body><nav><a href='/'>Home</a></nav><article><p>A short body of text in a page with a few words in it.</p></article></body></html>", 1},
	".json":  {`[{"id": "a", "text": "First record with a few words."}, {"id": "b", "text": "Second record with a few words."}]`, 2},
	".jsonl": {"{\"id\": \"a\", \"text\": \"First record with a few words.\"}\n{\"id\": \"b\", \"text\": \"Second record with a few words.\"}\n", 2},
	".rss":   {`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><guid>a</guid><description>First item with a few words.</description></item><item><guid>b</guid><description>Second item with a few words.</description></item></channel></rss>`, 2},
}

var readerExts = []string{".txt", ".html", ".json", ".jsonl", ".rss"}

// outcome is what reading one bad input must give: the number of
// documents, and for each error a sentinel it wraps (nil: any error) and
// text its message holds.
type outcome struct {
	docs int
	errs []wantErr
}

type wantErr struct {
	is  error
	msg string
}

func fails(is error, msg string) outcome { return outcome{errs: []wantErr{{is, msg}}} }

// TestReader_badInputs is the table of bad inputs for every reader: each
// has a defined outcome (documents kept, and one one-line error naming the
// file for each part refused), and nothing panics or hangs.
func TestReader_badInputs(t *testing.T) {
	const png = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
	type bad struct {
		name string
		// data is the file's content for each extension; a missing
		// extension uses data[""].
		data map[string]string
		want map[string]outcome
	}
	all := func(o outcome) map[string]outcome {
		return map[string]outcome{".txt": o, ".html": o, ".json": o, ".jsonl": o, ".rss": o}
	}
	cases := []bad{
		{name: "empty file", data: map[string]string{"": ""}, want: all(fails(ErrEmpty, "empty file"))},
		{name: "white space only", data: map[string]string{"": "\xef\xbb\xbf \r\n\t\n"}, want: all(fails(ErrEmpty, "empty file"))},
		{name: "UTF-16 byte-order mark only", data: map[string]string{"": "\xff\xfe \x00\n\x00"}, want: all(fails(ErrEmpty, "empty file"))},
		{name: "binary file", data: map[string]string{"": png}, want: all(fails(ErrBinary, "binary file"))},
		{name: "UTF-16 without a byte-order mark", data: map[string]string{"": "H\x00e\x00l\x00l\x00o\x00"}, want: all(fails(ErrBinary, "binary file"))},
		{name: "truncated UTF-16", data: map[string]string{"": "\xff\xfeH\x00i\x00!"}, want: all(fails(ErrEncoding, "odd number of bytes"))},
		{name: "truncated file",
			data: map[string]string{
				".txt":   "The café was clos\xc3",
				".html":  "<html><body><article><p>A page cut off in the mid",
				".json":  `[{"id": "a", "text": "First record."}, {"id": "b", "te`,
				".jsonl": "{\"id\": \"a\", \"text\": \"First record.\"}\n{\"id\": \"b\", \"te",
				".rss":   `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><guid>a</guid><description>First item.</description></item><item><gu`,
			},
			want: map[string]outcome{
				".txt":   fails(ErrInvalidUTF8, "invalid UTF-8 at byte 18"),
				".html":  {docs: 1},
				".json":  fails(ErrMalformed, "malformed JSON: cut off at byte 54 (truncated)"),
				".jsonl": {docs: 1, errs: []wantErr{{ErrMalformed, "line 2: malformed JSON: unexpected EOF"}}},
				".rss":   fails(ErrMalformed, "malformed feed"),
			}},
		{name: "ASCII cut inside a character", data: map[string]string{"": "A plain line cut at \xe2\x80"},
			want: map[string]outcome{
				".txt":   fails(ErrInvalidUTF8, "invalid UTF-8 at byte 20 (a character cut off at the end)"),
				".html":  fails(ErrInvalidUTF8, "invalid UTF-8 at byte 20"),
				".json":  fails(ErrInvalidUTF8, "invalid UTF-8 at byte 20"),
				".jsonl": fails(ErrInvalidUTF8, "invalid UTF-8 at byte 20"),
				".rss":   fails(ErrNoDocuments, "not an RSS, Atom or JSON feed"),
			}},
		{name: "invalid UTF-8",
			data: map[string]string{
				".txt":   "Caf\xc3\xa9 cr\xe8me and more text",
				".html":  "<html><body><p>Caf\xc3\xa9 cr\xe8me and more text</p></body></html>",
				".json":  `{"text": "Caf` + "\xc3\xa9 cr\xe8me" + `"}`,
				".jsonl": `{"text": "Caf` + "\xc3\xa9 cr\xe8me" + `"}`,
				".rss":   `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title><item><description>Caf` + "\xc3\xa9 cr\xe8me" + `</description></item></channel></rss>`,
			},
			want: map[string]outcome{
				".txt":   fails(ErrInvalidUTF8, "invalid UTF-8 at byte 8"),
				".html":  fails(ErrInvalidUTF8, "invalid UTF-8 at byte 23"),
				".json":  fails(ErrInvalidUTF8, "invalid UTF-8 at byte 18"),
				".jsonl": fails(ErrInvalidUTF8, "invalid UTF-8 at byte 18"),
				".rss":   fails(ErrMalformed, "malformed feed"),
			}},
		{name: "Windows-1252 is decoded",
			data: map[string]string{
				".txt":   "Caf\xe9 cr\xe8me \x93quoted\x94 \x80 5",
				".html":  "<html><body><p>Caf\xe9 cr\xe8me \x93quoted\x94 \x80 5</p></body></html>",
				".json":  `{"text": "Caf` + "\xe9 cr\xe8me \x93quoted\x94 \x80 5" + `"}`,
				".jsonl": `{"text": "Caf` + "\xe9 cr\xe8me \x93quoted\x94 \x80 5" + `"}`,
				".rss":   `<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Wire</title><item><description>Caf` + "\xe9 cr\xe8me \x93quoted\x94 \x80 5" + `</description></item></channel></rss>`,
			},
			want: all(outcome{docs: 1})},
		{name: "wrong extension",
			data: map[string]string{ // each holds the next reader's format
				".txt":   goodInputs[".html"].data,
				".html":  goodInputs[".json"].data,
				".json":  goodInputs[".rss"].data,
				".jsonl": goodInputs[".txt"].data,
				".rss":   goodInputs[".json"].data,
			},
			want: map[string]outcome{
				".txt":  {docs: 1},
				".html": {docs: 2},
				".json": {docs: 2},
				// No line is a document: one error for the file, not one a line.
				".jsonl": fails(ErrMalformed, "line 1: malformed JSON"),
				".rss":   {docs: 2},
			}},
		{name: "malformed",
			data: map[string]string{
				".txt":   "\x01\x02\x03\x04 ctrl \x05\x06\x07\x08\x0e\x0f\x10\x11\x12",
				".html":  "<<<>>></ <!-- <p></div></",
				".json":  `{"id": "a", "text": "A record.",}`,
				".jsonl": "{\"text\": \"A record.\"}\n{\"text\": \"Another\" \"record\"}\nnull\n",
				".rss":   `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item <description>An item.</description></item></channel></rss>`,
			},
			want: map[string]outcome{
				".txt":   fails(ErrBinary, "binary file"),
				".html":  fails(ErrNoText, "no words in text"),
				".json":  fails(ErrMalformed, "malformed JSON at byte"),
				".jsonl": {docs: 1, errs: []wantErr{{ErrMalformed, "line 2: malformed JSON"}, {ErrMalformed, "line 3: malformed record: a JSON null, not an object"}}},
				".rss":   fails(ErrMalformed, "malformed feed: XML syntax error on line 1: expected attribute name in element"),
			}},
		{name: "unclosed elements",
			data: map[string]string{
				".txt":   "<p>Unclosed <b>markup in text",
				".html":  "<html><body><div><p>Unclosed <b>markup in a page",
				".json":  `{"text": "<p>Unclosed <b>markup in JSON"}`,
				".jsonl": `{"text": "<p>Unclosed <b>markup in JSON"}`,
				".rss":   `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><description>An item.</description></channel></rss>`,
			},
			want: all(outcome{docs: 1})}, // read leniently, as browsers and feed readers do
		{name: "no documents",
			data: map[string]string{
				".txt":   "... --- !!!",
				".html":  "<html><head><script>var x = 1;</script></head><body><nav> | </nav></body></html>",
				".json":  `{"version": 2, "families": []}`,
				".jsonl": "[]\n",
				".rss":   `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link></channel></rss>`,
			},
			want: map[string]outcome{
				".txt":   {docs: 1}, // no words: Compare refuses it (ErrNoText)
				".html":  fails(ErrNoText, "no words in text"),
				".json":  fails(ErrNoDocuments, "no documents: no object has a text field (text, content, body)"),
				".jsonl": fails(ErrNoDocuments, "no documents: no line holds an object with a text field (text, content, body)"),
				".rss":   fails(ErrNoItems, "feed has no items"),
			}},
		{name: "duplicate IDs",
			data: map[string]string{
				".txt":   goodInputs[".txt"].data,
				".html":  goodInputs[".html"].data,
				".json":  `[{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}, {"id": "a", "text": "Three."}]`,
				".jsonl": "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"a\", \"text\": \"Two.\"}\n",
				".rss":   `<rss version="2.0"><channel><title>Wire</title><item><guid>g</guid><description>One.</description></item><item><guid>g</guid><description>Two.</description></item></channel></rss>`,
			},
			want: map[string]outcome{
				".txt":   {docs: 1}, // a file has one ID; see TestDedupe and TestFind
				".html":  {docs: 1},
				".json":  {docs: 2, errs: []wantErr{{ErrDuplicateID, `item 3: duplicate document id "bad.json#a" (also item 1)`}}},
				".jsonl": {docs: 1, errs: []wantErr{{ErrDuplicateID, `line 2: duplicate document id "bad.jsonl#a" (also line 1)`}}},
				".rss":   {docs: 1, errs: []wantErr{{ErrDuplicateID, `item 2: duplicate document id "bad.rss#g" (also item 1)`}}},
			}},
	}
	for _, c := range cases {
		for _, ext := range readerExts {
			t.Run(c.name+"/"+ext, func(t *testing.T) {
				data, ok := c.data[ext]
				if !ok {
					data = c.data[""]
				}
				path := writeFile(t, t.TempDir(), "bad"+ext, data)
				in := Input{Path: path, ID: "bad" + ext}
				docs, errs := readWithin(t, in)
				checkOutcome(t, in, docs, errs, c.want[ext])
			})
		}
	}
}

// readWithin reads in with the default reader, failing the test if that
// takes more than 10 seconds.
func readWithin(t *testing.T, in Input) ([]*Document, []error) {
	t.Helper()
	type result struct {
		docs []*Document
		errs []error
	}
	done := make(chan result, 1)
	go func() {
		docs, errs := NewReader(Options{}).Read(in)
		done <- result{docs, errs}
	}()
	select {
	case r := <-done:
		return r.docs, r.errs
	case <-time.After(10 * time.Second):
		t.Fatalf("Read(%s) did not finish in 10s", in.ID)
	}
	return nil, nil
}

func checkOutcome(t *testing.T, in Input, docs []*Document, errs []error, want outcome) {
	t.Helper()
	if len(docs) != want.docs {
		t.Errorf("Read(%s) = %d documents, want %d (errors %v)", in.ID, len(docs), want.docs, errs)
	}
	for _, d := range docs {
		if d.Path != in.Path || !strings.HasPrefix(d.ID, in.ID) || !hasWord(string(d.Text)) && !strings.HasSuffix(in.ID, ".txt") {
			t.Errorf("Read(%s) document %+v: want path, ID and words", in.ID, d)
		}
	}
	if len(errs) != len(want.errs) {
		t.Fatalf("Read(%s) errors = %v, want %d", in.ID, errs, len(want.errs))
	}
	for i, err := range errs {
		checkFileError(t, "Read("+in.ID+")", err, in.Path, want.errs[i].is)
		if !strings.Contains(err.Error(), want.errs[i].msg) {
			t.Errorf("Read(%s) error %d = %q, want it to contain %q", in.ID, i, err, want.errs[i].msg)
		}
	}
}

// TestReader_goodInputs: the good files of the table read as expected, so
// the bad cases fail for their own reason.
func TestReader_goodInputs(t *testing.T) {
	for _, ext := range readerExts {
		g := goodInputs[ext]
		path := writeFile(t, t.TempDir(), "good"+ext, g.data)
		in := Input{Path: path, ID: "good" + ext}
		docs, errs := readWithin(t, in)
		checkOutcome(t, in, docs, errs, outcome{docs: g.docs})
	}
}

// TestReader_tooLarge: a 200 MB file of each format is refused with a
// clear message before it is read: reading it allocates next to nothing.
// The file is sparse, so the test writes nothing to disk.
func TestReader_tooLarge(t *testing.T) {
	const size = 200 << 20
	for _, ext := range readerExts {
		t.Run(ext, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "huge"+ext)
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString(goodInputs[ext].data); err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(size); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			in := Input{Path: path, ID: "huge" + ext}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			docs, errs := NewReader(Options{}).Read(in)
			runtime.ReadMemStats(&after)
			checkOutcome(t, in, docs, errs, fails(ErrTooLarge, fmt.Sprintf("file too large: %d bytes, over the limit of %d (see --max-size)", size, DefaultMaxSize)))
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
				t.Errorf("refusing a %d-byte file allocated %d bytes, want under 1 MiB", size, alloc)
			}
		})
	}

	// A file that grows past the limit after it was measured is cut off
	// at the limit plus one byte, and refused.
	path := writeFile(t, t.TempDir(), "grows.txt", strings.Repeat("word ", 100))
	r := NewReader(Options{MaxSize: 100})
	_, errs := r.Read(Input{Path: path, ID: "grows.txt"})
	if len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("Read(500-byte file, limit 100) errors = %v, want ErrTooLarge", errs)
	}
	if data, _, err := r.load(Input{Path: path}, nil); err == nil || data != nil {
		t.Errorf("load past the limit = %d bytes, %v; want an error", len(data), err)
	}
}

// TestReader_changedAfterListing: files found by Find that vanish, become
// unreadable or are replaced by a folder before they are read each give one
// error naming them, and the others are read.
func TestReader_changedAfterListing(t *testing.T) {
	for _, ext := range readerExts {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range []string{"keep", "vanish", "noperm", "dir"} {
				writeFile(t, dir, name+ext, goodInputs[ext].data)
			}
			ins, errs := Find([]string{dir})
			if len(ins) != 4 || len(errs) != 0 {
				t.Fatalf("Find = %v, %v; want 4 inputs", ins, errs)
			}
			if err := os.Remove(filepath.Join(dir, "vanish"+ext)); err != nil {
				t.Fatal(err)
			}
			noperm := filepath.Join(dir, "noperm"+ext)
			if err := os.Chmod(noperm, 0); err != nil {
				t.Fatal(err)
			}
			// Whether the file can still be opened depends on who runs the
			// test (root can): the reader must agree with the system.
			f, openErr := os.Open(noperm)
			if openErr == nil {
				f.Close()
			}
			if err := os.Remove(filepath.Join(dir, "dir"+ext)); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(dir, "dir"+ext), 0o755); err != nil {
				t.Fatal(err)
			}
			r := NewReader(Options{})
			for _, in := range ins {
				docs, errs := r.Read(in)
				switch strings.TrimSuffix(in.ID, ext) {
				case "keep":
					checkOutcome(t, in, docs, errs, outcome{docs: goodInputs[ext].docs})
				case "vanish":
					checkOutcome(t, in, docs, errs, fails(fs.ErrNotExist, "no such file or directory"))
				case "noperm":
					if openErr != nil {
						checkOutcome(t, in, docs, errs, fails(fs.ErrPermission, "permission denied"))
					} else {
						checkOutcome(t, in, docs, errs, outcome{docs: goodInputs[ext].docs})
					}
				case "dir":
					checkOutcome(t, in, docs, errs, fails(ErrNotRegular, "not a regular file: is a directory"))
				}
			}
		})
	}
}

// TestReader_symlinkLoops: a link to a folder is not followed (nor
// listed) by Find, and reading a link that points at itself fails with one
// line.
func TestReader_symlinkLoops(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "a.rss", goodInputs[".rss"].data)
	symlink(t, dir, filepath.Join(dir, "sub.html"))                            // a folder link back to the root
	symlink(t, filepath.Join(dir, "self.txt"), filepath.Join(dir, "self.txt")) // a link to itself
	ins, errs := findWithin(t, dir)
	if len(errs) != 0 || len(ins) != 2 {
		t.Fatalf("Find(%s) = %v, %v; want a.rss and self.txt (a link to a folder is not followed)", dir, ins, errs)
	}
	r := NewReader(Options{})
	for _, in := range ins {
		docs, errs := r.Read(in)
		switch in.ID {
		case "a.rss":
			checkOutcome(t, in, docs, errs, outcome{docs: 2})
		case "self.txt":
			checkOutcome(t, in, docs, errs, fails(nil, "too many levels of symbolic links"))
		case "sub.html":
			checkOutcome(t, in, docs, errs, fails(ErrNotRegular, "is a directory"))
		default:
			t.Errorf("Find listed %s", in.Path)
		}
	}
	_ = good
}

func findWithin(t *testing.T, dir string) ([]Input, []error) {
	t.Helper()
	type result struct {
		ins  []Input
		errs []error
	}
	done := make(chan result, 1)
	go func() {
		ins, errs := Find([]string{dir})
		done <- result{ins, errs}
	}()
	select {
	case r := <-done:
		return r.ins, r.errs
	case <-time.After(10 * time.Second):
		t.Fatalf("Find(%s) did not finish in 10s", dir)
	}
	return nil, nil
}

// TestReader_walkedOtherJSON: a JSON or XML file of another kind found in a
// folder is passed over quietly; named directly it is an error.
func TestReader_walkedOtherJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "truth.json", `{"families": [{"members": ["a", "b"]}]}`)
	writeFile(t, dir, "sitemap.xml", `<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>`)
	writeFile(t, dir, "empty-feed.rss", `<rss version="2.0"><channel><title>T</title></channel></rss>`)
	ins, _ := Find([]string{dir})
	r := NewReader(Options{})
	for _, in := range ins {
		docs, errs := r.Read(in)
		switch in.ID {
		case "truth.json", "sitemap.xml":
			if len(docs) != 0 || len(errs) != 0 {
				t.Errorf("Read(walked %s) = %d docs, %v; want nothing", in.ID, len(docs), errs)
			}
			named := Input{Path: in.Path, ID: in.ID}
			docs, errs = r.Read(named)
			checkOutcome(t, named, docs, errs, fails(ErrNoDocuments, "no documents"))
		case "empty-feed.rss":
			checkOutcome(t, in, docs, errs, fails(ErrNoItems, "feed has no items"))
		}
	}
}

func TestDedupe(t *testing.T) {
	docs := []*Document{
		{ID: "b.jsonl#1", Path: "z/b.jsonl"},
		{ID: "a.txt", Path: "y/a.txt"},
		{ID: "b.jsonl#1", Path: "b.jsonl#1"}, // a file named like an item
		{ID: "a.txt", Path: "x/a.txt"},
	}
	got, errs := Dedupe(docs)
	var ids []string
	for _, d := range got {
		ids = append(ids, d.ID+"@"+d.Path)
	}
	if want := "a.txt@x/a.txt b.jsonl#1@b.jsonl#1"; strings.Join(ids, " ") != want {
		t.Errorf("Dedupe = %s, want %s", strings.Join(ids, " "), want)
	}
	if len(errs) != 2 {
		t.Fatalf("Dedupe errors = %v, want 2", errs)
	}
	checkFileError(t, "Dedupe", errs[0], "y/a.txt", ErrDuplicateID)
	checkFileError(t, "Dedupe", errs[1], "z/b.jsonl", ErrDuplicateID)
	if docs[0].ID != "b.jsonl#1" || docs[0].Path != "z/b.jsonl" {
		t.Errorf("Dedupe reordered its argument")
	}
}

// TestDedupeOrder: documents already in order keep it, duplicates
// dropped; others come back sorted, as Dedupe gives them.
func TestDedupeOrder(t *testing.T) {
	sorted := []*Document{{ID: "a", Path: "1/a"}, {ID: "a", Path: "2/a"}, {ID: "b", Path: "b"}, {ID: "c", Path: "c"}}
	keep, errs := DedupeOrder(sorted)
	if !slices.Equal(keep, []int{0, 2, 3}) || len(errs) != 1 {
		t.Fatalf("DedupeOrder(sorted) = %v, %v; want [0 2 3] and one error", keep, errs)
	}
	checkFileError(t, "DedupeOrder", errs[0], "2/a", ErrDuplicateID)
	shuffled := []*Document{sorted[3], sorted[1], sorted[2], sorted[0]}
	keep, errs = DedupeOrder(shuffled)
	if !slices.Equal(keep, []int{3, 2, 0}) || len(errs) != 1 {
		t.Fatalf("DedupeOrder(shuffled) = %v, %v; want [3 2 0] and one error", keep, errs)
	}
	checkFileError(t, "DedupeOrder", errs[0], "2/a", ErrDuplicateID)
}
