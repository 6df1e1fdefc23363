// Package check judges a declared path without any capture: each hop's
// effective idle limit, the hop that ends a silent Ping first, every
// timer that is too short or out of order, kind-specific advice from the
// knowledge base, and a coherent change plan with commands and rollback.
package check
