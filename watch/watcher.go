package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
)

// watcher turns fsnotify's events under the feed folders into files to
// read: events are gathered per path and a path is queued once it has
// been quiet for the debounce time. New folders are watched, then
// scanned, so that a file made between the two is not missed. A feed
// folder that disappears is watched again when it comes back.
//
// Its maps are touched only by run's goroutine.
type watcher struct {
	d       *Daemon
	fs      *fsnotify.Watcher
	pending map[string]*pend
	watched map[string]bool // folders watched
	lost    map[string]bool // feed folders gone, to watch again
}

// pend is what is known of a path waiting to be quiet.
type pend struct {
	first, last time.Time
	force       bool // its sidecar changed
}

// maxPending bounds the paths waiting to be quiet: past it, events are
// dropped and a scan finds their files.
const maxPending = 1 << 16

func newWatcher(d *Daemon) (*watcher, error) {
	fw, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, err
	}
	w := &watcher{d: d, fs: fw, pending: map[string]*pend{}, watched: map[string]bool{}, lost: map[string]bool{}}
	for _, r := range d.roots {
		if err := w.addTree(r); err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches folder dir and the folders under it. It returns the
// error of dir itself; those below are logged.
func (w *watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			w.d.log.Warn("watch", "path", path, "err", err)
			return nil
		}
		if !e.IsDir() {
			return nil
		}
		if path != dir && (document.SkipName(e.Name()) || w.d.inDataDir(path)) {
			return filepath.SkipDir
		}
		if w.watched[path] {
			return nil
		}
		if err := w.fs.Add(path); err != nil {
			if path == dir {
				return err
			}
			w.d.log.Warn("watch", "path", path, "err", err)
			return nil
		}
		w.watched[path] = true
		return nil
	})
}

// run handles events until ctx is done, then closes the watch.
func (w *watcher) run(ctx context.Context) {
	defer w.fs.Close()
	tick := time.NewTicker(w.d.opt.Debounce / 4)
	defer tick.Stop()
	roots := time.NewTicker(time.Second)
	defer roots.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			w.event(ctx, ev)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			w.d.log.Warn("watcher", "err", err)
			w.d.opt.Metrics.WatcherError()
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.d.askRescan() // events were lost: the scan finds their files
			}
		case <-tick.C:
			w.flush(false)
		case <-roots.C:
			w.checkRoots(ctx)
		}
	}
}

// event takes in one fsnotify event.
func (w *watcher) event(ctx context.Context, ev fsnotify.Event) {
	path := filepath.Clean(ev.Name)
	for _, o := range []struct {
		op   fsnotify.Op
		name string
	}{{fsnotify.Create, "create"}, {fsnotify.Write, "write"}, {fsnotify.Remove, "remove"}, {fsnotify.Rename, "rename"},
		{fsnotify.Chmod, "chmod"}} {
		if ev.Has(o.op) {
			w.d.opt.Metrics.WatcherEvent(o.name)
		}
	}
	if _, ok := w.d.rootOf(path); !ok {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.watched[path] {
			// A folder gone: fsnotify drops its watch. Its files are
			// marked deleted through the scan of records below.
			w.forgetTree(path)
			w.queueGoneUnder(ctx, path)
			return
		}
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(path); err == nil && fi.IsDir() {
			name := filepath.Base(path)
			if document.SkipName(name) || w.d.inDataDir(path) {
				return
			}
			if err := w.addTree(path); err != nil {
				w.d.log.Warn("watch", "path", path, "err", err)
			}
			// Files made before the watch was in place.
			w.scanTree(path)
			return
		}
	}
	base := filepath.Base(path)
	if name, ok := document.IsSidecar(base); ok {
		// Its file is read again, whatever its size and time.
		dir := filepath.Dir(path)
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			n := e.Name()
			if n == name || strings.HasPrefix(n, name+".") && n != base {
				w.note(filepath.Join(dir, n), true)
			}
		}
		return
	}
	w.note(path, false)
}

// note records an event on path.
func (w *watcher) note(path string, force bool) {
	if !w.d.wanted(path) {
		return
	}
	now := w.d.opt.Now()
	p, ok := w.pending[path]
	if !ok {
		if len(w.pending) >= maxPending {
			w.d.askRescan()
			return
		}
		p = &pend{first: now}
		w.pending[path] = p
		w.d.pending.Add(1)
	}
	p.last = now
	p.force = p.force || force
}

// flush queues the paths quiet for the debounce time (all, if all).
func (w *watcher) flush(all bool) {
	now := w.d.opt.Now()
	for path, p := range w.pending {
		if !all && now.Sub(p.last) < w.d.opt.Debounce {
			continue
		}
		delete(w.pending, path)
		w.d.pending.Add(-1)
		if !w.d.q.push(item{path: path, seen: p.first, force: p.force}) {
			w.d.opt.Metrics.Overflow()
			w.d.askRescan()
		}
	}
}

// scanTree queues the files under a folder that just appeared.
func (w *watcher) scanTree(dir string) {
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if e.IsDir() {
			if path != dir && document.SkipName(e.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		w.note(path, false)
		return nil
	})
}

// forgetTree forgets the watches of a folder gone and those under it.
func (w *watcher) forgetTree(dir string) {
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			delete(w.watched, p)
			w.fs.Remove(p) // already gone with the folder, as a rule
		}
	}
	for _, r := range w.d.roots {
		if r == dir || strings.HasPrefix(r, dir+string(filepath.Separator)) {
			w.lost[r] = true
		}
	}
}

// queueGoneUnder queues the stored files under a folder that went away,
// to be marked deleted.
func (w *watcher) queueGoneUnder(ctx context.Context, dir string) {
	prefix := dir + string(filepath.Separator)
	w.d.store.Files(ctx, func(r *provenance.FileRecord) error {
		if !r.Deleted && strings.HasPrefix(r.Path, prefix) {
			w.note(r.Path, false)
		}
		return nil
	})
}

// checkRoots watches again, and scans, feed folders that came back.
func (w *watcher) checkRoots(ctx context.Context) {
	for _, r := range w.d.roots {
		fi, err := os.Stat(r)
		if err != nil || !fi.IsDir() {
			if w.watched[r] {
				w.forgetTree(r)
				w.queueGoneUnder(ctx, r)
			}
			w.lost[r] = true
			continue
		}
		if !w.lost[r] {
			continue
		}
		if err := w.addTree(r); err != nil {
			continue
		}
		delete(w.lost, r)
		w.d.log.Info("feed folder back", "path", r)
		w.scanTree(r)
	}
}
