package dpo_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/jsonl"
)

func TestValidateRules(t *testing.T) {
	t.Parallel()
	const (
		u   = `{"role":"user","content":"p"}`
		s   = `{"role":"system","content":"s"}`
		a1  = `[{"role":"assistant","content":"c"}]`
		a2  = `[{"role":"assistant","content":"r"}]`
		dev = `{"role":"developer","content":"d"}`
	)
	tests := []struct {
		name string
		f    dpo.Format
		line string
		want []string // fragments of the reported problems; none means valid
	}{
		{"trl ok", dpo.TRL, `{"prompt":"p","chosen":"c","rejected":"r","extra":1}`, nil},
		{"trl missing and blank", dpo.TRL, `{"prompt":" ","chosen":"c"}`, []string{`missing field "rejected"`, `field "prompt" is blank`}},
		{"trl wrong types", dpo.TRL, `{"prompt":1,"chosen":null,"rejected":["r"]}`, []string{`"chosen": want a string, got null`, `"rejected": want a string, got a list`, `"prompt": want a string, got a number`}},
		{"trl same answers", dpo.TRL, `{"prompt":"p","chosen":" c","rejected":"c\n"}`, []string{"are the same text"}},
		{"not json", dpo.TRL, `{"prompt":"p",`, []string{"not a JSON object"}},
		{"json array", dpo.SFT, `["prompt","completion"]`, []string{"not a JSON object"}},
		{"json null", dpo.SFT, `null`, []string{"not a JSON object"}},
		{"blank line", dpo.SFT, "  \t", []string{"blank line"}},

		{"conversational ok", dpo.TRLConversational, `{"prompt":[` + s + `,` + u + `],"chosen":` + a1 + `,"rejected":` + a2 + `}`, nil},
		{"conversational prompt ends with assistant", dpo.TRLConversational, `{"prompt":[` + u + `,{"role":"assistant","content":"x"}],"chosen":` + a1 + `,"rejected":` + a2 + `}`, []string{`last message has role "assistant"`}},
		{"conversational two chosen", dpo.TRLConversational, `{"prompt":[` + u + `],"chosen":[{"role":"assistant","content":"c"},{"role":"assistant","content":"d"}],"rejected":` + a2 + `}`, []string{"exactly one assistant message, got 2"}},
		{"conversational chosen from user", dpo.TRLConversational, `{"prompt":[` + u + `],"chosen":[` + u + `],"rejected":` + a2 + `}`, []string{`"chosen": message has role "user"`}},
		{"conversational bad role and late system", dpo.TRLConversational, `{"prompt":[` + u + `,{"role":"robot","content":"x"},` + s + `,` + u + `],"chosen":` + a1 + `,"rejected":` + a2 + `}`, []string{`unknown role "robot"`}},
		{"conversational late system", dpo.TRLConversational, `{"prompt":[` + u + `,` + s + `,` + u + `],"chosen":` + a1 + `,"rejected":` + a2 + `}`, []string{"system message at position 1"}},
		{"conversational same answers", dpo.TRLConversational, `{"prompt":[` + u + `],"chosen":` + a1 + `,"rejected":` + a1 + `}`, []string{"are the same text"}},
		{"conversational empty content", dpo.TRLConversational, `{"prompt":[{"role":"user","content":""}],"chosen":` + a1 + `,"rejected":` + a2 + `}`, []string{`prompt[0]: field "content" is blank`}},
		{"conversational content parts", dpo.TRLConversational, `{"prompt":[{"role":"user","content":[{"type":"text","text":"p"}]}],"chosen":` + a1 + `,"rejected":` + a2 + `}`, []string{`"content": want a string, got a list`}},

		{"openai ok with developer", dpo.OpenAI, `{"input":{"messages":[` + dev + `,` + u + `]},"preferred_output":` + a1 + `,"non_preferred_output":` + a2 + `}`, nil},
		{"openai last input from assistant", dpo.OpenAI, `{"input":{"messages":[` + u + `,{"role":"assistant","content":"x"}]},"preferred_output":` + a1 + `,"non_preferred_output":` + a2 + `}`, []string{"last input message is from the assistant"}},
		{"openai missing outputs", dpo.OpenAI, `{"input":{"messages":[` + u + `]}}`, []string{`missing field "preferred_output"`, `missing field "non_preferred_output"`}},
		{"openai two outputs", dpo.OpenAI, `{"input":{"messages":[` + u + `]},"preferred_output":[{"role":"assistant","content":"c"},{"role":"assistant","content":"c2"}],"non_preferred_output":` + a2 + `}`, []string{"exactly one assistant message, got 2"}},
		{"openai empty output list", dpo.OpenAI, `{"input":{"messages":[` + u + `]},"preferred_output":[],"non_preferred_output":` + a2 + `}`, []string{`"preferred_output": no messages`}},
		{"openai input not object", dpo.OpenAI, `{"input":[` + u + `],"preferred_output":` + a1 + `,"non_preferred_output":` + a2 + `}`, []string{`"input": want an object, got a list`}},
		{"openai no messages", dpo.OpenAI, `{"input":{},"preferred_output":` + a1 + `,"non_preferred_output":` + a2 + `}`, []string{`missing field "messages"`}},
		{"openai same outputs", dpo.OpenAI, `{"input":{"messages":[` + u + `]},"preferred_output":` + a2 + `,"non_preferred_output":` + a2 + `}`, []string{"are the same text"}},

		{"sft ok", dpo.SFT, `{"prompt":"p","completion":"c"}`, nil},
		{"sft missing completion", dpo.SFT, `{"prompt":"p"}`, []string{`missing field "completion"`}},
		{"sft messages ok", dpo.SFTMessages, `{"messages":[` + s + `,` + u + `,{"role":"assistant","content":"c"}]}`, nil},
		{"sft messages ends with user", dpo.SFTMessages, `{"messages":[` + u + `]}`, []string{`last message has role "user", want "assistant"`}},
		{"sft messages no user", dpo.SFTMessages, `{"messages":[` + s + `,{"role":"assistant","content":"c"}]}`, []string{"no user message"}},
		{"sft messages not a list", dpo.SFTMessages, `{"messages":"hi"}`, []string{`want a list of messages, got a string`}},
		{"sft messages bad element", dpo.SFTMessages, `{"messages":[3,` + u + `]}`, []string{`"messages[0]": want a message object, got a number`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := dpo.Validate(strings.NewReader(tt.line+"\n"), tt.f)
			if tt.want == nil {
				assert.NoError(t, err, "line %s", tt.line)
				return
			}
			require.Error(t, err, "line %s", tt.line)
			assert.ErrorIs(t, err, dpo.ErrInvalidLine)
			var fe *dpo.FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.f, fe.Format)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w, "line %s", tt.line)
			}
			var le *jsonl.LineError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, 1, le.Line)
		})
	}
}

