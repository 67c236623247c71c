package lineage

// FindCreditsRef is the reference FindCredits, for the tests of package
// lineage_test.
var FindCreditsRef = findCreditsRef
