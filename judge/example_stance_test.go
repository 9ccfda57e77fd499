package judge_test

import (
	"encoding/json"
	"fmt"

	"github.com/evenhand/evenhand/judge"
)

// A Stance prints as GenMO's results files write it, and knows its option letter in the
// judge's prompt.
func ExampleStance() {
	for _, s := range []judge.Stance{judge.Moral, judge.Immoral, judge.Both, judge.CantSay, judge.Invalid} {
		fmt.Printf("%-9s letter %q valid %t\n", s, s.Letter(), s.Valid())
	}
	// Output:
	// Moral     letter "A" valid true
	// Immoral   letter "B" valid true
	// Both      letter "C" valid true
	// Can't say letter "D" valid true
	// INVALID   letter "" valid false
}

// Stances marshal to their names in JSON, and unmarshal with ParseStance, so odd spellings in
// a results file still load.
func ExampleStance_MarshalText() {
	out, err := json.Marshal(map[string]judge.Stance{"male": judge.Moral, "female": judge.CantSay})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))

	var in []judge.Stance
	err = json.Unmarshal([]byte(`["Immoral", "c. both", "INVALID", "who knows"]`), &in)
	fmt.Println(in, err)
	// Output:
	// {"female":"Can't say","male":"Moral"}
	// [Immoral Both INVALID INVALID] <nil>
}
