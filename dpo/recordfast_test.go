package dpo

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// FuzzFastRecord checks the fast decoder against encoding/json: whenever it accepts a line, the
// record is the one Record.UnmarshalJSON gives.
func FuzzFastRecord(f *testing.F) {
	data, err := os.ReadFile("testdata/released.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	for line := range bytes.Lines(data) {
		f.Add(bytes.TrimSpace(line))
	}
	for _, s := range []string{
		`{}`, `{"id":-0,"example_source":12}`, `{"id":1.0}`, `{"id":01}`, `{"male":null}`,
		`{"male":{"story":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"}}`, `{"male":{"story":"\ud800"}}`,
		`{"male":{"stance":"Both"},"female":{"stance":"nope"},"pair_id":"x","environment":"e","source":"s"}`,
		`{"Male":{"story":"case"}}`, `{"id":1,"id":2}`, `{"extra":true}`, "{\"male\":{\"story\":\"\xff\"}}",
		`{"male":{"story":"x","story":"y"}}`, `{"m\u0061le":{"st\u006fry":"esc"}}`, ` { "id" : 3 } `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast Record
		if !fastRecord(b, &fast) {
			return
		}
		var slow Record
		if err := json.Unmarshal(b, &slow); err != nil {
			t.Fatalf("fast decoder accepted %q; encoding/json: %v", b, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q:\nfast %#v\njson %#v", b, fast, slow)
		}
	})
}

func TestFastRecordTakesReleasedLines(t *testing.T) {
	data, err := os.ReadFile("testdata/released.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for line := range bytes.Lines(data) {
		var r Record
		if !fastRecord(bytes.TrimSpace(line), &r) {
			t.Errorf("fast decoder refused %s", line)
		}
	}
	var r Record
	for _, s := range []string{`{"id":1.0}`, `{"male":null}`, `{"extra":1}`, `{"id":1,"id":2}`, `[]`, `{"id":1}x`} {
		if fastRecord([]byte(s), &r) {
			t.Errorf("fast decoder accepted %s; it must leave it to encoding/json", s)
		}
	}
}
