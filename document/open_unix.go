//go:build unix

package document

import (
	"os"
	"syscall"
)

// openFlags open an input file for reading. A file listed as regular is
// opened before it is looked at; should it have been replaced by a named
// pipe since, O_NONBLOCK keeps the open from waiting for a writer. (For a
// regular file the flag changes nothing, and it spares os.OpenFile the
// calls that switch the descriptor's mode back and forth.)
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
