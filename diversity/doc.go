// Package diversity measures how varied a set of generated stories is, and keeps near-duplicates
// out of a dataset while it is being made.
//
// The paper's release measures diversity after the fact: it embeds the male stories and the
// female stories separately, takes the cosine similarity of every pair, and reports the mean,
// standard deviation, minimum, maximum and median of those similarities with the most similar
// pairs and a heatmap. [Pairwise] computes these statistics exactly for many vectors without
// keeping the n x n matrix.
package diversity
