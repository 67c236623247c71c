package document

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseText_errors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr error  // nil: the text is accepted
		wantMsg string // the error message, when wantErr is set
	}{
		{name: "empty", in: "", wantErr: ErrEmpty, wantMsg: "empty file"},
		{name: "whitespace only", in: " \n\t\r\n\f\u00a0", wantErr: ErrEmpty, wantMsg: "empty file"},
		{name: "BOM only", in: "\xef\xbb\xbf", wantErr: ErrEmpty, wantMsg: "empty file"},
		{name: "BOM and whitespace", in: "\xef\xbb\xbf\r\n \r\n", wantErr: ErrEmpty, wantMsg: "empty file"},
		{name: "NUL byte", in: "Some text that is long enough\x00and more", wantErr: ErrBinary, wantMsg: "binary file"},
		{name: "NUL after invalid UTF-8", in: "PK\x03\x04\xff\x00\x00", wantErr: ErrBinary, wantMsg: "binary file"},
		{name: "control characters", in: "text\x01\x02\x03\x04\x05\x06\x1b\x7f", wantErr: ErrBinary, wantMsg: "binary file"},
		{name: "invalid UTF-8", in: "abc\xffdef", wantErr: ErrInvalidUTF8, wantMsg: "invalid UTF-8 at byte 3"},
		{name: "invalid UTF-8 after multibyte", in: "é€\x80x", wantErr: ErrInvalidUTF8, wantMsg: "invalid UTF-8 at byte 5"},
		{name: "invalid UTF-8 offset counts BOM", in: "\xef\xbb\xbfabc\xff", wantErr: ErrInvalidUTF8, wantMsg: "invalid UTF-8 at byte 6"},
		{name: "truncated rune at end", in: "Hello world\xe2\x80", wantErr: ErrInvalidUTF8, wantMsg: "invalid UTF-8 at byte 11"},
		{name: "Latin-1", in: "Caf\xe9 au lait", wantErr: ErrInvalidUTF8, wantMsg: "invalid UTF-8 at byte 3"},

		{name: "one control character in text", in: "A line of ordinary text with one bell\a in it."},
		{name: "tabs, form feeds and CRLF", in: "col1\tcol2\r\n\fnext page\r\n"},
		{name: "single word", in: "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseText([]byte(tt.in))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ParseText(%q) error = %v, want nil", tt.in, err)
				}
				if !bytes.Equal(doc.Text, []byte(tt.in)) {
					t.Errorf("ParseText(%q).Text = %q, want the input", tt.in, doc.Text)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseText(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			if doc != nil {
				t.Errorf("ParseText(%q) = %+v with error, want nil", tt.in, doc)
			}
			if got := err.Error(); got != tt.wantMsg {
				t.Errorf("ParseText(%q) error = %q, want %q", tt.in, got, tt.wantMsg)
			}
		})
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want headerWant
	}{
		{name: "BOM and CRLF",
			in:   "\xef\xbb\xbfHeadline With A BOM\r\nDaily Post 7/3/2025 9:15 PM\r\n\r\nBody text, with “quotes”.\r\n",
			want: headerWant{Title: "Headline With A BOM", Source: "Daily Post", Published: "2025-07-03T21:15:00Z"}},
		{name: "BOM before ISO date",
			in:   "\xef\xbb\xbf date 2025-07-04 Headline After The Date\n\nBody.",
			want: headerWant{Title: "Headline After The Date", Published: "2025-07-04T00:00:00Z", Day: true}},
		{name: "no trailing newline", in: "Body only, no header at all.",
			want: headerWant{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			doc, err := ParseText(in)
			if err != nil {
				t.Fatalf("ParseText(%q) error = %v, want nil", tt.in, err)
			}
			if !bytes.Equal(doc.Text, in) {
				t.Errorf("ParseText(%q).Text = %q, want the input byte for byte", tt.in, doc.Text)
			}
			if got := headerOf(doc); got != tt.want {
				t.Errorf("ParseText(%q) header = %+v, want %+v", tt.in, got, tt.want)
			}
			if doc.ID != "" || doc.Path != "" || doc.URL != "" {
				t.Errorf("ParseText(%q) ID, Path, URL = %q, %q, %q, want empty", tt.in, doc.ID, doc.Path, doc.URL)
			}
		})
	}
}

