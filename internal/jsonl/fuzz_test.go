package jsonl_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/evenhand/evenhand/internal/jsonl"
)

// FuzzLines checks that Lines partitions its input: the lines' offsets and sizes cover every
// byte after a leading BOM, in order, each Text is its line trimmed, and a line over the limit
// is a *LineError wrapping ErrLineTooLong.
func FuzzLines(f *testing.F) {
	f.Add([]byte("{\"a\":1}\r\n\n  x  \n{}"), 4)
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
