package provenance

// VerifyBatchWords lets tests send components down the path for large
// ones.
var VerifyBatchWords = &verifyBatchWords