// writeFile writes data to dir/name, making folders as needed, and returns
// the path.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// symlink makes a symbolic link, skipping the test where that is not
// allowed.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symlinks: %v", err)
	}
}

// checkFileError checks that err is a one-line *FileError for path that
// matches want (when want is not nil).
func checkFileError(t *testing.T, call string, err error, path string, want error) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("%s error = %#v, want a *FileError", call, err)
	}
	if fe.Path != path {
		t.Errorf("%s error Path = %q, want %q", call, fe.Path, path)
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("%s error = %v, want %v", call, err, want)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") || !strings.Contains(msg, path) {
		t.Errorf("%s error = %q, want one line naming %q", call, msg, path)
	}
	if strings.Count(msg, path) != 1 {
		t.Errorf("%s error = %q, want %q named once", call, msg, path)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	const good = "\xef\xbb\xbfAmerican Military News 7/3/2025 12:27:12 PM\r\n\r\nBody text.\r\n"

	t.Run("good file", func(t *testing.T) {
		path := writeFile(t, dir, "good.txt", good)
		in := Input{Path: path, ID: "sub/good.txt"}
		doc, err := ReadFile(in, 0)
		if err != nil {
			t.Fatalf("ReadFile(%v) error = %v, want nil", in, err)
		}
		if doc.ID != in.ID || doc.Path != in.Path {
			t.Errorf("ReadFile(%v) ID, Path = %q, %q, want %q, %q", in, doc.ID, doc.Path, in.ID, in.Path)
		}
		if string(doc.Text) != good {
			t.Errorf("ReadFile(%v).Text = %q, want %q", in, doc.Text, good)
		}
		want := headerWant{Source: "American Military News", Published: "2025-07-03T12:27:12Z"}
		if got := headerOf(doc); got != want {
			t.Errorf("ReadFile(%v) header = %+v, want %+v", in, got, want)
		}
	})

	t.Run("size exactly maxSize", func(t *testing.T) {
		path := writeFile(t, dir, "exact.txt", "0123456789")
		if _, err := ReadFile(Input{Path: path, ID: "exact.txt"}, 10); err != nil {
			t.Errorf("ReadFile(%q, 10) error = %v, want nil", path, err)
		}
	})

	t.Run("larger than default size", func(t *testing.T) {
		if testing.Short() {
			t.Skip("writes a 64 MB file")
		}
		path := filepath.Join(dir, "huge.txt")
		if err := os.WriteFile(path, bytes.Repeat([]byte("word "), DefaultMaxSize/5+1), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFile(Input{Path: path, ID: "huge.txt"}, 0)
		checkFileError(t, "ReadFile(huge.txt, 0)", err, path, ErrTooLarge)
	})

	errTests := []struct {
		name    string
		setup   func(t *testing.T) string // makes the input, returns its path
		maxSize int64
		want    error // nil when there is no sentinel to match
	}{
		{name: "missing file", want: fs.ErrNotExist,
			setup: func(t *testing.T) string { return filepath.Join(dir, "missing.txt") }},
		{name: "directory", // there is no portable sentinel for reading a folder
			setup: func(t *testing.T) string {
				path := filepath.Join(dir, "x.txt")
				if err := os.Mkdir(path, 0o755); err != nil {
					t.Fatal(err)
				}
				return path
			}},
		{name: "too large", maxSize: 10, want: ErrTooLarge,
			setup: func(t *testing.T) string { return writeFile(t, dir, "large.txt", "0123456789A") }},
		{name: "dangling symlink", want: fs.ErrNotExist,
			setup: func(t *testing.T) string {
				path := filepath.Join(dir, "dangling.txt")
				symlink(t, filepath.Join(dir, "nowhere.txt"), path)
				return path
			}},
		{name: "empty file", want: ErrEmpty,
			setup: func(t *testing.T) string { return writeFile(t, dir, "empty.txt", "") }},
		{name: "binary file", want: ErrBinary,
			setup: func(t *testing.T) string {
				return writeFile(t, dir, "image.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
			}},
		{name: "damaged UTF-8", want: ErrInvalidUTF8,
			setup: func(t *testing.T) string { return writeFile(t, dir, "damaged.txt", "Caf\xc3\xa9 cr\xe8me\n") }},
		{name: "truncated UTF-16", want: ErrEncoding,
			setup: func(t *testing.T) string { return writeFile(t, dir, "utf16.txt", "\xff\xfeH\x00i\x00!") }},
		{name: "named pipe", want: ErrNotRegular,
			setup: func(t *testing.T) string {
				path := filepath.Join(dir, "pipe.txt")
				makeSpecial(t, path)
				return path
			}},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.setup(t)
			doc, err := ReadFile(Input{Path: path, ID: filepath.Base(path)}, tt.maxSize)
			if err == nil {
				t.Fatalf("ReadFile(%q, %d) = %+v, want an error", path, tt.maxSize, doc)
			}
			if doc != nil {
				t.Errorf("ReadFile(%q, %d) = %+v with error, want nil", path, tt.maxSize, doc)
			}
			checkFileError(t, "ReadFile("+path+")", err, path, tt.want)
		})
	}
}

