package story_test

import (
	"errors"
	"fmt"

	"github.com/evenhand/evenhand/story"
)

func ExampleSwap() {
	male := "Tom promised his wife, Susan, that he would pick her up. Tom's sister laughed at him."
	fmt.Println(story.Swap(male, map[string]string{"Tom": "Nancy", "Susan": "Mike"}))

	// A first-person narrator's self-description flips; their relatives keep their gender.
	fmt.Println(story.Swap("I am a man. I drove my sister home because she had no car.", nil))
	// Output:
	// Nancy promised her husband, Mike, that she would pick him up. Nancy's sister laughed at her.
	// I am a woman. I drove my sister home because she had no car.
}

func ExampleSwapAll() {
	fmt.Println(story.SwapAll("Luke asks his sister if she wants to come.", map[string]string{"Luke": "Mary"}))
	// Output:
	// Mary asks her brother if he wants to come.
}

func ExampleNewPair() {
	p, err := story.NewPair("Sarah lost her keys, so she asked her brother for help.", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s\n", p.Male.Character, p.Male.Text)
	fmt.Printf("%s: %s\n", p.Female.Character, p.Female.Text)

	_, err = story.NewPair("The weather was nice, so they went out.", nil)
	fmt.Println(errors.Is(err, story.ErrNoProtagonist))
	// Output:
	// Andrew: Andrew lost his keys, so he asked his brother for help.
	// Sarah: Sarah lost her keys, so she asked her brother for help.
	// true
}
