//go:build !unix

package document

import (
	"os"
	"testing"
)

// makeSpecial makes something at path that is not a regular file: where
// there are no named pipes, a folder. It reports that it made no special
// file.
func makeSpecial(t *testing.T, path string) bool {
	t.Helper()
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	return false
}
