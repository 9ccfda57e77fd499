package hosted_test

import (
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/dpo/hosted"
)

// CheckJobOptions checks a job's options as the service would, without a key or a connection:
// examples/finetune runs it on its flags before a dry run or an upload.
func ExampleCheckJobOptions() {
	fmt.Println(hosted.CheckJobOptions(hosted.WithBeta(hosted.Value(1)), hosted.WithEpochs(hosted.Value(3))))
	fmt.Println(hosted.CheckJobOptions(hosted.WithBeta(hosted.Value(-1))))
	fmt.Println(hosted.CheckJobOptions(hosted.WithEpochs(hosted.Value(0))))
	fmt.Println(hosted.CheckJobOptions(hosted.WithSuffix(strings.Repeat("x", 70))) != nil)
	// Output:
	// <nil>
	// hosted: invalid hyperparameter: beta -1: want a positive number or auto
	// hosted: invalid hyperparameter: epochs 0: want a positive whole number or auto
	// true
}
