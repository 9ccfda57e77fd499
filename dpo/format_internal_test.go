package dpo

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAppendString checks that the hand-written JSON string encoder writes exactly what
// encoding/json writes with HTML escaping off, and that jsonText predicts what reads back.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "q\"b\\", "\x00\x01\b\f\n\r\t\x1f\x7f", "<&>", "\u2028\u2029", "a\xffb\xc3", "é😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		got := appendString(nil, s)
		if string(got)+"\n" != want.String() {
			t.Fatalf("appendString(%q) = %s; encoding/json writes %s", s, got, want.String())
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		if back != jsonText(s) {
			t.Fatalf("jsonText(%q) = %q; JSON reads back %q", s, jsonText(s), back)
		}
	})
}
