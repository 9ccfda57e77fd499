// Package jsonl is the one JSON Lines mechanism of the module: every reader and writer of
// records, results, training files, checkpoints and state files goes through it, so they share
// one line-size limit, one error type and one treatment of a byte order mark.
//
// # Line-size limit
//
// A line may hold at most [MaxLineBytes] bytes (128 MiB), not counting its end of line. Readers
// refuse a longer line with an error wrapping [ErrLineTooLong] that states the limit and how to
// raise it ([WithMaxLineBytes]); writers ([Append], [Writer]) refuse to write one, so every file
// the module writes is a file it can read back with the default limit.
//
// # Errors
//
// A line that cannot be read is a *[LineError] naming the file (when the reader knows it), the
// line and, when one field is at fault, the field's path ("male.stance").
//
// # Byte order mark
//
// A UTF-8 byte order mark (EF BB BF) at the very start of the input, as Windows editors and
// spreadsheet exports write it, is skipped. Anywhere else it is data. UTF-16 input (with its byte
// order mark, or without one but with the zero bytes of ASCII text in UTF-16) is refused by name
// ([ErrUTF16]) instead of failing on its first character.
package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
)

// MaxLineBytes is the default longest line, in bytes without its end of line, that the module's
// JSONL readers accept and the longest its writers write.
const MaxLineBytes = 128 << 20

// BOM is the UTF-8 byte order mark.
const BOM = "\xef\xbb\xbf"

// ErrUTF16 is wrapped by the error for input in UTF-16 (as some Windows tools save text): the
// module reads UTF-8 only.
var ErrUTF16 = errors.New("the input is UTF-16 text, not UTF-8; convert it first (for example: iconv -f UTF-16 -t UTF-8)")

// UTF16 reports whether head, the first bytes of an input, is UTF-16 text: it starts with a
// UTF-16 byte order mark (FF FE or FE FF), or its first two characters are ASCII in UTF-16
// (every other byte zero), as JSON, CSV or prose saved as UTF-16 without a mark is. Four bytes
// are enough; fewer never count as UTF-16 without a mark.
func UTF16(head []byte) bool {
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return true
	}
	return len(head) >= 4 && asciiUTF16(head)
}

// asciiUTF16 reports whether the first two characters of head, four bytes at least, are ASCII
// text in UTF-16, little- or big-endian: every other byte zero.
func asciiUTF16(head []byte) bool {
	return head[1] == 0 && head[3] == 0 && textByte(head[0]) && textByte(head[2]) || // little-endian
		head[0] == 0 && head[2] == 0 && textByte(head[1]) && textByte(head[3]) // big-endian
}

// textByte reports whether b is an ASCII byte that text may start with: from the tab (0x09) up,
// not a zero byte.
func textByte(b byte) bool { return b >= 0x09 && b < 0x80 }

// Torn reports whether text, the last line of a file that does not end with a newline, is a
// write cut short: the start of a JSON object that is not complete, and that agrees with lead,
// the beginning every line of the file's writer has (`{"male":` for records), as far as either
// goes. Zero bytes at the end (a file a crash extended before its data reached the disk) are
// part of a torn write, and a line of nothing but zero bytes is one. Only such a line may be cut
// off when the file is opened again: anything else (a whole value, prose, another program's
// data) is not a torn write of ours and must be left alone.
func Torn(text []byte, lead string) bool {
	text = bytes.TrimSpace(text)
	if len(text) > 0 && text[len(text)-1] == 0 {
		text = bytes.TrimSpace(bytes.TrimRight(text, "\x00"))
		if len(text) == 0 {
			return true
		}
	}
	if len(text) == 0 || text[0] != '{' {
		return false
	}
	n := min(len(text), len(lead))
	if string(text[:n]) != lead[:n] {
		return false
	}
	var v any
	return errors.Is(json.NewDecoder(bytes.NewReader(text)).Decode(&v), io.ErrUnexpectedEOF)
}

// ErrLineTooLong is wrapped by the error for a line longer than the limit, when reading or writing.
var ErrLineTooLong = errors.New("line too long")

