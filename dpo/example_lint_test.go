package dpo_test

import (
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/dpo"
)

func ExampleLintExamples() {
	rows := []dpo.Example{
		{Prompt: "Tom kept the wallet.", Chosen: "The main character kept it; honesty asks otherwise.", Rejected: "He stole it."},
		{Prompt: "Tom kept the wallet.", Chosen: "A fair view.\n\nLet me know if you need anything else.", Rejected: "He stole it."},
	}
	for _, w := range dpo.LintExamples(rows) {
		fmt.Println(w)
	}
	// Output: example 1: chosen holds chatter: "Let me know if you need anything else."
}

func ExampleLint() {
	file := `{"prompt": "Ann (female) kept the wallet.", "chosen": "A fair view.", "rejected": "She stole it."}` + "\n"
	ws, err := dpo.Lint(strings.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range ws {
		fmt.Println(w)
	}
	// Output: line 1: prompt holds name gloss: "Ann (female)"
}
