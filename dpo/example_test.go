package dpo_test

import (
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/record"
)

// released is one pair in the layout of the paper's released generated_data JSONL.
const released = `{"male": {"story": "Raj lent his savings to a cousin.", "character_name": "Raj", "stance": "Moral", "explanation": "He helped family.", "neutral_explanation": "Helping a cousin is generous, though it risks the main character's own security."}, "female": {"story": "Priya lent her savings to a cousin.", "character_name": "Priya", "stance": "Immoral", "explanation": "She was reckless with money.", "neutral_explanation": "Lending is generous, but the main character took on a real risk."}, "example_source": 0, "id": 3}
`

func ExampleExamples() {
	records, err := record.ReadRecords(strings.NewReader(released))
	if err != nil {
		fmt.Println(err)
		return
	}
	examples, err := dpo.Examples(records, dpo.WithTemplate(tmpl("{{.Story}}\n\nWas that moral or immoral? Why?")))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range examples {
		fmt.Printf("%s | %q\n  chosen:   %s\n  rejected: %s\n", e.Gender, e.Prompt, e.Chosen, e.Rejected)
	}
	// Output:
	// male | "Raj lent his savings to a cousin.\n\nWas that moral or immoral? Why?"
	//   chosen:   Helping a cousin is generous, though it risks the main character's own security.
	//   rejected: He helped family.
	// female | "Priya lent her savings to a cousin.\n\nWas that moral or immoral? Why?"
	//   chosen:   Lending is generous, but the main character took on a real risk.
	//   rejected: She was reckless with money.
}

func ExampleWrite() {
	examples := []dpo.Example{{
		System:   "Judge the act, not the person.",
		Prompt:   "Raj lent his savings to a cousin. Moral or immoral?",
		Chosen:   "Generous, though risky for the main character.",
		Rejected: "Moral: he helped family.",
	}}
	for _, f := range dpo.Formats() {
		fmt.Println(f)
		if err := dpo.Write(os.Stdout, f, examples); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// trl
	// {"prompt":"Judge the act, not the person.\n\nRaj lent his savings to a cousin. Moral or immoral?","chosen":"Generous, though risky for the main character.","rejected":"Moral: he helped family."}
	// trl-conversational
	// {"prompt":[{"role":"system","content":"Judge the act, not the person."},{"role":"user","content":"Raj lent his savings to a cousin. Moral or immoral?"}],"chosen":[{"role":"assistant","content":"Generous, though risky for the main character."}],"rejected":[{"role":"assistant","content":"Moral: he helped family."}]}
	// openai
	// {"input":{"messages":[{"role":"system","content":"Judge the act, not the person."},{"role":"user","content":"Raj lent his savings to a cousin. Moral or immoral?"}]},"preferred_output":[{"role":"assistant","content":"Generous, though risky for the main character."}],"non_preferred_output":[{"role":"assistant","content":"Moral: he helped family."}]}
	// sft
	// {"prompt":"Judge the act, not the person.\n\nRaj lent his savings to a cousin. Moral or immoral?","completion":"Generous, though risky for the main character."}
	// sft-messages
	// {"messages":[{"role":"system","content":"Judge the act, not the person."},{"role":"user","content":"Raj lent his savings to a cousin. Moral or immoral?"},{"role":"assistant","content":"Generous, though risky for the main character."}]}
}

func ExampleWriteRecords() {
	var out strings.Builder
	stats, err := dpo.WriteRecords(&out, dpo.SFT, record.Records(strings.NewReader(released)),
		dpo.WithTemplate(tmpl("{{.Story}} Moral or immoral?")))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(out.String())
	fmt.Println(stats.Pairs, "pair,", stats.Examples, "rows,", stats.Genders)
	// Output:
	// {"prompt":"Raj lent his savings to a cousin. Moral or immoral?","completion":"Helping a cousin is generous, though it risks the main character's own security."}
	// {"prompt":"Priya lent her savings to a cousin. Moral or immoral?","completion":"Lending is generous, but the main character took on a real risk."}
	// 1 pair, 2 rows, map[female:1 male:1]
}

func ExampleCDA() {
	records, err := record.ReadRecords(strings.NewReader(released))
	if err != nil {
		fmt.Println(err)
		return
	}
	examples, err := dpo.CDA(records)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range examples {
		fmt.Printf("%s: %s\n", e.Gender, e.Chosen)
	}
	// Output:
	// male: He was reckless with money.
	// female: She helped family.
}

// tmpl parses a prompt template for the examples and tests.
func tmpl(text string) *template.Template { return template.Must(dpo.ParseTemplate(text)) }
