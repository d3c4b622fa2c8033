// Package flowlog reads AWS VPC Flow Logs: an input format, beside the
// loaders of network definitions. It parses records and says what is wrong
// with malformed ones; what the records mean for a network (replaying them
// on its data plane) is package analyzer's business, which imports this one.
//
// Records are in the default (version 2) format
//
//	version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
//
// or in a custom format that a header line of field names announces (S3
// delivery writes one; any order; unknown fields are skipped), the whole
// file possibly gzip-compressed:
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
//
// Parsing does not allocate for IPv4 records: a replay reads millions.
package flowlog
