package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spaolacci/murmur3"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/metrics"
)

// update is a file's update on its way to the store.
type update struct {
	up provenance.FileUpdate
	it item
}

// rootOf returns the feed folder path lies in, or false if none, or if
// path is in the data folder.
func (d *Daemon) rootOf(path string) (string, bool) {
	if d.inDataDir(path) {
		return "", false
	}
	best := ""
	for _, r := range d.roots {
		if (path == r || strings.HasPrefix(path, r+string(filepath.Separator))) && len(r) > len(best) {
			best = r
		}
	}
	return best, best != ""
}

// inDataDir reports whether path is in the data folder (which may lie in
// a feed folder) or is the events log.
func (d *Daemon) inDataDir(path string) bool {
	dd, err := filepath.Abs(d.opt.DataDir)
	if err == nil && (path == dd || strings.HasPrefix(path, dd+string(filepath.Separator))) {
		return true
	}
	if d.opt.EventsPath != "" {
		if ev, err := filepath.Abs(d.opt.EventsPath); err == nil && ev == path {
			return true
		}
	}
	return false
}

// wanted reports whether a file found in a feed folder is one to read:
// not skipped by name in any folder on its way from the root, and of a
// known extension.
func (d *Daemon) wanted(path string) bool {
	root, ok := d.rootOf(path)
	if !ok || path == root {
		return false
	}
	rel := path[len(root)+1:]
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if document.SkipName(part) {
			return false
		}
	}
	return document.Readable(path)
}

// reader takes files from the queue, reads them and sends their updates
// to the ingest loop, until ctx is done.
func (d *Daemon) reader(ctx context.Context) {
	for {
		it, err := d.q.pop(ctx)
		if err != nil {
			return
		}
		u := d.look(ctx, it)
		if u == nil {
			d.q.done(it.path)
			continue
		}
		// The loop stores what it is sent, even when ctx is done.
		d.updates <- u
	}
}

// look reads one file and returns its update, or nil if nothing changed.
func (d *Daemon) look(ctx context.Context, it item) *update {
	log := d.log.With("path", it.path)
	m := d.opt.Metrics
	rec, err := d.store.File(ctx, it.path)
	if errors.Is(err, provenance.ErrNotFound) {
		rec = nil
	} else if err != nil {
		// The store cannot be read: the file waits for it.
		if ctx.Err() == nil {
			msg := err.Error()
			d.storeErr.Store(&msg)
			m.Error("store")
			log.Warn("read file record; trying again", "err", err)
			d.laterBy(it, time.Second)
		}
		return nil
	}
	fi, err := os.Stat(it.path)
	if errors.Is(err, fs.ErrNotExist) {
		if rec == nil || rec.Deleted {
			m.FileSkipped("vanished")
			return nil
		}
		gone := *rec
		return &update{up: provenance.FileUpdate{File: &gone, Gone: true}, it: it}
	}
	root, ok := d.rootOf(it.path)
	if !ok {
		return nil
	}
	in := document.Input{Path: it.path, ID: document.FileID(strings.TrimPrefix(it.path, root+string(filepath.Separator))),
		Walked: true, Root: root}
	errUpdate := func(err error) *update {
		m.FileSkipped(fileReason(err))
		m.Error("read")
		return &update{up: provenance.FileUpdate{File: nil, Errors: []error{err}}, it: it}
	}
	if err != nil {
		return errUpdate(&document.FileError{Path: it.path, Err: err})
	}
	if fi.IsDir() {
		return nil
	}
	if rec != nil && !rec.Deleted && !it.force && rec.Size == fi.Size() && rec.MTime.Equal(fi.ModTime()) {
		m.FileSkipped("unchanged")
		return nil
	}
	t := time.Now()
	data, err := d.rd.Load(in)
	m.Read(time.Since(t))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) { // vanished between the look and the read
			m.FileSkipped("vanished")
			return nil
		}
		if document.PassedOver(in, err) { // not text, of no known kind: quietly
			m.FileSkipped(fileReason(err))
			return nil
		}
		return errUpdate(err)
	}
	// A file still being written reads differently from its listing:
	// read it again once it is quiet.
	if fi2, err := os.Stat(it.path); err != nil || fi2.Size() != fi.Size() || !fi2.ModTime().Equal(fi.ModTime()) ||
		int64(len(data)) != fi.Size() {
		d.later(it)
		return nil
	}
	hash := murmur3.Sum64(data)
	nrec := &provenance.FileRecord{Path: it.path, Size: fi.Size(), MTime: fi.ModTime(), Hash: hash}
	if rec != nil && !rec.Deleted && !it.force && rec.Hash == hash {
		// Same bytes: only the record's time changes, so that the next
		// scan need not read it.
		nrec.Items = rec.Items
		m.FileSkipped("same_content")
		return &update{up: provenance.FileUpdate{File: nrec}, it: it}
	}
	docs, errs := d.rd.ReadData(in, data)
	if len(docs) == 0 && len(errs) > 0 {
		m.FileSkipped(fileReason(errs[0]))
		if document.PassedOver(in, errs[0]) {
			errs = nil
		}
	}
	for range errs {
		m.Error("parse")
	}
	old := map[string]provenance.FileItem{}
	if rec != nil {
		for _, x := range rec.Items {
			old[x.ID] = x
		}
		nrec.Items = append(nrec.Items, rec.Items...)
	}
	u := &update{up: provenance.FileUpdate{File: nrec, Errors: errs}, it: it}
	same := 0
	for _, doc := range docs {
		sum := provenance.DocSum(doc)
		if x, ok := old[doc.ID]; ok && x.Sum == sum && x.Seq != 0 && !rec.Deleted {
			same++ // the same item, stored
			continue
		}
		if _, ok := old[doc.ID]; !ok {
			nrec.Items = append(nrec.Items, provenance.FileItem{ID: doc.ID, Sum: sum})
		}
		p := d.engine.Prepare(doc)
		m.Prepared(p.Tokenize, p.Sketch)
		u.up.Docs = append(u.up.Docs, p)
	}
	if same > 0 {
		m.DocumentSkipped("unchanged", same)
	}
	return u
}

