// Package jsonl reads JSON Lines input one line at a time, for the packages that read
// records, results and training files.
package jsonl

import (
	"bufio"
	"bytes"
	"io"
	"iter"
)

// MaxLineBytes is the longest line Lines accepts.
const MaxLineBytes = 16 << 20

// Line is one line of input.
type Line struct {
	N    int    // 1-based line number
	Text []byte // the line without its end of line and surrounding white space; valid until the next iteration
}

// Blank reports whether the line holds nothing but white space.
func (l Line) Blank() bool { return len(l.Text) == 0 }

// Lines yields every line of r, blank ones included, in order. A read error (or a line longer
// than MaxLineBytes) is yielded once, with the number of the line it happened on, and ends the
// iteration. The iterator is single-use: it consumes r.
func Lines(r io.Reader) iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes)
		n := 0
		for sc.Scan() {
			n++
			if !yield(Line{N: n, Text: bytes.TrimSpace(sc.Bytes())}, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			yield(Line{N: n + 1}, err)
		}
	}
}
