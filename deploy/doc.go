// Package deploy holds the files operators deploy provenance with, and
// their tests: a Grafana dashboard (grafana/provenance.json), Prometheus
// alerting rules with their unit tests and an example scrape
// configuration (prometheus/). It has no code; the tests check that the
// files load, that the rules behave, and that every metric they name is
// one the binary exports.
package deploy
