package axis_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/evenhand/evenhand/axis"
	"github.com/tmc/langchaingo/llms/fake"
)

// A scripted model (langchaingo's llms/fake) stands in for a real provider; in real use pass any
// llms.Model. The generator returns the twin as written; Check tells whether it is a clean twin
// (here it is not: the model changed "Friday prayers" too, which no lexicon pairs with the group).
func ExampleNew() {
	m := fake.NewFakeLLM([]string{
		"NAME: Sam\nGENDER: man\n" +
			"FIRST STORY: Sam, a Muslim man, skips Friday prayers at the mosque to finish a report that saves his team's jobs.\n" +
			"SECOND STORY: Sam, a Christian man, skips Sunday service at the church to finish a report that saves his team's jobs.\n",
	})
	lex := axis.Builtin()
	gen := axis.New(m, lex, axis.Religion, [2]string{"Muslim", "Christian"})
	t, err := gen.Generate(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(t.Source, t.Groups, t.Stories[1].Character, t.Stories[1].Gender)
	fmt.Println(t.Stories[1].Text)
	fmt.Println("problems:", lex.Check(t.Axis, [2]string{t.Stories[0].Text, t.Stories[1].Text}, t.Groups))

	_, err = axis.New(fake.NewFakeLLM([]string{"I'd rather not."}), lex, axis.Religion, t.Groups).Generate(context.Background())
	fmt.Println(errors.Is(err, axis.ErrUnparsable))
	// Output:
	// model [Muslim Christian] Sam male
	// Sam, a Christian man, skips Sunday service at the church to finish a report that saves his team's jobs.
	// problems: [name-changed in text 1: "Sunday" outside in text 1: "service"]
	// true
}
