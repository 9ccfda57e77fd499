package diversity

import (
	"testing"

	"go.uber.org/goleak"
)

// Pairwise works on goroutines of its own: none may outlive a call, even a cancelled one.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
