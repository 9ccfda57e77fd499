package record

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/evenhand/evenhand/jsonl"
)

// FuzzReadTwins checks that no input makes ReadTwins panic, that every error is a
// *jsonl.LineError naming a line of the input, and that every twin read is written back by
// TwinWriter as a line that reads back to the same twin (after one round trip has normalised
// its extra fields' JSON).
//
//	go test -run '^$' -fuzz '^FuzzReadTwins$' -fuzztime 10s ./record
func FuzzReadTwins(f *testing.F) {
	for _, s := range []string{
		"", "{}\n", "null\n", `{"axis":"Religion","groups":["Muslim","Christian"],"sides":[{"story":"a"},{"story":"b"}],"id":0}`,
		`{"axis":"Age","groups":["old","young"],"sides":[{"group":"old","stance":"Moral"},{"stance":"Both"}],"x":[1,{"y":null}]}`,
		`{"axis":"Age","groups":["a","b"],"sides":[{},{"stance":17}]}`, `{"axis":"Age","groups":["a",null],"sides":[{},{}]}`,
		"\xef\xbb\xbf{\"axis\":\"Age\",\"groups\":[\"a\",\"b\"],\"sides\":[{},{}],\"id\":1e400}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		twins, err := ReadTwins(bytes.NewReader(data))
		if err != nil {
			var le *jsonl.LineError
			if !errors.As(err, &le) || le.Line < 1 || le.Line > bytes.Count(data, []byte{'\n'})+1 {
				t.Fatalf("ReadTwins(%q): error %v is not a *jsonl.LineError naming a line of the input", data, err)
			}
		}
		for _, tw := range twins {
			var b bytes.Buffer
			if err := NewTwinWriter(&b).Write(tw); err != nil {
				if errors.Is(err, jsonl.ErrLineTooLong) {
					continue
				}
				t.Fatalf("a twin read from %q does not write back: %v", data, err)
			}
			once, err := ReadTwins(bytes.NewReader(b.Bytes()))
			if err != nil || len(once) != 1 {
				t.Fatalf("the line written for %+v does not read back: %v", tw, err)
			}
			var b2 bytes.Buffer
			if err := NewTwinWriter(&b2).Write(once[0]); err != nil {
				t.Fatal(err)
			}
			twice, err := ReadTwins(bytes.NewReader(b2.Bytes()))
			if err != nil || len(twice) != 1 || !reflect.DeepEqual(once[0], twice[0]) {
				t.Fatalf("round trip changed the twin: %+v, then %+v (%v)", once[0], twice, err)
			}
		}
	})
}
