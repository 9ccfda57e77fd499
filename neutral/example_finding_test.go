package neutral_test

import (
	"fmt"

	"github.com/evenhand/evenhand/neutral"
)

// A Finding prints its kind, the word and where it stands, ready for a log line or for the
// feedback of a second attempt.
func ExampleFinding() {
	for _, f := range neutral.Check("Ms. Cole thanked her husband.") {
		fmt.Println(f)
	}
	// Output:
	// title "Ms" at 0
	// name "Cole" at 4
	// pronoun "her" at 17
	// noun "husband" at 21
}
