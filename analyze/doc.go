// Package analyze turns the TCP connections of one or more captures into
// verdicts: how each connection ended (answered, rst, fin, 5xx-by-proxy,
// silent-drop, open), whether it was a long-poll cut before its heartbeat,
// which declared hop ended it with what confidence and on what evidence,
// and findings that group premature ends by hop, kind and idle time. With
// no topology it still reports ends and infers timers from clusters.
package analyze
