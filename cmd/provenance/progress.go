package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/provenance-dev/provenance/document"
)

// Progress display timing.
const (
	progressDelay    = 500 * time.Millisecond // nothing is shown for runs shorter than this
	progressInterval = 200 * time.Millisecond // the line is redrawn at most this often
)

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	if hw, ok := w.(*helpWriter); ok {
		w = hw.stderr
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress shows how reading goes on one line of a terminal, redrawn in
// place: files and mebibytes (MiB, 2^20 bytes) read of the total, the
// rate, and the time left; then that the documents are being compared. It implements
// document.Progress and is safe for concurrent use.
type progress struct {
	w   io.Writer
	now func() time.Time

	mu                sync.Mutex
	start, drawn      time.Time
	files, totalFiles int
	bytes, totalBytes int64
	shown             bool // a line is on the screen
	comparing         bool
	compareStart      time.Time

	stop chan struct{}
	wg   sync.WaitGroup
}

var _ document.Progress = (*progress)(nil)

// newProgress returns a progress line written to w, timed by now.
func newProgress(w io.Writer, now func() time.Time) *progress {
	return &progress{w: w, now: now, start: now()}
}

// Start redraws the line every progressInterval until [progress.Done],
// so that the time spent comparing shows too.
func (p *progress) Start() {
	p.stop = make(chan struct{})
	p.wg.Go(func() {
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw(false)
				p.mu.Unlock()
			}
		}
	})
}

// Found records the number and size of the files to read.
func (p *progress) Found(files int, bytes int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.totalFiles, p.totalBytes = files, bytes
	p.draw(false)
}

// Read records one file read.
func (p *progress) Read(_ document.Input, bytes int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files++
	p.bytes += bytes
	if p.files >= p.totalFiles {
		p.comparing, p.compareStart = true, p.now()
		p.draw(true)
		return
	}
	p.draw(false)
}

// Done stops the redrawing and clears the line, so that what follows
// starts on a clean line.
func (p *progress) Done() {
	if p.stop != nil {
		close(p.stop)
		p.wg.Wait()
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// draw redraws the line if the run has gone on long enough and the last
// draw is old enough, or at once when force is set (past the delay).
func (p *progress) draw(force bool) {
	now := p.now()
	if now.Sub(p.start) < progressDelay || !force && now.Sub(p.drawn) < progressInterval {
		return
	}
	p.drawn = now
	p.shown = true
	fmt.Fprint(p.w, "\r"+p.line(now)+"\x1b[K")
}

// line is the text of the progress line.
func (p *progress) line(now time.Time) string {
	const mib = 1 << 20
	elapsed := now.Sub(p.start).Seconds()
	var b strings.Builder
	if p.comparing {
		elapsed = p.compareStart.Sub(p.start).Seconds()
	}
	fmt.Fprintf(&b, "reading: %d/%d files, %.1f/%.1f MiB", p.files, p.totalFiles, float64(p.bytes)/mib, float64(p.totalBytes)/mib)
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.bytes) / elapsed
	}
	fmt.Fprintf(&b, ", %.1f MiB/s", rate/mib)
	switch {
	case p.comparing:
		fmt.Fprintf(&b, "; comparing for %s", now.Sub(p.compareStart).Round(time.Second))
	case rate > 0:
		left := time.Duration(float64(p.totalBytes-p.bytes) / rate * float64(time.Second))
		fmt.Fprintf(&b, ", ETA %s", left.Round(time.Second))
	default:
		b.WriteString(", ETA --")
	}
	return b.String()
}