func TestFind(t *testing.T) {
	t.Run("folder tree", func(t *testing.T) {
		root := t.TempDir()
		for _, name := range []string{
			"a.txt", "UPPER.TXT", "c.text", "sub/d.txt", "sub/deep/e.txt",
			// skipped
			".hidden.txt", ".git/x.txt", "sub/.hidden/f.txt", "draft.tmp", "a.txt.tmp",
			"dl.part", "cache.tmp/y.txt", "incoming.part/z.txt",
			"a.txt.meta.json", "page.meta.json", "sub/deep/PAGE.META.JSON",
			// read by content, whatever the name
			"notes.md", "readme",
			// read: every known format
			"data.json", "sub/deep/page.html", "p.htm", "x.jsonl", "y.ndjson", "f.rss", "g.atom", "h.xml",
		} {
			writeFile(t, root, name, "text")
		}
		if err := os.Mkdir(filepath.Join(root, "empty.txt"), 0o755); err != nil {
			t.Fatal(err)
		}
		pipe := filepath.Join(root, "pipe.txt")
		special := makeSpecial(t, pipe)
		got, errs := Find([]string{root})
		want := []Input{
			{Path: filepath.Join(root, "UPPER.TXT"), ID: "UPPER.TXT", Walked: true},
			{Path: filepath.Join(root, "a.txt"), ID: "a.txt", Walked: true},
			{Path: filepath.Join(root, "c.text"), ID: "c.text", Walked: true},
			{Path: filepath.Join(root, "data.json"), ID: "data.json", Walked: true},
			{Path: filepath.Join(root, "f.rss"), ID: "f.rss", Walked: true},
			{Path: filepath.Join(root, "g.atom"), ID: "g.atom", Walked: true},
			{Path: filepath.Join(root, "h.xml"), ID: "h.xml", Walked: true},
			{Path: filepath.Join(root, "notes.md"), ID: "notes.md", Walked: true},
			{Path: filepath.Join(root, "p.htm"), ID: "p.htm", Walked: true},
			{Path: filepath.Join(root, "readme"), ID: "readme", Walked: true},
			{Path: filepath.Join(root, "sub", "d.txt"), ID: "sub/d.txt", Walked: true},
			{Path: filepath.Join(root, "sub", "deep", "e.txt"), ID: "sub/deep/e.txt", Walked: true},
			{Path: filepath.Join(root, "sub", "deep", "page.html"), ID: "sub/deep/page.html", Walked: true},
			{Path: filepath.Join(root, "x.jsonl"), ID: "x.jsonl", Walked: true},
			{Path: filepath.Join(root, "y.ndjson"), ID: "y.ndjson", Walked: true},
		}
		rooted(want, root)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v, want %v", root, got, want)
		}
		// A special file met on the way is named, as any file that cannot
		// be read.
		wantErrs := 0
		if special {
			wantErrs = 1
		}
		if len(errs) != wantErrs {
			t.Fatalf("Find(%q) errors = %v, want %d", root, errs, wantErrs)
		}
		if special {
			checkFileError(t, "Find(pipe)", errs[0], pipe, ErrNotRegular)
			if !strings.Contains(errs[0].Error(), "named pipe") {
				t.Errorf("Find(pipe) error = %q, want it to say named pipe", errs[0])
			}
		}
	})

	t.Run("file arguments", func(t *testing.T) {
		root := t.TempDir()
		d := writeFile(t, root, "sub/d.txt", "text")
		md := writeFile(t, root, "notes.md", "text")
		hidden := writeFile(t, root, ".hidden.txt", "text")
		got, errs := Find([]string{md, d, hidden})
		want := []Input{
			{Path: hidden, ID: ".hidden.txt"},
			{Path: d, ID: "d.txt"},
			{Path: md, ID: "notes.md"},
		}
		if len(errs) != 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v, %v, want %v, no errors", []string{md, d, hidden}, got, errs, want)
		}
	})

	t.Run("missing path", func(t *testing.T) {
		root := t.TempDir()
		a := writeFile(t, root, "a.txt", "text")
		missing := filepath.Join(root, "nope")
		got, errs := Find([]string{missing, a})
		want := []Input{{Path: a, ID: "a.txt"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v, want %v", []string{missing, a}, got, want)
		}
		if len(errs) != 1 {
			t.Fatalf("Find(%q) errors = %v, want 1", []string{missing, a}, errs)
		}
		checkFileError(t, "Find(missing)", errs[0], missing, fs.ErrNotExist)
	})

	t.Run("no paths", func(t *testing.T) {
		got, errs := Find(nil)
		if len(got) != 0 || len(errs) != 0 {
			t.Errorf("Find(nil) = %v, %v, want nothing", got, errs)
		}
	})

	t.Run("duplicate file IDs", func(t *testing.T) {
		root := t.TempDir()
		first := writeFile(t, root, "one/a.txt", "text")
		second := writeFile(t, root, "two/a.txt", "text")
		got, errs := Find([]string{first, second})
		want := []Input{{Path: first, ID: "a.txt"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v, want %v", []string{first, second}, got, want)
		}
		if len(errs) != 1 {
			t.Fatalf("Find(%q) errors = %v, want 1", []string{first, second}, errs)
		}
		checkFileError(t, "Find(duplicate)", errs[0], second, ErrDuplicateID)
		if msg := errs[0].Error(); !strings.Contains(msg, first) || !strings.Contains(msg, `"a.txt"`) {
			t.Errorf("Find(duplicate) error = %q, want it to name %q and the ID", msg, first)
		}
	})

	t.Run("duplicate IDs from folders", func(t *testing.T) {
		root := t.TempDir()
		dir1, dir2 := filepath.Join(root, "1"), filepath.Join(root, "2")
		same1 := writeFile(t, dir1, "sub/same.txt", "text")
		only1 := writeFile(t, dir1, "only1.txt", "text")
		same2 := writeFile(t, dir2, "sub/same.txt", "text")
		only2 := writeFile(t, dir2, "only2.txt", "text")
		got, errs := Find([]string{dir1, dir2})
		want := []Input{
			{Path: only1, ID: "only1.txt", Walked: true},
			{Path: only2, ID: "only2.txt", Walked: true},
			{Path: same1, ID: "sub/same.txt", Walked: true},
		}
		want[0].Root, want[1].Root, want[2].Root = dir1, dir2, dir1
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v, want %v", []string{dir1, dir2}, got, want)
		}
		if len(errs) != 1 {
			t.Fatalf("Find(%q) errors = %v, want 1", []string{dir1, dir2}, errs)
		}
		checkFileError(t, "Find(duplicate)", errs[0], same2, ErrDuplicateID)
		if msg := errs[0].Error(); !strings.Contains(msg, same1) {
			t.Errorf("Find(duplicate) error = %q, want it to name %q", msg, same1)
		}
	})

	t.Run("symlink loop", func(t *testing.T) {
		root := t.TempDir()
		a := writeFile(t, root, "a.txt", "text")
		b := writeFile(t, root, "sub/b.txt", "text")
		symlink(t, root, filepath.Join(root, "loop"))
		symlink(t, filepath.Join(root, "sub"), filepath.Join(root, "sub", "again"))
		type result struct {
			ins  []Input
			errs []error
		}
		done := make(chan result, 1)
		go func() {
			ins, errs := Find([]string{root})
			done <- result{ins, errs}
		}()
		select {
		case r := <-done:
			want := rooted([]Input{{Path: a, ID: "a.txt", Walked: true}, {Path: b, ID: "sub/b.txt", Walked: true}}, root)
			if len(r.errs) != 0 || !reflect.DeepEqual(r.ins, want) {
				t.Errorf("Find(%q) = %v, %v, want %v, no errors", root, r.ins, r.errs, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Find(%q) with a symlink loop did not finish in 10s", root)
		}
	})

	t.Run("symlinks to files are inputs", func(t *testing.T) {
		root := t.TempDir()
		a := writeFile(t, root, "a.txt", "text")
		link := filepath.Join(root, "link.txt")
		symlink(t, a, link)
		got, errs := Find([]string{root})
		want := rooted([]Input{{Path: a, ID: "a.txt", Walked: true}, {Path: link, ID: "link.txt", Walked: true}}, root)
		if len(errs) != 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v, %v, want %v, no errors", root, got, errs, want)
		}
	})

	t.Run("symlinked folder argument", func(t *testing.T) {
		root := t.TempDir()
		writeFile(t, root, "real/a.txt", "text")
		writeFile(t, root, "real/sub/b.txt", "text")
		link := filepath.Join(root, "link")
		symlink(t, filepath.Join(root, "real"), link)
		got, errs := Find([]string{link})
		want := rooted([]Input{
			{Path: filepath.Join(link, "a.txt"), ID: "a.txt", Walked: true},
			{Path: filepath.Join(link, "sub", "b.txt"), ID: "sub/b.txt", Walked: true},
		}, link)
		if len(errs) != 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v, %v, want %v, no errors", link, got, errs, want)
		}
	})

	t.Run("IDs use forward slashes and are sorted", func(t *testing.T) {
		root := t.TempDir()
		for _, name := range []string{"z.txt", "b/y.txt", "a/b/c/x.txt", "a/w.txt", "a-b.txt"} {
			writeFile(t, root, name, "text")
		}
		got, _ := Find([]string{root})
		var ids []string
		for _, in := range got {
			ids = append(ids, in.ID)
			if p := filepath.Join(root, filepath.FromSlash(in.ID)); p != in.Path {
				t.Errorf("Find(%q): ID %q has Path %q, want %q", root, in.ID, in.Path, p)
			}
		}
		want := []string{"a-b.txt", "a/b/c/x.txt", "a/w.txt", "b/y.txt", "z.txt"}
		if !reflect.DeepEqual(ids, want) {
			t.Errorf("Find(%q) IDs = %q, want %q", root, ids, want)
		}
	})
}

