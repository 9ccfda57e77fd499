package jsonl_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/evenhand/evenhand/internal/jsonl"
)

// FuzzLines checks that Lines partitions its input: the lines' offsets and sizes cover every
// byte after a leading BOM, in order, each Text is its line trimmed, and a line over the limit
// is a *LineError wrapping ErrLineTooLong; UTF-16 input is one *LineError wrapping ErrUTF16.
func FuzzLines(f *testing.F) {
	f.Add([]byte("{\"a\":1}\r\n\n  x  \n{}"), 4)
	f.Add([]byte("{\x00\"\x00a\x00"), 4)
	f.Add([]byte(jsonl.BOM+"\xef\xbb\n"), 2)
	f.Add([]byte("aaaaaaaa\nb"), 3)
	f.Fuzz(func(t *testing.T, in []byte, limit int) {
		limit = 1 + (limit&0xff)%64
		start := int64(0)
		if bytes.HasPrefix(in, []byte(jsonl.BOM)) {
			start = int64(len(jsonl.BOM))
		}
		next := start
		n := 0
		if start == 0 && jsonl.UTF16(in[:min(4, len(in))]) {
			for l, err := range jsonl.Lines(bytes.NewReader(in), jsonl.WithMaxLineBytes(limit)) {
				if n++; n > 1 || l.N != 1 || !errors.Is(err, jsonl.ErrUTF16) {
					t.Fatalf("UTF-16 input: line %d, error %v; want one error wrapping ErrUTF16", l.N, err)
				}
			}
			return
		}
		for l, err := range jsonl.Lines(bytes.NewReader(in), jsonl.WithMaxLineBytes(limit)) {
			n++
			if l.N != n || l.Offset != next {
				t.Fatalf("line %d at %d, want line %d at %d", l.N, l.Offset, n, next)
			}
			if err != nil {
				le, ok := errors.AsType[*jsonl.LineError](err)
				if !ok || le.Line != n || !errors.Is(err, jsonl.ErrLineTooLong) {
					t.Fatalf("error %v is not a LineError for line %d over the limit", err, n)
				}
				return
			}
			raw := in[l.Offset : l.Offset+int64(l.Size)]
			body := bytes.TrimSuffix(bytes.TrimSuffix(raw, []byte("\n")), []byte("\r"))
			if len(body) > limit {
				t.Fatalf("line %d of %d bytes passed a limit of %d", n, len(body), limit)
			}
			if !bytes.Equal(l.Text, bytes.TrimSpace(body)) || l.Ended != bytes.HasSuffix(raw, []byte("\n")) {
				t.Fatalf("line %d: text %q ended %v from %q", n, l.Text, l.Ended, raw)
			}
			next += int64(l.Size)
		}
		if next != int64(len(in)) {
			t.Fatalf("lines cover %d of %d bytes", next, len(in))
		}
	})
}

// FuzzTorn checks that Torn never panics, that every proper prefix of a compact JSON object
// starting with the lead is a torn write, and that a whole object never is.
func FuzzTorn(f *testing.F) {
	f.Add([]byte(`{"male":{"story":"a \"b\" c"},"id":1}`), 9)
	f.Add([]byte("hello world"), 3)
	f.Add([]byte(`{"a":1}`), 4)
	f.Fuzz(func(t *testing.T, in []byte, cut int) {
		_ = jsonl.Torn(in, `{"male":`)
		var v map[string]any
		if json.Unmarshal(in, &v) != nil || v == nil {
			return
		}
		b, err := jsonl.Marshal(v)
		if err != nil {
			return
		}
		lead := string(b[:min(len(b), 5)])
		if jsonl.Torn(b, lead) {
			t.Fatalf("the whole object %q counts as torn", b)
		}
		if k := 1 + (cut&0x7fffffff)%len(b); k < len(b) && len(bytes.TrimSpace(b[:k])) == k && !jsonl.Torn(b[:k], lead) {
			t.Fatalf("the prefix %q of %q does not count as torn", b[:k], b)
		}
	})
}
