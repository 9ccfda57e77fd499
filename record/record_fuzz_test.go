package record

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/evenhand/evenhand/jsonl"
)

// FuzzReadRecords checks that no input makes ReadRecords or Records panic, that they agree,
// that every error is a *jsonl.LineError naming a line of the input, and that every record read is
// written back by Writer as a line that reads back to the same record (after one round trip has
// normalised its extra fields' JSON).
//
//	go test -run '^$' -fuzz '^FuzzReadRecords$' -fuzztime 10s ./dpo
func FuzzReadRecords(f *testing.F) {
	if data, err := os.ReadFile("testdata/released.jsonl"); err == nil {
		f.Add(data)
		for line := range bytes.Lines(data) {
			f.Add(line)
		}
	}
	for _, s := range []string{
		"", "\n\n", "{}\n", "null\n", "[]\n", "{\"id\":1}\n{\"id\":", `{"id":"7"}`, `{"male":{"stance":17}}`,
		`{"male":{"story":"a"},"extra":{"nested":[1,2,{"x":null}]},"z":1e400}`, "{\"id\":1}\r\n{\"id\":2}",
		`{"id":9007199254740993}`, `{"id":1,"male":{"story":"\u2028\ud800"}}`, "\xef\xbb\xbf{\"id\":1}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ReadRecords(bytes.NewReader(data))
		if err != nil {
			var le *jsonl.LineError
			if !errors.As(err, &le) || le.Line < 1 || le.Line > bytes.Count(data, []byte{'\n'})+1 {
				t.Fatalf("ReadRecords(%q): error %v is not a *jsonl.LineError naming a line of the input", data, err)
			}
		}
		var seq []Record
		var seqErr error
		for r, err := range Records(bytes.NewReader(data)) {
			if err != nil {
				seqErr = err
				break
			}
			seq = append(seq, r)
		}
		if len(seq) != len(recs) || (seqErr == nil) != (err == nil) {
			t.Fatalf("Records and ReadRecords disagree on %q: %d records, %v; %d records, %v", data, len(seq), seqErr, len(recs), err)
		}
		for i := range recs {
			once := roundTrip(t, recs[i])
			if twice := roundTrip(t, once); !reflect.DeepEqual(once, twice) {
				t.Fatalf("record %d of %q does not survive a round trip:\n%#v\n%#v", i, data, once, twice)
			}
			if once.ID != recs[i].ID || once.Male != recs[i].Male || once.Female != recs[i].Female || once.ExampleSource != recs[i].ExampleSource {
				t.Fatalf("record %d of %q changed when written: %#v, then %#v", i, data, recs[i], once)
			}
		}
	})
}

// roundTrip writes r with Writer and reads it back.
func roundTrip(t *testing.T, r Record) Record {
	t.Helper()
	var b bytes.Buffer
	if err := NewWriter(&b).Write(r); err != nil {
		t.Fatalf("Write(%#v): %v", r, err)
	}
	if bytes.Count(b.Bytes(), []byte{'\n'}) != 1 {
		t.Fatalf("Write(%#v) wrote %q: not one line", r, b.Bytes())
	}
	got, err := ReadRecords(&b)
	if err != nil || len(got) != 1 {
		t.Fatalf("reading back %q: %d records, %v", b.Bytes(), len(got), err)
	}
	return got[0]
}
