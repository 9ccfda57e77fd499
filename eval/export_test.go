package eval

// McNemarExact exposes mcnemarExact to the external tests.
var McNemarExact = mcnemarExact
