package dpo

import (
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/evenhand/evenhand/judge"
)

// decodeRecord reads one JSONL line into rec. Lines in the plain released layout (known fields
// only, each once, with the JSON types Record writes) take a fast hand-written path; anything
// else goes through [Record.UnmarshalJSON], which also gives the errors. Both give the same Record.
func decodeRecord(b []byte, rec *Record) error {
	if fastRecord(b, rec) {
		return nil
	}
	*rec = Record{}
	return json.Unmarshal(b, rec)
}

// fastRecord decodes b into rec and reports whether it could; when it reports false, rec holds
// partial data and the caller must decode b again another way.
func fastRecord(b []byte, rec *Record) bool {
	*rec = Record{}
	d := fastDecoder{b: b, s: string(b)}
	var seen uint8
	ok := d.object(func(key string) bool {
		var bit uint8
		var ok bool
		switch key {
		case "male":
			bit, ok = 1<<0, d.side(&rec.Male)
		case "female":
			bit, ok = 1<<1, d.side(&rec.Female)
		case "example_source":
			bit = 1 << 2
			rec.ExampleSource, ok = d.integer()
		case "id":
			bit = 1 << 3
			rec.ID, ok = d.integer()
		case "environment":
			bit = 1 << 4
			rec.Environment, ok = d.str()
		case "source":
			bit = 1 << 5
			rec.Source, ok = d.str()
		case "pair_id":
			bit = 1 << 6
			rec.PairID, ok = d.str()
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	d.ws()
	return ok && d.i == len(d.b)
}

// fastDecoder reads the subset of JSON that fastRecord accepts. Every method reports false on
// anything outside that subset.
type fastDecoder struct {
	b       []byte
	s       string // b as one string, made once: strings without escapes are slices of it
	i       int
	scratch []byte // reused to unescape strings
}

func (d *fastDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *fastDecoder) consume(c byte) bool {
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// object reads an object, calling field for each key with the decoder at the key's value.
func (d *fastDecoder) object(field func(key string) bool) bool {
	if !d.consume('{') {
		return false
	}
	if d.consume('}') {
		return true
	}
	for {
		d.ws()
		key, ok := d.str()
		if !ok || !d.consume(':') {
			return false
		}
		d.ws()
		if !field(key) {
			return false
		}
		if d.consume('}') {
			return true
		}
		if !d.consume(',') {
			return false
		}
	}
}

func (d *fastDecoder) side(s *Side) bool {
	var seen uint8
	return d.object(func(key string) bool {
		var bit uint8
		var ok bool
		switch key {
		case "story":
			bit = 1 << 0
			s.Story, ok = d.str()
		case "character_name":
			bit = 1 << 1
			s.CharacterName, ok = d.str()
		case "stance":
			bit = 1 << 2
			var v string
			v, ok = d.str()
			s.Stance = judge.ParseStance(v)
		case "explanation":
			bit = 1 << 3
			s.Explanation, ok = d.str()
		case "neutral_explanation":
			bit = 1 << 4
			s.NeutralExplanation, ok = d.str()
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

// integer reads a JSON integer of at most 18 digits.
func (d *fastDecoder) integer() (int, bool) {
	neg := d.i < len(d.b) && d.b[d.i] == '-'
	if neg {
		d.i++
	}
	start := d.i
	n := 0
	for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
		n = n*10 + int(d.b[d.i]-'0')
		d.i++
	}
	digits := d.i - start
	if digits == 0 || digits > 18 || (digits > 1 && d.b[start] == '0') {
		return 0, false
	}
	if d.i < len(d.b) {
		switch d.b[d.i] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	if neg {
		n = -n
	}
	return n, true
}

// str reads a JSON string of valid UTF-8. Escapes are decoded; a \u escape of a lone surrogate
// is left to encoding/json.
func (d *fastDecoder) str() (string, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return "", false
	}
	d.i++
	start := d.i
	ascii := true
	for d.i < len(d.b) {
		for d.i < len(d.b) && plain[d.b[d.i]] {
			d.i++
		}
		if d.i == len(d.b) {
			break
		}
		c := d.b[d.i]
		switch {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			return d.s[start : d.i-1], true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.i++
	}
	return "", false
}

// escaped finishes reading a string that began at start and holds an escape at d.i.
func (d *fastDecoder) escaped(start int) (string, bool) {
	if !utf8.Valid(d.b[start:d.i]) {
		return "", false
	}
	out := append(d.scratch[:0], d.b[start:d.i]...)
	defer func() { d.scratch = out[:0] }()
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			run := d.i
			for d.i < len(d.b) && d.b[d.i] != '"' && d.b[d.i] != '\\' && d.b[d.i] >= 0x20 {
				d.i++
			}
			if !utf8.Valid(d.b[run:d.i]) {
				return "", false
			}
			out = append(out, d.b[run:d.i]...)
			continue
		}
		if d.i+1 >= len(d.b) {
			return "", false
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				if d.i+1 >= len(d.b) || d.b[d.i] != '\\' || d.b[d.i+1] != 'u' {
					return "", false
				}
				d.i += 2
				lo, ok := d.hex4()
				if !ok {
					return "", false
				}
				r = utf16.DecodeRune(r, lo)
				if r == utf8.RuneError {
					return "", false
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (d *fastDecoder) hex4() (rune, bool) {
	if d.i+4 > len(d.b) {
		return 0, false
	}
	var r rune
	for _, c := range d.b[d.i : d.i+4] {
		var v byte
		switch {
		case '0' <= c && c <= '9':
			v = c - '0'
		case 'a' <= c && c <= 'f':
			v = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	d.i += 4
	return r, true
}
