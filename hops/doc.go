// Package hops is hopaudit's knowledge base about the boxes on a mobile-mail
// path: for each kind of box (and, where it matters, each vendor) which idle
// timers it has, their defaults with the source of each, whether it forwards
// the client's TCP connection or terminates it, what it does when a timer
// fires, and the exact command that changes each timer.
//
// Adding a vendor means adding one file that declares a Profile and listing
// it in registry.go. Nothing here does I/O; every value is safe for
// concurrent use once built.
package hops
