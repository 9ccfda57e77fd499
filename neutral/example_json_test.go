package neutral_test

import (
	"fmt"

	"github.com/evenhand/evenhand/neutral"
)

func ExampleParseJSONReply() {
	r, ok, err := neutral.ParseJSONReply(`{"explanation_1": "A fair view.", "explanation_2": "A fair view.\n\n---\n*Note: no gendered words.*"}`)
	fmt.Println(ok, err)
	fmt.Printf("%q %q\n", r.Male, r.Female)
	// Output:
	// true <nil>
	// "A fair view." "A fair view."
}