func FuzzParseText(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed files: %v", err)
	}
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data[:min(len(data), 300)])
	}
	for _, s := range []string{
		"American Military News 7/3/2025 12:27:12 PM\n\nBody.",
		" date 2025-07-04 Putin Informs Trump\n",
		"Title Of The Story\n· novinite.comUS President said",
		"Published: 2025-07-04T10:00:00+02:00\n",
		"Published: 2025-07-04T10:00:00.5-09:30 Title Text\n",
		"Daily Post 25/12/2025 12:00 AM\r\n",
		"\xef\xbb\xbfHeadline\r\n\r\nBody.\r\n",
		"2200-12-31T23:59:59-14:00\n",
		"1900-01-01T00:00:00+14:00\n",
		"By Jane Doe\n",
		"By JANE DOE | Thursday, July 3, 2025 at 9:30 p.m. UTC\n",
		"By Jane Doe 7/3/2025 12:00 PM\n",
		"Author: Jane Doe\n3 Sept 2025 17:45\n",
		"Title Of It\nBy Jane Doe\nPublished 3 March 2025, 09:00 · Updated 4 March 2025, 14:10\nMarch 2025\n",
		"Updated 10:42 AM EST, Mon March 3, 2025\nMon, 03 Mar 2025 10:42:00 +0000\n",
		"",
		"\xef\xbb\xbf",
		"abc\xff",
		"a\x00b",
	} {
		f.Add([]byte(s))
	}
	minTime := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime := time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)
	sentinels := []error{ErrEmpty, ErrBinary, ErrInvalidUTF8}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := bytes.Clone(data)
		doc, err := ParseText(data)
		if !bytes.Equal(data, in) {
			t.Fatalf("ParseText(%q) changed its input to %q", in, data)
		}
		if err != nil {
			if doc != nil {
				t.Errorf("ParseText(%q) = %+v with error %v, want nil", data, doc, err)
			}
			known := false
			for _, s := range sentinels {
				known = known || errors.Is(err, s)
			}
			if !known {
				t.Errorf("ParseText(%q) error = %v, want one of %v", data, err, sentinels)
			}
			return
		}
		if !bytes.Equal(doc.Text, data) {
			t.Errorf("ParseText(%q).Text = %q, want the input", data, doc.Text)
		}
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			t.Errorf("ParseText(%q) accepted invalid UTF-8 or a NUL byte", data)
		}
		for _, p := range []time.Time{doc.Published, doc.Updated} {
			if !p.IsZero() && (p.Location() != time.UTC || p.Before(minTime) || !p.Before(maxTime)) {
				t.Errorf("ParseText(%q) date %v, want UTC in years 1900 to 2200", data, p)
			}
		}
		checkDates(t, data, doc)
		// A lone CR is not a line end (only LF and CRLF are), so "\r" may
		// be inside a field.
		for field, s := range map[string]string{"Source": doc.Source, "Title": doc.Title, "Author": doc.Author} {
			if !utf8.ValidString(s) || strings.Contains(s, "\n") || s != strings.TrimSpace(s) {
				t.Errorf("ParseText(%q).%s = %q, want one trimmed line", data, field, s)
			}
		}
	})
}

