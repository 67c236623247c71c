//go:build !unix

package document

import (
	"os"
	"testing"
)

// makeSpecial makes something at path that is not a regular file: where
// there are no named pipes, a folder.
func makeSpecial(t *testing.T, path string) {
	t.Helper()
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
}
