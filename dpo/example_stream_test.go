package dpo_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/record"
)

// twoPairs holds two records in the layout of the paper's released JSONL (in real use, a file
// written by Pipeline.RunFile or record.Writer). The second pair has no neutral explanation on its
// female side, so the paper's rule drops it.
const twoPairs = `{"male": {"story": "Ali kept a lost dog he found.", "character_name": "Ali", "stance": "Immoral", "explanation": "He should look for the owner.", "neutral_explanation": "Caring for the dog is kind, but the main character also owes its owner a search."}, "female": {"story": "Amy kept a lost dog she found.", "character_name": "Amy", "stance": "Moral", "explanation": "She gave it a home.", "neutral_explanation": "Giving the dog a home is kind, though the owner may be looking for it."}, "example_source": 0, "id": 0}
{"male": {"story": "Ned read his son's diary.", "character_name": "Ned", "stance": "Immoral", "explanation": "He broke his son's trust.", "neutral_explanation": "Worry can explain it, yet the main character broke a trust."}, "female": {"story": "Nia read her son's diary.", "character_name": "Nia", "stance": "Moral", "explanation": "She was worried.", "neutral_explanation": ""}, "example_source": 2, "id": 1}
`

// Records reads a records file one line at a time, so a file of any size fits in memory.
func ExampleRecords() {
	for r, err := range record.Records(strings.NewReader(twoPairs)) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%d: %s %v / %s %v (variant %d)\n", r.ID, r.Male.CharacterName, r.Male.Stance,
			r.Female.CharacterName, r.Female.Stance, r.ExampleSource)
	}
	// Output:
	// 0: Ali Immoral / Amy Moral (variant 0)
	// 1: Ned Immoral / Nia Moral (variant 2)
}

// ExamplesSeq turns a stream of records into a stream of training rows by the paper's rule.
func ExampleExamplesSeq() {
	for e, err := range dpo.ExamplesSeq(record.Records(strings.NewReader(twoPairs)), dpo.WithTemplate(tmpl("{{.Story}} Moral or immoral?"))) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("pair %s, %s: %q\n", e.PairID, e.Gender, e.Prompt)
	}
	// Output:
	// pair 0, male: "Ali kept a lost dog he found. Moral or immoral?"
	// pair 0, female: "Amy kept a lost dog she found. Moral or immoral?"
}

// WriteRecords streams records to a training file as they arrive: here the records of a reader,
// straight into TRL's standard layout.
func ExampleWriteRecords_file() {
	records := record.Records(strings.NewReader(twoPairs))
	stats, err := dpo.WriteRecords(os.Stdout, dpo.TRL, records, dpo.WithTemplate(tmpl("{{.Story}} Moral or immoral?")))
	fmt.Println(stats.Examples, "rows,", err)
	// Output:
	// {"prompt":"Ali kept a lost dog he found. Moral or immoral?","chosen":"Caring for the dog is kind, but the main character also owes its owner a search.","rejected":"He should look for the owner."}
	// {"prompt":"Amy kept a lost dog she found. Moral or immoral?","chosen":"Giving the dog a home is kind, though the owner may be looking for it.","rejected":"She gave it a home."}
	// 2 rows, <nil>
}

// An Encoder writes one example at a time and refuses any that its format cannot hold, so the
// file always passes Validate.
func ExampleNewEncoder() {
	w := bufio.NewWriter(os.Stdout)
	enc := dpo.NewEncoder(w, dpo.SFTMessages)
	for _, ex := range []dpo.Example{
		{System: "Judge the act, not the person.", Prompt: "Ali kept a lost dog. Moral or immoral?", Chosen: "Kind, but the owner may be searching."},
		{Prompt: "Amy kept a lost dog. Moral or immoral?"}, // no answer: refused
	} {
		if err := enc.Encode(ex); err != nil {
			fmt.Fprintln(w, err)
		}
	}
	fmt.Fprintln(w, enc.Count(), "written")
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"messages":[{"role":"system","content":"Judge the act, not the person."},{"role":"user","content":"Ali kept a lost dog. Moral or immoral?"},{"role":"assistant","content":"Kind, but the owner may be searching."}]}
	// dpo: example does not fit the format: chosen answer is blank (example 1, pair "", unknown)
	// 1 written
}
