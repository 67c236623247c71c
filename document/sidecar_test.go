package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReader_sidecar(t *testing.T) {
	const text = "Daily Post 7/3/2025 9:15 PM\n\nBody text with a few words.\n"
	const feed = `<rss version="2.0"><channel><title>Wire</title><item><guid>a</guid><description>One item.</description></item><item><guid>b</guid><author>x@y.example (Ann)</author><description>Two items.</description></item></channel></rss>`
	tests := []struct {
		name     string
		file     string // name of the input
		data     string
		sidecars map[string]string // name: content
		want     []string          // per document: source|title|url|author|published
		errs     []string          // text of the errors, in order
	}{
		{name: "none", file: "a.txt", data: text,
			want: []string{"Daily Post||||2025-07-03T21:15:00Z"}},
		{name: "full name overrides the header", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `{"source": " The  Origin ", "title": "T", "url": "https://o.example/a", "author": "Ann", "published": "2025-07-01"}`},
			want:     []string{"The Origin|T|https://o.example/a|Ann|2025-07-01T00:00:00Z day"}},
		{name: "name without extension adds", file: "a.txt", data: text,
			sidecars: map[string]string{"a.meta.json": `{"url": "https://o.example/a"}`},
			want:     []string{"Daily Post||https://o.example/a||2025-07-03T21:15:00Z"}},
		{name: "full name wins over name without extension", file: "a.txt", data: text,
			sidecars: map[string]string{"a.meta.json": `{"source": "Loser"}`, "a.txt.meta.json": `{"source": "Winner"}`},
			want:     []string{"Winner||||2025-07-03T21:15:00Z"}},
		{name: "every item of a feed", file: "f.rss", data: feed,
			sidecars: map[string]string{"f.rss.meta.json": `{"source": "Wire Service"}`},
			want:     []string{"Wire Service||||", "Wire Service|||Ann|"}},
		{name: "unknown key", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `{"sauce": "x"}`},
			want:     []string{"Daily Post||||2025-07-03T21:15:00Z"},
			errs:     []string{`a.txt.meta.json: sidecar: malformed JSON: json: unknown field "sauce"`}},
		{name: "Unix seconds, as JSON documents take them", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `{"published": 1751545632}`},
			want:     []string{"Daily Post||||2025-07-03T12:27:12Z"}},
		{name: "Unix milliseconds", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `{"published": 1751545632000}`},
			want:     []string{"Daily Post||||2025-07-03T12:27:12Z"}},
		{name: "null date", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `{"published": null, "source": "S"}`},
			want:     []string{"S||||2025-07-03T21:15:00Z"}},
		{name: "negative seconds", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `{"published": -5}`},
			want:     []string{"Daily Post||||2025-07-03T21:15:00Z"},
			errs:     []string{"a.txt.meta.json: sidecar: malformed: published -5 is no time"}},
		{name: "date of another type", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `{"published": true}`},
			want:     []string{"Daily Post||||2025-07-03T21:15:00Z"},
			errs:     []string{"a.txt.meta.json: sidecar: malformed: published is a JSON boolean"}},
		{name: "bad date", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `{"published": "yesterday"}`},
			want:     []string{"Daily Post||||2025-07-03T21:15:00Z"},
			errs:     []string{`a.txt.meta.json: sidecar: malformed: cannot read published date "yesterday"`}},
		{name: "not an object", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json": `["source"]`},
			want:     []string{"Daily Post||||2025-07-03T21:15:00Z"},
			errs:     []string{"a.txt.meta.json: sidecar: malformed JSON: json: cannot unmarshal array"}},
		{name: "a folder", file: "a.txt", data: text,
			sidecars: map[string]string{"a.txt.meta.json/": ""},
			want:     []string{"Daily Post||||2025-07-03T21:15:00Z"},
			errs:     []string{"a.txt.meta.json: sidecar: not a regular file"}},
		{name: "file refused: sidecar not read", file: "a.txt", data: "",
			sidecars: map[string]string{"a.txt.meta.json": `{"sauce": "x"}`},
			errs:     []string{"a.txt: empty file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tt.file, tt.data)
			for name, data := range tt.sidecars {
				if strings.HasSuffix(name, "/") {
					if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
						t.Fatal(err)
					}
					continue
				}
				writeFile(t, dir, name, data)
			}
			docs, errs := NewReader(Options{}).Read(Input{Path: path, ID: tt.file})
			var got []string
			for _, d := range docs {
				pub := ""
				if !d.Published.IsZero() {
					pub = d.Published.Format(time.RFC3339)
					if d.PublishedDay {
						pub += " day"
					}
				}
				got = append(got, strings.Join([]string{d.Source, d.Title, d.URL, d.Author, pub}, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("documents:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors = %v, want %q", errs, tt.errs)
			}
			for i, err := range errs {
				if msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""); !strings.Contains(msg, tt.errs[i]) || strings.Contains(msg, "\n") {
					t.Errorf("error %d = %q, want one line with %q", i, msg, tt.errs[i])
				}
			}
		})
	}
}
