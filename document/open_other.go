//go:build !unix

package document

import (
	"io"
	"os"
)

// openFlags open an input file for reading.
const openFlags = os.O_RDONLY

// loadOpen reads in's file, listed as a regular file: open, look at the
// open file, and (for a file under the limit) read it. It returns
// errLookByName when the file cannot be opened or is not regular.
func (r *Reader) loadOpen(in Input, buf *[]byte) (data []byte, size int64, err error) {
	if in.Root != "" && !r.opt.FollowLinks {
		if err := checkLink(in.Root, in.Path); err != nil {
			return nil, 0, err
		}
	}
	f, err := os.OpenFile(in.Path, openFlags, 0)
	if err != nil {
		return nil, 0, errLookByName
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil, 0, errLookByName
	}
	data, err = readOpen(r, in, f, fi.Size(), buf)
	if err != nil {
		return nil, fi.Size(), err
	}
	return data, fi.Size(), nil
}

// ReadPrefix returns the first n bytes of the file at path, fewer if it is
// shorter: for reading again a file whose size is known. It reads into
// buf if buf has room for n bytes.
func ReadPrefix(buf []byte, path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if int64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	got, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return buf[:got], err
}