// fileReason is the label value of why a file gave no document.
func fileReason(err error) string {
	switch r := metrics.Reason(err); r {
	case "no_text", "duplicate_id":
		return "other"
	default:
		return r
	}
}

// later queues a file again after the debounce time.
func (d *Daemon) later(it item) { d.laterBy(it, d.opt.Debounce) }

// laterBy queues a file again after a pause.
func (d *Daemon) laterBy(it item, pause time.Duration) {
	d.wg.Go(func() {
		time.Sleep(pause)
		if !d.q.push(it) {
			d.askRescan()
		}
	})
}

// askRescan asks the scan loop for a scan.
func (d *Daemon) askRescan() {
	select {
	case d.rescan <- struct{}{}:
	default:
	}
}

// scan walks the feed folders and queues every file to read, waiting
// while the queue is full; files the store knows that are gone are
// queued too, to be marked deleted.
func (d *Daemon) scan(ctx context.Context) error {
	now := d.opt.Now()
	for _, root := range d.roots {
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				if path == root {
					return err
				}
				d.log.Warn("scan", "path", path, "err", err)
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if path != root && e.IsDir() && (document.SkipName(e.Name()) || d.inDataDir(path)) {
				return filepath.SkipDir
			}
			if e.IsDir() || !d.wanted(path) {
				return nil
			}
			return d.q.pushWait(ctx, item{path: path, seen: now})
		})
		if err != nil && ctx.Err() == nil {
			d.log.Warn("scan", "root", root, "err", err)
		}
	}
	var gone []string
	err := d.store.Files(ctx, func(r *provenance.FileRecord) error {
		if r.Deleted {
			return nil
		}
		if _, ok := d.rootOf(r.Path); !ok {
			return nil
		}
		if _, err := os.Lstat(r.Path); errors.Is(err, fs.ErrNotExist) {
			gone = append(gone, r.Path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range gone {
		if err := d.q.pushWait(ctx, item{path: p, seen: now}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// scanLoop scans at start, marks the daemon ready once what the scan
// found is read, and scans again when the queue dropped files.
func (d *Daemon) scanLoop(ctx context.Context) {
	start := time.Now()
	if err := d.scan(ctx); err != nil {
		if ctx.Err() == nil {
			d.log.Error("start-up scan", "err", err)
		}
	}
	for ctx.Err() == nil {
		if n, _ := d.q.stats(); n == 0 && len(d.updates) == 0 {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
	}
	if ctx.Err() != nil {
		return
	}
	d.scanned.Store(true)
	d.log.Info("start-up scan done", "took", time.Since(start).Round(time.Millisecond), "documents", d.engine.Len())
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.rescan:
		}
		d.q.takeOverflow()
		d.log.Warn("files were dropped from a full queue: scanning again")
		if err := d.scan(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("scan", "err", err)
		}
	}
}