// TooLong is the error for a line (or element) of n bytes over the limit of max; n <= 0 when
// the size is not known. how says how to raise the limit.
func TooLong(n, max int, how string) error {
	size := "more than"
	if n > 0 {
		size = fmt.Sprintf("%d bytes,", n)
		return fmt.Errorf("%w: %s over the limit of %s; %s", ErrLineTooLong, size, human(max), how)
	}
	return fmt.Errorf("%w: %s the limit of %s; %s", ErrLineTooLong, size, human(max), how)
}

// human spells a byte count, exactly ("128 MiB (134217728 bytes)").
func human(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB (%d bytes)", n>>20, n)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB (%d bytes)", n>>10, n)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

const (
	readHow  = "raise it with the reader's WithMaxLineBytes option"
	writeHow = "the module's readers could not read it back (split the text, or write it another way)"
)

// LineError reports a line of a JSONL input that could not be read.
type LineError struct {
	File  string // the file's name, when the reader knows it; set it with [NameFile]
	Line  int    // 1-based line number
	Field string // the path of the field at fault ("male.stance"), when one field is
	Err   error  // what was wrong
}

func (e *LineError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "line %d: ", e.Line)
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unreadable")
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *LineError) Unwrap() error { return e.Err }

// At returns the *LineError for err on line n: a [FieldError] in err's chain gives its Field.
func At(n int, err error) *LineError {
	le := &LineError{Line: n, Err: err}
	if fe, ok := errors.AsType[*FieldError](err); ok && fe == err {
		le.Field, le.Err = fe.Field, fe.Err
	}
	return le
}

// NameFile sets the File of the *[LineError] in err's chain, when it has none, and returns err.
func NameFile(err error, file string) error {
	if le, ok := errors.AsType[*LineError](err); ok && le.File == "" {
		le.File = file
	}
	return err
}

// FieldError is an error about one field of a JSON value.
type FieldError struct {
	Field string // the field's path: "male.stance"
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("field %q: %v", e.Field, e.Err) }

// Unwrap returns e.Err.
func (e *FieldError) Unwrap() error { return e.Err }

// Field returns a *[FieldError] for the field at path; a *FieldError err (from a nested value)
// has its path appended ("male" + "stance" is "male.stance").
func Field(path string, err error) error {
	if fe, ok := err.(*FieldError); ok {
		return &FieldError{Field: path + "." + fe.Field, Err: fe.Err}
	}
	return &FieldError{Field: path, Err: err}
}

// Unmarshal is [json.Unmarshal] whose type errors are *[FieldError]s naming the field and
// saying what was wanted and what came ("want judge.Stance, got JSON number").
func Unmarshal(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		e := fmt.Errorf("want %v, got JSON %s", te.Type, te.Value)
		if te.Field == "" {
			return e
		}
		return &FieldError{Field: te.Field, Err: e}
	}
	return err
}

// Line is one line of input.
type Line struct {
	N      int    // 1-based line number
	Offset int64  // where the line starts in the input, in bytes (a leading BOM counted)
	Size   int    // the line's bytes in the input, its end of line included
	Ended  bool   // whether the line ended with '\n' (the last line of an input may not)
	Text   []byte // the line without its end of line and surrounding white space; valid until the next iteration
}

// Blank reports whether the line holds nothing but white space.
func (l Line) Blank() bool { return len(l.Text) == 0 }

// Option configures a reader.
type Option func(*config)

type config struct {
	max  int
	file string
}

// WithMaxLineBytes sets the longest line a reader accepts; n <= 0 means [MaxLineBytes].
func WithMaxLineBytes(n int) Option { return func(c *config) { c.max = n } }

// WithFile names the file being read, for the errors.
func WithFile(name string) Option { return func(c *config) { c.file = name } }

// Max returns the line-size limit that opts give.
func Max(opts []Option) int { return newConfig(opts).max }

// File returns the file name that opts give ([WithFile]), or "".
func File(opts []Option) string { return newConfig(opts).file }

func newConfig(opts []Option) config {
	c := config{max: MaxLineBytes}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.max <= 0 {
		c.max = MaxLineBytes
	}
	return c
}

