// Package diversity measures how alike generated stories are: over a finished set, as the
// paper's release does, and against the stories kept so far, to keep near-duplicates out.
//
// The paper's release measures diversity after the fact: it embeds the male stories and the
// female stories separately, takes the cosine similarity of every pair, and reports the mean,
// standard deviation, minimum, maximum and median of those similarities with the most similar
// pairs and a heatmap. [Pairwise] computes these statistics exactly for many vectors without
// keeping the n x n matrix.
//
// Stories are embedded with any embeddings.Embedder, called once per batch: for retries,
// Retry-After, rate limits and counts of the calls, wrap a provider's embedder with llmx
// ([llmx.RetryEmbedder], [llmx.LimitEmbedder], [llmx.NewEmbedMeter]) before handing it over.
// [Pairwise], [Embed], [Analyze] and [NewGuard] take the functional options of [Option], as the
// module's configuration rule says (see the root package's documentation).
package diversity
