//go:build !unix

package document

import "os"

// openFlags open an input file for reading.
const openFlags = os.O_RDONLY
