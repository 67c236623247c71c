package deploy_test

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/provenance-dev/provenance/metrics"
)

// This file finds the metric names a PromQL expression selects, with a
// small lexer rather than Prometheus's parser (the module
// github.com/prometheus/prometheus is large): enough of PromQL for the
// expressions of the dashboard and the rules, and an error for what it
// does not know rather than a guess.

type tokKind int

const (
	tIdent tokKind = iota
	tNumber
	tString
	tVar // a Grafana variable: $name, ${name}, ${name:fmt}
	tLParen
	tRParen
	tLBrace
	tRBrace
	tLBrack
	tRBrack
	tComma
	tAt
	tOp
)

type token struct {
	kind tokKind
	text string
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// lex splits a PromQL expression into tokens.
func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#': // a comment, to the end of the line
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'' || c == '`':
			j := i + 1
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && c != '`' {
					j++
				}
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated string at %d", i)
			}
			toks = append(toks, token{tString, s[i+1 : j]})
			i = j + 1
		case c == '$':
			j := i + 1
			if j < len(s) && s[j] == '{' {
				k := strings.IndexByte(s[j:], '}')
				if k < 0 {
					return nil, fmt.Errorf("unterminated ${ at %d", i)
				}
				j += k + 1
			} else {
				for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
					j++
				}
			}
			if j == i+1 {
				return nil, fmt.Errorf("lone $ at %d", i)
			}
			toks = append(toks, token{tVar, s[i:j]})
			i = j
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			// Numbers and durations: 0.99, 1e6, 1e+6, 0x1f, 5m, 1h30m.
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j]) || s[j] == '.' ||
				(s[j] == '+' || s[j] == '-') && (s[j-1] == 'e' || s[j-1] == 'E') && !strings.HasPrefix(s[i:], "0x")) {
				j++
			}
			toks = append(toks, token{tNumber, s[i:j]})
			i = j
		case isLetter(c) || c == ':':
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j]) || s[j] == ':') {
				j++
			}
			toks = append(toks, token{tIdent, s[i:j]})
			i = j
		case strings.IndexByte("(){}[],@", c) >= 0:
			toks = append(toks, token{map[byte]tokKind{'(': tLParen, ')': tRParen, '{': tLBrace, '}': tRBrace,
				'[': tLBrack, ']': tRBrack, ',': tComma, '@': tAt}[c], string(c)})
			i++
		default:
			op := ""
			for _, o := range []string{"==", "!=", "<=", ">=", "=~", "!~", "+", "-", "*", "/", "%", "^", "<", ">", "="} {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("unexpected %q at %d", c, i)
			}
			toks = append(toks, token{tOp, op})
			i += len(op)
		}
	}
	return toks, nil
}

var (
	// binary operators and modifiers written as words
	wordOps = map[string]bool{"and": true, "or": true, "unless": true, "bool": true, "offset": true, "atan2": true}
	// keywords followed by a list of label names
	labelListKeywords = map[string]bool{"by": true, "without": true, "on": true, "ignoring": true,
		"group_left": true, "group_right": true}
	// aggregation operators
	aggregations = map[string]bool{"sum": true, "min": true, "max": true, "avg": true, "group": true,
		"stddev": true, "stdvar": true, "count": true, "count_values": true, "bottomk": true, "topk": true,
		"quantile": true, "limitk": true, "limit_ratio": true}
)

// metricNames returns the metric names expr selects, sorted and without
// repeats: identifiers that are not functions, keywords, numbers or
// label names, and the values of __name__="..." matchers.
func metricNames(expr string) ([]string, error) {
	toks, err := lex(expr)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	// skipTo returns the index of the token of kind close that ends the
	// group opened at i (groups of its kind do not nest).
	skipTo := func(i int, close tokKind) (int, error) {
		for j := i + 1; j < len(toks); j++ {
			if toks[j].kind == close {
				return j, nil
			}
			if toks[j].kind == toks[i].kind {
				return 0, fmt.Errorf("%q inside %q", toks[j].text, toks[i].text)
			}
		}
		return 0, fmt.Errorf("unclosed %q", toks[i].text)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case tLBrace: // label matchers: label names, and perhaps __name__
			end, err := skipTo(i, tRBrace)
			if err != nil {
				return nil, err
			}
			for j := i + 1; j+2 < end; j++ {
				if toks[j].kind == tIdent && toks[j].text == "__name__" && toks[j+1].kind == tOp {
					if toks[j+1].text != "=" || toks[j+2].kind != tString {
						return nil, fmt.Errorf("__name__%s: only __name__=\"name\" can be checked", toks[j+1].text)
					}
					seen[toks[j+2].text] = true
				}
			}
			i = end
		case tLBrack: // a range or subquery: durations
			end, err := skipTo(i, tRBrack)
			if err != nil {
				return nil, err
			}
			i = end
		case tIdent:
			next := tokKind(-1)
			if i+1 < len(toks) {
				next = toks[i+1].kind
			}
			switch lower := strings.ToLower(t.text); {
			case wordOps[lower], aggregations[lower]:
			case labelListKeywords[lower]:
				if next == tLParen {
					end, err := skipTo(i+1, tRParen)
					if err != nil {
						return nil, err
					}
					for _, l := range toks[i+2 : end] {
						if l.kind != tIdent && l.kind != tComma {
							return nil, fmt.Errorf("%s (...): %q is not a label name", t.text, l.text)
						}
					}
					i = end
				}
			case next == tLParen: // a function call
			case lower == "inf" || lower == "nan":
			default:
				seen[t.text] = true
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// exportedNames returns the names of the series the daemon exports:
// everything metrics.New registers (with the Go and process collectors),
// and up, which Prometheus adds to every target. A histogram family F
// gives F_bucket, F_sum and F_count (F alone is no series); a summary F
// gives F, F_sum and F_count.
func exportedNames(t *testing.T) map[string]bool {
	t.Helper()
	reg := prometheus.NewRegistry()
	metrics.New(reg, metrics.BuildInfo{Version: "test", Revision: "test", GoVersion: runtime.Version()})
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	names := map[string]bool{"up": true}
	for _, mf := range mfs {
		n := mf.GetName()
		switch mf.GetType().String() {
		case "HISTOGRAM", "GAUGE_HISTOGRAM":
			names[n+"_bucket"], names[n+"_sum"], names[n+"_count"] = true, true, true
		case "SUMMARY":
			names[n], names[n+"_sum"], names[n+"_count"] = true, true, true
		default:
			names[n] = true
		}
	}
	// A sanity check of the set itself, so that a collector that went
	// missing shows here rather than as a puzzling unknown name.
	for _, n := range []string{"provenance_documents_ingested_total", "provenance_file_to_result_seconds_bucket",
		"go_memstats_heap_inuse_bytes", "process_resident_memory_bytes"} {
		if !names[n] {
			t.Fatalf("the registry of metrics.New has no %s", n)
		}
	}
	return names
}

// unknownNames returns the metric names expr selects, and those of them
// the binary does not export.
func unknownNames(expr string, exported map[string]bool) (names, unknown []string, err error) {
	names, err = metricNames(expr)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range names {
		if !exported[n] {
			unknown = append(unknown, n)
		}
	}
	return names, unknown, nil
}
