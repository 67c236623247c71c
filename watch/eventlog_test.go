package watch

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOpenEventLog checks that a line cut short by a crash is cut off and
// the last whole line's number is found.
func TestOpenEventLog(t *testing.T) {
	for _, c := range []struct {
		name, content, after string
		last                 uint64
	}{
		{"empty", "", "", 0},
		{"whole", "{\"seq\":1}\n{\"seq\":2}\n", "{\"seq\":1}\n{\"seq\":2}\n", 2},
		{"cut", "{\"seq\":1}\n{\"seq\":2}\n{\"seq\":3,\"ty", "{\"seq\":1}\n{\"seq\":2}\n", 2},
		{"only a cut line", "{\"se", "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "events.jsonl")
			os.WriteFile(path, []byte(c.content), 0o644)
			l, err := openEventLog(path)
			if err != nil {
				t.Fatal(err)
			}
			l.close()
			got, _ := os.ReadFile(path)
			if l.last != c.last || string(got) != c.after {
				t.Errorf("last %d, file %q; want %d, %q", l.last, got, c.last, c.after)
			}
		})
	}
}
