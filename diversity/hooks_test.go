package diversity

// Test hooks of Pairwise: options only this package's tests can make.

// withSelectCap sets the base of the median's buffer (instead of selectCap); with noBracket,
// the most values kept at once.
func withSelectCap(n int) Option { return optionFunc(func(c *config) { c.selectCap = n }) }

// withNoBracket, when true, skips the sampled bracket, forcing the selection passes.
func withNoBracket(skip bool) Option { return optionFunc(func(c *config) { c.noBracket = skip }) }
