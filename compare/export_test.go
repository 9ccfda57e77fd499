package compare

// McNemarExact exposes mcnemarExact to the external tests.
var McNemarExact = mcnemarExact
