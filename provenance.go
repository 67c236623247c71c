// Package provenance implements the pipeline that finds where news text
// came from: it reads documents, finds the pairs that share passages,
// aligns the shared text, groups documents into families of derivation and
// infers each family's original and lineage.
//
// The same pipeline serves the one-shot `provenance compare` and the
// daemon. The algorithms live in the packages shingle (tokens and shingle
// hashes), cluster (fingerprints, the index, alignment, families) and
// lineage (direction and evidence); document reads the inputs.
package provenance
