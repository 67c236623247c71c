package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
)

// eventLog appends events to a JSON Lines file. Events reach it from the
// store's outbox, where each batch kept its own: at start it reads the
// number of the last event it holds, so an event copied before a crash
// but not yet dropped from the outbox is not written twice.
type eventLog struct {
	mu   sync.Mutex
	f    *os.File
	last uint64 // the number of the last event in the file
}

func openEventLog(path string) (*eventLog, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("events log: %w", err)
	}
	last, err := lastSeq(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("events log %s: %w", path, err)
	}
	return &eventLog{f: f, last: last}, nil
}

// lastSeq returns the seq of the last whole line of the file. A line cut
// short by a crash is cut off: its event is still in the store's outbox,
// since events leave it only once the log is synced.
func lastSeq(f *os.File) (uint64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := fi.Size()
	if size == 0 {
		return 0, nil
	}
	n := min(size, 1<<20)
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return 0, err
	}
	if buf[len(buf)-1] != '\n' {
		whole := bytes.LastIndexByte(buf, '\n') + 1 // 0 if none
		if whole == 0 && n < size {
			return 0, fmt.Errorf("its last line is over %d bytes", n)
		}
		if err := f.Truncate(size - n + int64(whole)); err != nil {
			return 0, err
		}
		buf = buf[:whole]
	}
	lines := bytes.Split(bytes.TrimRight(buf, "\n"), []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		var ev struct {
			Seq uint64 `json:"seq"`
		}
		if json.Unmarshal(lines[i], &ev) == nil && ev.Seq > 0 {
			return ev.Seq, nil
		}
	}
	return 0, nil
}

func (l *eventLog) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f.Close()
}

// flushEvents copies the store's outbox to the events log, syncs it, and
// drops what was copied from the outbox.
func (d *Daemon) flushEvents() error {
	l := d.events
	l.mu.Lock()
	defer l.mu.Unlock()
	ctx := context.Background()
	var buf []byte
	var upTo uint64
	last := l.last
	err := d.store.Outbox(ctx, func(n uint64, line []byte) error {
		upTo = n
		if n > last {
			buf = append(buf, line...)
			buf = append(buf, '\n')
			last = n
		}
		return nil
	})
	if err != nil || upTo == 0 {
		return err
	}
	if len(buf) > 0 {
		fi, err := l.f.Stat()
		if err != nil {
			return err
		}
		if _, err := l.f.Write(buf); err != nil {
			// Half a write (a full disk) is cut off, so the lines
			// written again next time start clean.
			l.f.Truncate(fi.Size())
			return err
		}
		if err := l.f.Sync(); err != nil {
			l.f.Truncate(fi.Size())
			return err
		}
		l.last = last
	}
	return d.store.DropEvents(ctx, upTo)
}
