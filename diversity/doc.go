// Package diversity measures how alike generated stories are: over a finished set, as the
// paper's release does, and against the stories kept so far, to keep near-duplicates out.
//
// The paper's release measures diversity after the fact: it embeds the male stories and the
// female stories separately, takes the cosine similarity of every pair, and reports the mean,
// standard deviation, minimum, maximum and median of those similarities with the most similar
// pairs and a heatmap. [Pairwise] computes these statistics exactly for many vectors without
// keeping the n x n matrix.
package diversity