// Lines yields every line of r, blank ones included, in order, after skipping a leading BOM. A
// read error, or a line longer than the limit, is yielded once as a *[LineError] with the number
// of the line it happened on, and ends the iteration. The iterator is single-use: it consumes r.
func Lines(r io.Reader, opts ...Option) iter.Seq2[Line, error] {
	c := newConfig(opts)
	return func(yield func(Line, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		var off int64
		if head, err := br.Peek(len(BOM)); err == nil && string(head) == BOM {
			_, _ = br.Discard(len(BOM))
			off = int64(len(BOM))
		} else if head, _ := br.Peek(4); UTF16(head) {
			le := At(1, ErrUTF16)
			le.File = c.file
			yield(Line{N: 1}, le)
			return
		}
		var long []byte // the line so far, when it did not fit in br's buffer
		n := 0
		for {
			chunk, err := br.ReadSlice('\n')
			if errors.Is(err, bufio.ErrBufferFull) {
				if len(long)+len(chunk) > c.max+2 { // +2: room for "\r\n"
					le := At(n+1, TooLong(0, c.max, readHow))
					le.File = c.file
					yield(Line{N: n + 1, Offset: off}, le)
					return
				}
				long = append(long, chunk...)
				continue
			}
			line := chunk
			if long != nil {
				long = append(long, chunk...)
				line = long
			}
			if len(line) > 0 {
				n++
				l := Line{N: n, Offset: off, Size: len(line), Ended: line[len(line)-1] == '\n'}
				body := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
				if len(body) > c.max {
					le := At(n, TooLong(len(body), c.max, readHow))
					le.File = c.file
					yield(l, le)
					return
				}
				l.Text = bytes.TrimSpace(body)
				off += int64(len(line))
				long = long[:0]
				if !yield(l, nil) {
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					le := At(n+1, err)
					le.File = c.file
					yield(Line{N: n + 1, Offset: off}, le)
				}
				return
			}
		}
	}
}

// Records yields the value of every non-blank line of r, decoded by decode, and stops after the
// first error: a read error or one from decode, as a *[LineError] naming the line (and the
// field, when decode returned a [FieldError]). The iterator is single-use: it consumes r.
func Records[T any](r io.Reader, decode func([]byte, *T) error, opts ...Option) iter.Seq2[T, error] {
	c := newConfig(opts)
	return func(yield func(T, error) bool) {
		for l, err := range Lines(r, opts...) {
			var v T
			if err != nil {
				yield(v, err)
				return
			}
			if l.Blank() {
				continue
			}
			if err := decode(l.Text, &v); err != nil {
				le := At(l.N, err)
				le.File = c.file
				var zero T
				yield(zero, le)
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// CheckLine returns an error wrapping [ErrLineTooLong] when line, without its end of line, is
// longer than [MaxLineBytes]: a line the module's readers would refuse.
func CheckLine(line []byte) error {
	n := len(bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r")))
	if n > MaxLineBytes {
		return TooLong(n, MaxLineBytes, writeHow)
	}
	return nil
}

// Append appends v as one JSON line (with its '\n') to dst, without HTML escaping ("<" stays
// "<"). A line longer than [MaxLineBytes] is an error wrapping [ErrLineTooLong] and dst is
// returned unchanged.
func Append(dst []byte, v any) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	out := buf.Bytes()
	if err := CheckLine(out[len(dst):]); err != nil {
		return dst, err
	}
	return out, nil
}

// Marshal is [json.Marshal] without HTML escaping and without a trailing newline.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Writer writes values as JSON lines, each in one Write call, so what it writes holds only whole
// lines until a write fails. It is not safe for concurrent use.
type Writer struct {
	w   io.Writer
	buf []byte
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes v as one line. A value whose line would be longer than [MaxLineBytes] is refused
// (an error wrapping [ErrLineTooLong]) and nothing is written.
func (w *Writer) Write(v any) error {
	var err error
	if w.buf, err = Append(w.buf[:0], v); err != nil {
		return err
	}
	_, err = w.w.Write(w.buf)
	return err
}

// SkipBOM returns r without a leading UTF-8 byte order mark, for readers of whole JSON documents
// and CSV files. UTF-16 input reads as an error wrapping [ErrUTF16].
func SkipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if head, err := br.Peek(len(BOM)); err == nil && string(head) == BOM {
		_, _ = br.Discard(len(BOM))
	} else if head, _ := br.Peek(4); UTF16(head) {
		return errReader{ErrUTF16}
	}
	return br
}

// errReader fails every read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// Collect gathers the values of seq until its first error, which it returns with the values
// before it: the slice form of a reader's iterator (record.ReadRecords of Records, ...).
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