// TestValidateReportsEveryLine checks that every bad line is listed, each with its number.
func TestValidateReportsEveryLine(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		`{"prompt":"p","chosen":"c","rejected":"r"}`,
		`{"prompt":"p","chosen":"c"}`,
		`{"prompt":"p","chosen":"c","rejected":"r"}`,
		``,
		`oops`,
		`{"prompt":"p","chosen":"c","rejected":"c"}`,
	}, "\n")
	err := dpo.Validate(strings.NewReader(in), dpo.TRL)
	require.Error(t, err)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "the error joins one error per bad line: %v", err)
	var lines []int
	for _, e := range joined.Unwrap() {
		var le *jsonl.LineError
		require.ErrorAs(t, e, &le)
		lines = append(lines, le.Line)
	}
	assert.Equal(t, []int{2, 4, 5, 6}, lines)
	assert.Contains(t, err.Error(), "line 2: not a valid trl row: missing field \"rejected\"")
}

func TestValidateLimitsAndEmpty(t *testing.T) {
	t.Parallel()
	assert.ErrorIs(t, dpo.Validate(strings.NewReader(""), dpo.SFT), dpo.ErrNoExamples)
	assert.ErrorIs(t, dpo.Validate(strings.NewReader("{}"), dpo.Format(77)), dpo.ErrUnknownFormat)

	var b bytes.Buffer
	for range dpo.MaxReportedLines + 5 {
		b.WriteString("{}\n")
	}
	err := dpo.Validate(&b, dpo.SFT)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok)
	errs := joined.Unwrap()
	assert.Len(t, errs, dpo.MaxReportedLines+1)
	assert.Contains(t, errs[len(errs)-1].Error(), "5 more bad lines")

	long := `{"prompt":"` + strings.Repeat("x", 1000) + `"}`
	err = dpo.Validate(strings.NewReader(long), dpo.SFT, jsonl.WithMaxLineBytes(1000))
	var le *jsonl.LineError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 1, le.Line)
}

func ExampleValidate() {
	in := `{"prompt":"Is it fair?","chosen":"It depends.","rejected":"It depends."}
{"prompt":"Is it fair?","chosen":"It depends."}
{"prompt":"Is it fair?","chosen":"It depends.","rejected":"No."}
`
	err := dpo.Validate(strings.NewReader(in), dpo.TRL)
	fmt.Println(err)
	fmt.Println(errors.Is(err, dpo.ErrInvalidLine))
	// Output:
	// line 1: not a valid trl row: "chosen" and "rejected" are the same text
	// line 2: not a valid trl row: missing field "rejected"
	// true
}

func FuzzValidate(f *testing.F) {
	f.Add(`{"prompt":"p","chosen":"c","rejected":"r"}`, uint8(0))
	f.Add(`{"input":{"messages":[{"role":"user","content":"p"}]},"preferred_output":[{"role":"assistant","content":"c"}],"non_preferred_output":[]}`, uint8(2))
	f.Add(`{"messages":[{"role":"system"},null,{"content":3}]}`, uint8(4))
	f.Add(`{"prompt":[{"role":"user","content":"p"}],"chosen":[{}],"rejected":null}`, uint8(1))
	f.Fuzz(func(t *testing.T, in string, fi uint8) {
		format := dpo.Formats()[int(fi)%len(dpo.Formats())]
		err := dpo.Validate(strings.NewReader(in), format)
		if err != nil && !errors.Is(err, dpo.ErrInvalidLine) && !errors.Is(err, dpo.ErrNoExamples) {
			var le *jsonl.LineError
			if !errors.As(err, &le) {
				t.Fatalf("Validate(%q, %s) = %v: not a line error", in, format, err)
			}
		}
	})
}
