package cluster

// CountCommon is countCommon, for the external tests.
var CountCommon = countCommon
