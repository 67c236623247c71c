package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompare_html writes the seeds' report as one HTML page with -o: the
// family, its lineage drawn, both texts, and nothing fetched from the
// network.
func TestCompare_html(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	code, stdout, stderr := runCmd(t, "compare", "--quiet", "--format", "html", "-o", out, seedDir)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<!DOCTYPE html>", "<svg", "003_4a810195dea697d2.txt", "001_c70f748901129dd0.txt",
		"This article was originally published by Radio Free Europe/Radio Liberty", "Content-Security-Policy"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{`src="http`, `href="http`, "<link rel=\"stylesheet\""} {
		if strings.Contains(page, bad) {
			t.Errorf("the page fetches from the network: %q", bad)
		}
	}
}
