package record

import (
	"bytes"
	"os"
	"reflect"
	"testing"
)

// FuzzDecodeRecord checks that decodeRecord (the plain-struct path when it applies) always gives
// what Record.UnmarshalJSON gives: the same record, or an error for the same lines.
func FuzzDecodeRecord(f *testing.F) {
	data, err := os.ReadFile("testdata/released.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	for line := range bytes.Lines(data) {
		f.Add(bytes.TrimSpace(line))
	}
	for _, s := range []string{
		`{}`, `{"id":-0,"example_source":12}`, `{"id":1.0}`, `{"id":01}`, `{"male":null}`, `null`,
		`{"male":{"story":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"}}`, `{"male":{"story":"\ud800"}}`,
		`{"male":{"stance":"Both"},"female":{"stance":"nope"},"pair_id":"x","environment":"e","source":"s"}`,
		`{"Male":{"story":"case"}}`, `{"id":1,"id":2}`, `{"extra":true}`, "{\"male\":{\"story\":\"\xff\"}}",
		`{"male":{"story":"x","story":"y"}}`, `{"m\u0061le":{"st\u006fry":"esc"}}`, ` { "id" : 3 } `,
		`{"environment":"id","source":":","pair_id":"male"}`, `{"male":{"id":1,"story":"{\"id\":2}"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var got, want Record
		gotErr := decodeRecord(b, &got)
		wantErr := want.UnmarshalJSON(b)
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("%q: decodeRecord error %v, UnmarshalJSON error %v", b, gotErr, wantErr)
		}
		if gotErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ndecodeRecord  %#v\nUnmarshalJSON %#v", b, got, want)
		}
	})
}