func TestReadPrefix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(path, []byte("hello, world"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, ""}, {5, "hello"}, {12, "hello, world"}, {40, "hello, world"}} {
		got, err := ReadPrefix(nil, path, tc.n)
		if err != nil || string(got) != tc.want {
			t.Errorf("ReadPrefix(nil, %d) = %q, %v; want %q", tc.n, got, err, tc.want)
		}
		// Into a buffer with room: the same bytes, in that buffer.
		buf := make([]byte, 0, 64)
		got, err = ReadPrefix(buf, path, tc.n)
		if err != nil || string(got) != tc.want || len(got) > 0 && &got[0] != &buf[:1][0] {
			t.Errorf("ReadPrefix(buf, %d) = %q, %v; want %q in buf", tc.n, got, err, tc.want)
		}
	}
	if _, err := ReadPrefix(nil, filepath.Join(t.TempDir(), "gone.txt"), 5); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want one that is fs.ErrNotExist", err)
	}
}

// TestReadBuffered checks that ReadBuffered gives what Read gives, reading
// into the buffer it is handed when the file fits and into a new, kept
// buffer when it does not, also for a file Find did not list.
func TestReadBuffered(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.txt")
	large := filepath.Join(dir, "large.txt")
	if err := os.WriteFile(small, []byte("Title: Small\n\nA short text."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(large, bytes.Repeat([]byte("A longer text. "), 40), 0o644); err != nil {
		t.Fatal(err)
	}
	r := NewReader(Options{})
	ins, errs := r.Find([]string{dir})
	if len(errs) > 0 || len(ins) != 2 {
		t.Fatalf("Find: %d inputs, errors %v", len(ins), errs)
	}
	ins = append(ins, Input{ID: "small.txt", Path: small}) // not listed: looked at by name
	for _, in := range ins {
		want, werrs := r.Read(in)
		if len(werrs) > 0 || len(want) != 1 {
			t.Fatalf("Read(%s): %d documents, errors %v", in.Path, len(want), werrs)
		}
		size := len(want[0].Text)
		buf := make([]byte, 0, 200)
		orig := &buf[:1][0]
		got, gerrs := r.ReadBuffered(in, &buf)
		if len(gerrs) > 0 || len(got) != 1 || !reflect.DeepEqual(got[0], want[0]) {
			t.Fatalf("ReadBuffered(%s) = %+v, %v; want %+v", in.Path, got, gerrs, want[0])
		}
		text := &got[0].Text[:1][0]
		if fits := size < 200; fits != (text == orig) || fits != (&buf[:1][0] == orig) {
			t.Errorf("ReadBuffered(%s), %d bytes, buffer of 200: text in the buffer handed in %v, buffer kept %v; want both %v",
				in.Path, size, text == orig, &buf[:1][0] == orig, fits)
		}
		if text != &buf[:1][0] {
			t.Errorf("ReadBuffered(%s): the text is not in the buffer handed back", in.Path)
		}
	}
}

// rooted sets the Root of the inputs, found under root.
func rooted(ins []Input, root string) []Input {
	for i := range ins {
		ins[i].Root = root
	}
	return ins
}
