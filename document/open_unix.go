//go:build unix

package document

import (
	"io"
	"os"
	"syscall"
)

// openFlags open an input file for reading. O_NONBLOCK keeps the open of
// a file that has been replaced by a named pipe since it was listed from
// waiting for a writer; for a regular file it changes nothing.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// loadOpen reads in's file, listed as a regular file, through one
// descriptor: open, fstat, and (for a file under the limit) one read. It
// goes by the system calls themselves, which spares what an *os.File
// costs on top (poller registration, allocations, a finalizer). It
// returns errLookByName when the file cannot be opened or is not regular
// (or, where links out of the folder are refused, has become a link).
func (r *Reader) loadOpen(in Input, buf *[]byte) (data []byte, size int64, err error) {
	flags := 0
	if in.Root != "" && !r.opt.FollowLinks {
		flags = syscall.O_NOFOLLOW
	}
	fd, err := openRead(in.Path, flags)
	if err != nil {
		return nil, 0, errLookByName
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	for {
		err = syscall.Fstat(fd, &st)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, 0, errLookByName
	}
	data, err = readOpen(r, in, fdReader(fd), st.Size, buf)
	if err != nil {
		return nil, st.Size, err
	}
	return data, st.Size, nil
}

// openRead opens path for reading (see openFlags), with more flags,
// trying again when interrupted.
func openRead(path string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// fdReader reads a file descriptor as an *os.File would: a read of no
// bytes is the end of the file, and an interrupted read is tried again.
type fdReader int

func (fd fdReader) Read(b []byte) (int, error) {
	for {
		n, err := syscall.Read(int(fd), b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// ReadPrefix returns the first n bytes of the file at path, fewer if it is
// shorter: for reading again a file whose size is known, with one open
// and, in the common case, one read. It reads into buf if buf has room
// for n bytes.
func ReadPrefix(buf []byte, path string, n int64) ([]byte, error) {
	fd, err := openRead(path, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	if int64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	got, err := io.ReadFull(fdReader(fd), buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	return buf[:got], nil
}
