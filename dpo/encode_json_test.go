package dpo_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/dpo"
)

// The rows of each format as encoding/json structs: the reference the Encoder's hand-written
// JSON is held to, byte for byte.
type (
	refMessage struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	}
	refTRL struct {
		Prompt   string `json:"prompt"`
		Chosen   string `json:"chosen"`
		Rejected string `json:"rejected"`
	}
	refTRLChat struct {
		Prompt   []refMessage `json:"prompt"`
		Chosen   []refMessage `json:"chosen"`
		Rejected []refMessage `json:"rejected"`
	}
	refOpenAI struct {
		Input struct {
			Messages []refMessage `json:"messages"`
		} `json:"input"`
		PreferredOutput    []refMessage `json:"preferred_output"`
		NonPreferredOutput []refMessage `json:"non_preferred_output"`
	}
	refSFT struct {
		Prompt     string `json:"prompt"`
		Completion string `json:"completion"`
	}
	refSFTChat struct {
		Messages []refMessage `json:"messages"`
	}
)

// refLine is the line encoding/json's Encoder, HTML escaping off, writes for ex in format f.
func refLine(t *testing.T, f dpo.Format, ex dpo.Example) []byte {
	t.Helper()
	sys := ex.System
	if strings.TrimSpace(sys) == "" {
		sys = ""
	}
	plain := ex.Prompt
	var msgs []refMessage
	if sys != "" {
		plain = sys + "\n\n" + ex.Prompt
		msgs = append(msgs, refMessage{"system", sys})
	}
	msgs = append(msgs, refMessage{"user", ex.Prompt})
	answer := func(s string) []refMessage { return []refMessage{{"assistant", s}} }
	var row any
	switch f {
	case dpo.TRL:
		row = refTRL{plain, ex.Chosen, ex.Rejected}
	case dpo.TRLConversational:
		row = refTRLChat{msgs, answer(ex.Chosen), answer(ex.Rejected)}
	case dpo.OpenAI:
		r := refOpenAI{PreferredOutput: answer(ex.Chosen), NonPreferredOutput: answer(ex.Rejected)}
		r.Input.Messages = msgs
		row = r
	case dpo.SFT:
		row = refSFT{plain, ex.Chosen}
	case dpo.SFTMessages:
		row = refSFTChat{append(msgs, refMessage{"assistant", ex.Chosen})}
	default:
		t.Fatalf("no reference row for %s", f)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(row); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkEncoderJSON fails t when the Encoder's line for ex in format f differs from encoding/json's.
func checkEncoderJSON(t *testing.T, f dpo.Format, ex dpo.Example) {
	t.Helper()
	var buf bytes.Buffer
	if err := dpo.NewEncoder(&buf, f).Encode(ex); err != nil {
		if !errors.Is(err, dpo.ErrInvalidExample) {
			t.Fatalf("Encode(%s, %+v) = %v; want nil or ErrInvalidExample", f, ex, err)
		}
		return
	}
	if want := refLine(t, f, ex); !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("Encode(%s, %+v) wrote\n%q\nencoding/json writes\n%q", f, ex, buf.Bytes(), want)
	}
}

// jsonEdgeTexts are texts at the edges of JSON string escaping.
var jsonEdgeTexts = []string{
	"plain answer",
	`quote " backslash \ slash /`,
	"<b>html</b> & co",
	"\b\f\n\r\t\x00\x01\x1f\x7f end",
	"line\u2028para\u2029 and \u2027\u202a",
	"bad \xff \xfe \xc3 \xe2\x80 \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf end\xe2",
	"\xc3\xa9t\xc3\xa9 \U0001F600 \uFFFD",
}

// TestEncoderMatchesEncodingJSON runs FuzzEncoderJSON's check on the edge texts, in every
// field of every format, with and without a system prompt.
func TestEncoderMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	// Every byte once, so no escape is missed.
	var all strings.Builder
	for c := range 256 {
		all.WriteByte(byte(c))
	}
	texts := append(jsonEdgeTexts, all.String())
	for _, f := range dpo.Formats() {
		for _, s := range texts {
			for _, sys := range []string{"", " ", "sys " + s} {
				checkEncoderJSON(t, f, dpo.Example{System: sys, Prompt: "p " + s, Chosen: "c " + s, Rejected: "r " + s})
				checkEncoderJSON(t, f, dpo.Example{System: sys, Prompt: s, Chosen: "chosen", Rejected: s})
			}
		}
	}
}

// FuzzEncoderJSON holds the Encoder's hand-written JSON to encoding/json's, byte for byte, on
// arbitrary text in every format.
func FuzzEncoderJSON(f *testing.F) {
	for i, s := range jsonEdgeTexts {
		f.Add(s, "chosen "+s, "rejected", "", uint8(i))
		f.Add("prompt", s, s+" no", s, uint8(i+1))
	}
	f.Fuzz(func(t *testing.T, prompt, chosen, rejected, system string, fi uint8) {
		format := dpo.Formats()[int(fi)%len(dpo.Formats())]
		checkEncoderJSON(t, format, dpo.Example{System: system, Prompt: prompt, Chosen: chosen, Rejected: rejected})
	})
}
