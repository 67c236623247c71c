package htmlreport

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is a word of a text: its byte span and its folded form.
type word struct {
	start, end int
	key        string
}

// words splits text into words, runs of letters, digits and marks, with
// their byte spans offset by base. The key folds case and the quotes and
// apostrophes a copy editor changes, so that only changes of words count.
func words(text string, base int) []word {
	var out []word
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, word{start: base + start, end: base + i, key: foldWord(text[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{start: base + start, end: base + len(text), key: foldWord(text[start:])})
	}
	return out
}

func foldWord(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || ('A' <= s[i] && s[i] <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

// maxEdits bounds the edit distance diffWords searches: past it the
// passage is too reworded for a word diff to help, and the words between
// the common head and tail are all marked.
const maxEdits = 1500

// diffWords returns, for each word of a and of b, whether it is in a
// longest common subsequence of the two (true) or was changed (false).
// It is Myers' O((N+M)D) greedy algorithm, after trimming the common head
// and tail; it gives up past maxEdits edits (see there).
func diffWords(a, b []string) (keepA, keepB []bool) {
	keepA, keepB = make([]bool, len(a)), make([]bool, len(b))
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		keepA[head], keepB[head] = true, true
		head++
	}
	ta, tb := len(a), len(b)
	for ta > head && tb > head && a[ta-1] == b[tb-1] {
		ta--
		tb--
		keepA[ta], keepB[tb] = true, true
	}
	myers(a[head:ta], b[head:tb], keepA[head:ta], keepB[head:tb])
	return keepA, keepB
}

// myers marks in keepA and keepB the words of a longest common
// subsequence of a and b, unless it takes more than maxEdits edits.
func myers(a, b []string, keepA, keepB []bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return
	}
	limit := min(n+m, maxEdits)
	// v[k+off] is the furthest x reached on diagonal k (k = x - y);
	// trace[d] is v, on diagonals -d..d, after d edits.
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int
	for d := 0; d <= limit; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: a word of b inserted
			} else {
				x = v[off+k-1] + 1 // right: a word of a deleted
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
				backtrack(trace, n, m, keepA, keepB)
				return
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
}

// backtrack walks Myers' trace back from (n, m), marking the diagonal
// moves: the words both sides keep.
func backtrack(trace [][]int, n, m int, keepA, keepB []bool) {
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		k := x - y
		var px, py int
		if d == 0 {
			px, py = 0, 0
		} else {
			prev := trace[d-1] // diagonals -(d-1)..d-1, at index k+d-1
			at := func(k int) int { return prev[k+d-1] }
			pk := k - 1
			if k == -d || (k != d && at(k-1) < at(k+1)) {
				pk = k + 1
			}
			px = at(pk)
			py = px - pk
		}
		for x > px && y > py {
			x--
			y--
			keepA[x], keepB[y] = true, true
		}
		if d > 0 {
			x, y = px, py
		}
	}
}

// changes returns the byte spans of the words of the two sides of a
// passage that the other side does not have, runs of adjacent changed
// words joined into one span.
func changes(aText string, aBase int, bText string, bBase int) (aSpans, bSpans []span) {
	wa, wb := words(aText, aBase), words(bText, bBase)
	ka, kb := make([]string, len(wa)), make([]string, len(wb))
	for i, w := range wa {
		ka[i] = w.key
	}
	for i, w := range wb {
		kb[i] = w.key
	}
	keepA, keepB := diffWords(ka, kb)
	return runs(wa, keepA), runs(wb, keepB)
}

// runs joins the spans of consecutive words not kept.
func runs(ws []word, keep []bool) []span {
	var out []span
	for i := 0; i < len(ws); i++ {
		if keep[i] {
			continue
		}
		j := i
		for j+1 < len(ws) && !keep[j+1] {
			j++
		}
		out = append(out, span{ws[i].start, ws[j].end})
		i = j
	}
	return out
}

// span is a byte range of a text, end exclusive.
type span struct{ start, end int }
