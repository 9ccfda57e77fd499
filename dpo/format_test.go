package dpo_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/story"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func sampleExamples(system string) []dpo.Example {
	return []dpo.Example{
		{
			System:   system,
			Prompt:   "Sam lent his car to a friend who then crashed it.\n\nIs that moral or immoral? Explain why.",
			Chosen:   "Lending the car was generous; the crash was not the main character's doing.",
			Rejected: "He was careless with his car.",
			PairID:   "7", Gender: story.Male, Source: "0",
		},
		{
			System:   system,
			Prompt:   "Sue lent her car to a friend who then crashed it.\n\nIs that \"moral\" or immoral? Explain why.",
			Chosen:   "Lending the car was generous; the crash was not the main character's doing.",
			Rejected: "She trusted the wrong person <again> & paid for it.",
			PairID:   "7", Gender: story.Female, Source: "0",
		},
	}
}

// TestWriteGolden pins one file per format (with and without a system prompt) and checks that
// each passes Validate: the writer never produces a file its validator rejects.
func TestWriteGolden(t *testing.T) {
	t.Parallel()
	for _, f := range dpo.Formats() {
		for _, system := range []string{"", "You judge stories fairly, whoever the main character is."} {
			name := f.String()
			if system != "" {
				name += "-system"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var buf bytes.Buffer
				require.NoError(t, dpo.Write(&buf, f, sampleExamples(system)))
				assert.NoError(t, dpo.Validate(bytes.NewReader(buf.Bytes()), f), "format %s:\n%s", f, buf.String())
				assert.Equal(t, 2, strings.Count(buf.String(), "\n"))
				for line := range strings.Lines(buf.String()) {
					assert.True(t, json.Valid([]byte(line)), "line %q", line)
				}
				golden := filepath.Join("testdata", "golden", name+".jsonl")
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
					require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test -update to create the golden files")
				assert.Equal(t, string(want), buf.String())
			})
		}
	}
}

func TestWriteSystemPlacement(t *testing.T) {
	t.Parallel()
	ex := sampleExamples("SYS")[:1]
	tests := []struct {
		f    dpo.Format
		want string // a fragment that shows where the system prompt went
	}{
		{dpo.TRL, `{"prompt":"SYS\n\nSam lent`},
		{dpo.SFT, `{"prompt":"SYS\n\nSam lent`},
		{dpo.TRLConversational, `{"prompt":[{"role":"system","content":"SYS"},{"role":"user"`},
		{dpo.OpenAI, `{"input":{"messages":[{"role":"system","content":"SYS"},{"role":"user"`},
		{dpo.SFTMessages, `{"messages":[{"role":"system","content":"SYS"},{"role":"user"`},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		require.NoError(t, dpo.Write(&buf, tt.f, ex))
		assert.True(t, strings.HasPrefix(buf.String(), tt.want), "format %s wrote %s", tt.f, buf.String())
	}
	// A blank system prompt is left out rather than written as an empty message.
	var buf bytes.Buffer
	require.NoError(t, dpo.Write(&buf, dpo.OpenAI, sampleExamples("  ")[:1]))
	assert.NotContains(t, buf.String(), "system")
}

func TestWriteRefuses(t *testing.T) {
	t.Parallel()
	good := sampleExamples("")[0]
	tests := []struct {
		name   string
		f      dpo.Format
		mutate func(*dpo.Example)
		want   error
	}{
		{"blank prompt", dpo.TRL, func(e *dpo.Example) { e.Prompt = " \n" }, dpo.ErrInvalidExample},
		{"blank chosen", dpo.SFT, func(e *dpo.Example) { e.Chosen = "" }, dpo.ErrInvalidExample},
		{"blank rejected", dpo.OpenAI, func(e *dpo.Example) { e.Rejected = "" }, dpo.ErrInvalidExample},
		{"same answers", dpo.TRLConversational, func(e *dpo.Example) { e.Rejected = " " + e.Chosen + "\n" }, dpo.ErrInvalidExample},
		{"same after JSON", dpo.TRL, func(e *dpo.Example) { e.Chosen, e.Rejected = "a\xff", "a\xfe" }, dpo.ErrInvalidExample},
		{"unknown format", dpo.Format(42), func(*dpo.Example) {}, dpo.ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ex := good
			tt.mutate(&ex)
			var buf bytes.Buffer
			err := dpo.Write(&buf, tt.f, []dpo.Example{good, ex})
			assert.ErrorIs(t, err, tt.want)
			assert.Empty(t, buf.String(), "nothing is written when an example is refused")
		})
	}
	// Supervised formats do not need a rejected answer.
	sft := good
	sft.Rejected = ""
	for _, f := range []dpo.Format{dpo.SFT, dpo.SFTMessages} {
		assert.NoError(t, dpo.Write(&bytes.Buffer{}, f, []dpo.Example{sft}), "format %s", f)
	}
	assert.ErrorIs(t, dpo.Write(&bytes.Buffer{}, dpo.TRL, nil), dpo.ErrNoExamples)
}

