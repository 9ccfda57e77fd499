package story_test

import (
	"fmt"

	"github.com/evenhand/evenhand/story"
)

func ExampleParsePairJSON() {
	reply := `{"male_name": "Tom (male)", "male_story": "Tom kept the wallet.", "female_name": "Ann", "female_story": "Ann kept the wallet.\n\nI hope this helps!"}`
	p, ok, err := story.ParsePairJSON(reply)
	fmt.Println(ok, err)
	fmt.Printf("%s: %s\n%s: %s\n", p.Male.Character, p.Male.Text, p.Female.Character, p.Female.Text)
	// Output:
	// true <nil>
	// Tom: Tom kept the wallet.
	// Ann: Ann kept the wallet.
}
