package jsonl_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/record"
)

// Every reader of the module takes the same options and returns the same errors: here the
// records reader and the results reader, over a line too long for the limit given.
func Example() {
	long := `{"male": {"story": "` + strings.Repeat("x", 200) + `"}}` + "\n"
	opts := []jsonl.ReadOption{jsonl.WithMaxLineBytes(100), jsonl.WithFile("in.jsonl")}
	_, err := record.ReadRecords(strings.NewReader(long), opts...)
	le, ok := errors.AsType[*jsonl.LineError](err)
	fmt.Println(ok, le.File, le.Line, errors.Is(err, jsonl.ErrLineTooLong))
	_, err = eval.ReadResults(strings.NewReader(long), opts...)
	fmt.Println(errors.Is(err, jsonl.ErrLineTooLong))
	fmt.Println(jsonl.MaxLineBytes >> 20)
	// Output:
	// true in.jsonl 1 true
	// true
	// 128
}