// TestEncoderMatchesWrite: the Encoder, one line at a time, writes what Write writes.
func TestEncoderMatchesWrite(t *testing.T) {
	t.Parallel()
	ex := sampleExamples("")
	var buf bytes.Buffer
	e := dpo.NewEncoder(&buf, dpo.OpenAI)
	for _, x := range ex {
		require.NoError(t, e.Encode(x))
	}
	assert.Equal(t, 2, e.Count())
	var want bytes.Buffer
	require.NoError(t, dpo.Write(&want, dpo.OpenAI, ex))
	assert.Equal(t, want.String(), buf.String())
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for _, f := range dpo.Formats() {
		got, err := dpo.ParseFormat(f.String())
		require.NoError(t, err)
		assert.Equal(t, f, got)
		b, err := f.MarshalText()
		require.NoError(t, err)
		var back dpo.Format
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, f, back)
	}
	for in, want := range map[string]dpo.Format{
		" OpenAI ": dpo.OpenAI, "together": dpo.OpenAI, "TRL_Conversational": dpo.TRLConversational,
		"trl-conv": dpo.TRLConversational, "SFT_MESSAGES": dpo.SFTMessages,
	} {
		got, err := dpo.ParseFormat(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := dpo.ParseFormat("csv")
	assert.ErrorIs(t, err, dpo.ErrUnknownFormat)
	_, err = dpo.Format(9).MarshalText()
	assert.ErrorIs(t, err, dpo.ErrUnknownFormat)
	assert.Equal(t, "Format(9)", dpo.Format(9).String())
	assert.True(t, dpo.OpenAI.Preference())
	assert.False(t, dpo.SFTMessages.Preference())
}

// FuzzWriteValidate checks the writer's promise on arbitrary text: whatever Write accepts,
// Validate accepts, and the strings read back are the strings written (up to invalid UTF-8).
func FuzzWriteValidate(f *testing.F) {
	f.Add("prompt", "chosen", "rejected", "", uint8(0))
	f.Add("p\u2028\x00\"\\", "c\xff", "c\xfe", "sys\t", uint8(2))
	f.Add("p", " c ", "c", "", uint8(1))
	f.Add("<p>&", "\x7f", "\u00e9", " ", uint8(4))
	f.Fuzz(func(t *testing.T, prompt, chosen, rejected, system string, fi uint8) {
		format := dpo.Formats()[int(fi)%len(dpo.Formats())]
		ex := dpo.Example{System: system, Prompt: prompt, Chosen: chosen, Rejected: rejected}
		var buf bytes.Buffer
		if err := dpo.Write(&buf, format, []dpo.Example{ex}); err != nil {
			if !errors.Is(err, dpo.ErrInvalidExample) {
				t.Fatalf("Write(%s, %+v) = %v; want nil or ErrInvalidExample", format, ex, err)
			}
			return
		}
		if err := dpo.Validate(bytes.NewReader(buf.Bytes()), format); err != nil {
			t.Fatalf("Validate(%s) of a written line = %v\nline: %s", format, err, buf.String())
		}
		if format == dpo.TRL && system == "" {
			var row struct{ Prompt, Chosen, Rejected string }
			if err := json.Unmarshal(buf.Bytes(), &row); err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			if row.Chosen != strings.ToValidUTF8(row.Chosen, "\uFFFD") || !sameAfterJSON(chosen, row.Chosen) {
				t.Fatalf("chosen %q read back as %q", chosen, row.Chosen)
			}
		}
	})
}

// sameAfterJSON compares s with what encoding/json writes and reads back for it.
func sameAfterJSON(s, got string) bool {
	b, err := json.Marshal(s)
	if err != nil {
		return false
	}
	var back string
	return json.Unmarshal(b, &back) == nil && back == got
}

func TestFormatOutOfRange(t *testing.T) {
	t.Parallel()
	for _, f := range []dpo.Format{-1, 5, 1 << 20} {
		assert.Equal(t, fmt.Sprintf("Format(%d)", int(f)), f.String())
		assert.False(t, f.Preference())
		assert.ErrorIs(t, dpo.Write(&bytes.Buffer{}, f, sampleExamples("")), dpo.ErrUnknownFormat)
		assert.ErrorIs(t, dpo.Validate(strings.NewReader("{}\n"), f), dpo.ErrUnknownFormat)
		_, err := dpo.WriteRecords(&bytes.Buffer{}, f, seqOf(nil))
		assert.ErrorIs(t, err, dpo.ErrUnknownFormat)
		assert.ErrorIs(t, dpo.NewEncoder(&bytes.Buffer{}, f).Encode(sampleExamples("")[0]), dpo.ErrUnknownFormat)
	}
}
