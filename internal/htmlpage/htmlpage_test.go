package htmlpage

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{"ok": "ok", "a\x00b": "a\uFFFDb", "a\xffb": "a\uFFFDb", "\uFFFE": "\uFFFD"} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q; want %q", in, got, want)
		}
	}
	if got := Shorten("abcdef", 4); got != "abc…" {
		t.Errorf("Shorten = %q", got)
	}
	if got := Shorten("abc", 0); got != "" {
		t.Errorf("Shorten(n=0) = %q", got)
	}
}

// TestPageIsXML renders a small page with the kit's style and chart and reads it back strictly.
func TestPageIsXML(t *testing.T) {
	page := New("p")
	if _, err := page.Parse(`<html xmlns="http://www.w3.org/1999/xhtml"><head><style>
{{template "style"}}</style></head><body>{{template "chart" .}}</body></html>`); err != nil {
		t.Fatal(err)
	}
	c := Chart{Label: "rates <&>", Height: 60, Ticks: Ticks(), Rows: []Row{{Label: Clean("x\x01"), LabelY: 30,
		Bars: []Bar{RateBar("bar overall", "env & co", "", 0.25, [2]float64{0.1, 0.4}, 20, 16, "tip")}}}}
	var buf bytes.Buffer
	if err := page.Execute(&buf, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `data-value="0.25"`) || !strings.Contains(buf.String(), CSS) {
		t.Errorf("page lacks the bar or the style sheet:\n%s", buf.String())
	}
	d := xml.NewDecoder(&buf)
	d.Strict = true
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}
