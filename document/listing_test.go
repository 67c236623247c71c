package document

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReader_Find_listing: Reader.Find notes which inputs were regular
// files and which folders held no sidecar name; Find notes nothing.
func TestReader_Find_listing(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{
		"plain/a.txt", "plain/b.html",
		"side/a.txt", "side/b.txt", "side/b.txt.meta.json",
		"upper/a.txt", "upper/OTHER.META.JSON",
		"bare/a.txt", "bare/a.meta.json",
	} {
		writeFile(t, root, name, goodInputs[".txt"].data)
	}
	if err := os.Mkdir(filepath.Join(root, "dirside"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "dirside/a.txt", goodInputs[".txt"].data)
	if err := os.Mkdir(filepath.Join(root, "dirside", "x.meta.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join(root, "plain", "a.txt"), filepath.Join(root, "plain", "link.txt"))
	named := writeFile(t, t.TempDir(), "named.txt", goodInputs[".txt"].data)

	want := map[string]listing{
		"plain/a.txt":    listedRegular | listedNoSidecar,
		"plain/b.html":   listedRegular | listedNoSidecar,
		"plain/link.txt": listedNoSidecar, // a link: looked at before it is opened
		"side/a.txt":     listedRegular,   // a sidecar in the folder, if not its own
		"side/b.txt":     listedRegular,
		"upper/a.txt":    listedRegular,
		"bare/a.txt":     listedRegular,
		"dirside/a.txt":  listedRegular,
		"named.txt":      listedRegular, // a file named: its sidecar is looked for
	}
	ins, errs := NewReader(Options{}).Find([]string{root, named})
	if len(errs) != 0 || len(ins) != len(want) {
		t.Fatalf("Reader.Find = %v, %v; want %d inputs", ins, errs, len(want))
	}
	for _, in := range ins {
		if w, ok := want[in.ID]; !ok || in.listed != w {
			t.Errorf("Reader.Find listed %s as %02b, want %02b", in.ID, in.listed, w)
		}
	}
	plain, _ := Find([]string{root, named})
	for _, in := range plain {
		if in.listed != 0 {
			t.Errorf("Find listed %s as %02b, want nothing noted", in.ID, in.listed)
		}
	}
}

// TestReader_listedChangedAfterListing: inputs listed by Reader.Find that
// vanish, become unreadable, or are replaced by a folder or a named pipe
// before they are read give the errors of inputs made by hand, and no read
// waits on a pipe.
func TestReader_listedChangedAfterListing(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"keep", "vanish", "noperm", "dir", "pipe", "big"} {
		writeFile(t, dir, name+".txt", goodInputs[".txt"].data)
	}
	r := NewReader(Options{MaxSize: 1000})
	ins, errs := r.Find([]string{dir})
	if len(ins) != 6 || len(errs) != 0 {
		t.Fatalf("Reader.Find = %v, %v; want 6 inputs", ins, errs)
	}
	path := func(name string) string { return filepath.Join(dir, name+".txt") }
	if err := os.Remove(path("vanish")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path("noperm"), 0); err != nil {
		t.Fatal(err)
	}
	f, openErr := os.Open(path("noperm"))
	if openErr == nil {
		f.Close()
	}
	for _, name := range []string{"dir", "pipe"} {
		if err := os.Remove(path(name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(path("dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	makeSpecial(t, path("pipe"))
	if err := os.WriteFile(path("big"), []byte(strings.Repeat("word ", 300)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, in := range ins {
		hand := Input{Path: in.Path, ID: in.ID, Walked: in.Walked}
		if in.listed&listedRegular == 0 {
			t.Errorf("Reader.Find did not list %s as a regular file", in.ID)
		}
		docs, errs := readInput(t, r, in)
		hdocs, herrs := readInput(t, r, hand)
		if len(docs) != len(hdocs) || len(errs) != len(herrs) {
			t.Fatalf("Read(listed %s) = %d docs, %v; by hand %d docs, %v", in.ID, len(docs), errs, len(hdocs), herrs)
		}
		for i := range errs {
			if errs[i].Error() != herrs[i].Error() {
				t.Errorf("Read(listed %s) error %q, by hand %q", in.ID, errs[i], herrs[i])
			}
		}
		switch strings.TrimSuffix(in.ID, ".txt") {
		case "keep":
			checkOutcome(t, in, docs, errs, outcome{docs: 1})
		case "vanish":
			checkOutcome(t, in, docs, errs, fails(fs.ErrNotExist, "no such file or directory"))
		case "noperm":
			if openErr != nil {
				checkOutcome(t, in, docs, errs, fails(fs.ErrPermission, "permission denied"))
			} else {
				checkOutcome(t, in, docs, errs, outcome{docs: 1})
			}
		case "dir":
			checkOutcome(t, in, docs, errs, fails(ErrNotRegular, "not a regular file: is a directory"))
		case "pipe":
			checkOutcome(t, in, docs, errs, fails(ErrNotRegular, "not a regular file"))
		case "big":
			checkOutcome(t, in, docs, errs, fails(ErrTooLarge, "file too large: 1500 bytes, over the limit of 1000"))
		}
	}
}

// readInput reads in with r, failing the test if that takes more than 10
// seconds.
func readInput(t *testing.T, r *Reader, in Input) ([]*Document, []error) {
	t.Helper()
	type result struct {
		docs []*Document
		errs []error
	}
	done := make(chan result, 1)
	go func() {
		docs, errs := r.Read(in)
		done <- result{docs, errs}
	}()
	select {
	case res := <-done:
		return res.docs, res.errs
	case <-time.After(10 * time.Second):
		t.Fatalf("Read(%s) did not finish in 10s", in.ID)
	}
	return nil, nil
}

// TestReader_listedSidecar: inputs listed by Reader.Find read the same
// sidecars as inputs made by hand, whatever the case of the sidecar's
// name, and none where the folder holds none.
func TestReader_listedSidecar(t *testing.T) {
	const text = "Daily Post 7/3/2025 9:15 PM\n\nBody text with a few words.\n"
	dir := t.TempDir()
	for name, data := range map[string]string{
		"with/a.txt": text, "with/a.txt.meta.json": `{"source": "Full"}`,
		"stem/a.txt": text, "stem/a.meta.json": `{"source": "Stem"}`,
		"bad/a.txt": text, "bad/a.meta.json": `{"sauce": "x"}`,
		"none/a.txt": text,
	} {
		writeFile(t, dir, name, data)
	}
	r := NewReader(Options{})
	ins, errs := r.Find([]string{dir})
	if len(ins) != 4 || len(errs) != 0 {
		t.Fatalf("Reader.Find = %v, %v; want 4 inputs", ins, errs)
	}
	want := map[string]string{"with/a.txt": "Full", "stem/a.txt": "Stem", "bad/a.txt": "Daily Post", "none/a.txt": "Daily Post"}
	for _, in := range ins {
		docs, errs := r.Read(in)
		hdocs, herrs := r.Read(Input{Path: in.Path, ID: in.ID, Walked: in.Walked})
		if len(docs) != 1 || len(hdocs) != 1 {
			t.Fatalf("Read(%s) = %d docs, %v; by hand %d docs, %v", in.ID, len(docs), errs, len(hdocs), herrs)
		}
		if docs[0].Source != want[in.ID] || hdocs[0].Source != want[in.ID] {
			t.Errorf("Read(%s) source = %q, by hand %q, want %q", in.ID, docs[0].Source, hdocs[0].Source, want[in.ID])
		}
		if len(errs) != len(herrs) || in.ID == "bad/a.txt" && len(errs) != 1 {
			t.Errorf("Read(%s) errors = %v, by hand %v", in.ID, errs, herrs)
		}
	}
}

// TestRelPath: the shortcut agrees with filepath.Rel for the paths a walk
// gives.
func TestRelPath(t *testing.T) {
	for _, tt := range [][2]string{
		{"dir", "dir/a.txt"}, {"dir/", "dir/a.txt"}, {"/", "/a.txt"}, {"./dir", "dir/sub/a.txt"},
		{"dir", "dir/sub/b.txt"}, {"a/../dir", "dir/a.txt"}, {".", "a.txt"}, {"dir//", "dir/a.txt"},
	} {
		want, werr := filepath.Rel(tt[0], tt[1])
		got, err := relPath(tt[0], tt[1])
		if got != want || (err == nil) != (werr == nil) {
			t.Errorf("relPath(%q, %q) = %q, %v; want %q, %v", tt[0], tt[1], got, err, want, werr)
		}
	}
}
