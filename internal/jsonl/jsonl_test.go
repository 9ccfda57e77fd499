package jsonl_test

import (
	"bufio"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/jsonl"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLines(t *testing.T) {
	var got []string
	var nums []int
	for l, err := range jsonl.Lines(strings.NewReader("{\"a\":1}\r\n\n  {\"b\":2}  \n{\"c\":3}")) {
		require.NoError(t, err)
		got = append(got, string(l.Text))
		nums = append(nums, l.N)
	}
	assert.Equal(t, []string{`{"a":1}`, "", `{"b":2}`, `{"c":3}`}, got)
	assert.Equal(t, []int{1, 2, 3, 4}, nums)
}

func TestLinesTooLong(t *testing.T) {
	in := "{}\n" + strings.Repeat("x", jsonl.MaxLineBytes+1) + "\n{}\n"
	var lines int
	var last error
	var at int
	for l, err := range jsonl.Lines(strings.NewReader(in)) {
		if err != nil {
			last, at = err, l.N
			continue
		}
		lines++
	}
	assert.Equal(t, 1, lines)
	assert.ErrorIs(t, last, bufio.ErrTooLong)
	assert.Equal(t, 2, at, "the error names the line it happened on")
}

func TestLinesBreak(t *testing.T) {
	n := 0
	for range jsonl.Lines(strings.NewReader("1\n2\n3\n")) {
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
}
