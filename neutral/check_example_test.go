package neutral_test

import (
	"fmt"

	"github.com/evenhand/evenhand/neutral"
)

func ExampleCheck() {
	explanation := "Josh kept the money, but he meant to return it to Mr. Lee."
	for _, f := range neutral.Check(explanation, "Josh", "Mary") {
		fmt.Println(f.Kind, f.Word, f.Offset)
	}
	fmt.Println(len(neutral.Check("The main character kept the money; they meant to return it.", "Josh", "Mary")))
	// Output:
	// name Josh 0
	// pronoun he 25
	// title Mr 50
	// 0
}
