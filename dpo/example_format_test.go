package dpo_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/evenhand/evenhand/dpo"
)

// ParseFormat reads a format name as a command-line flag or a config file gives it.
func ExampleParseFormat() {
	for _, s := range []string{"trl", "TRL_Conversational", "together", "sft-messages", "csv"} {
		f, err := dpo.ParseFormat(s)
		if err != nil {
			fmt.Printf("%-18s error: %v (ErrUnknownFormat: %t)\n", s, err, errors.Is(err, dpo.ErrUnknownFormat))
			continue
		}
		fmt.Printf("%-18s %s\n", s, f)
	}
	// Output:
	// trl                trl
	// TRL_Conversational trl-conversational
	// together           openai
	// sft-messages       sft-messages
	// csv                error: dpo: unknown format: "csv" (want one of trl, trl-conversational, openai, sft, sft-messages) (ErrUnknownFormat: true)
}

// Preference formats need a rejected answer; supervised ones do not. Formats marshal to their
// names.
func ExampleFormat() {
	for _, f := range dpo.Formats() {
		fmt.Printf("%-18s preference: %t\n", f, f.Preference())
	}
	b, err := json.Marshal(struct{ Format dpo.Format }{dpo.OpenAI})
	fmt.Println(string(b), err)
	// Output:
	// trl                preference: true
	// trl-conversational preference: true
	// openai             preference: true
	// sft                preference: false
	// sft-messages       preference: false
	// {"Format":"openai"} <nil>
}
