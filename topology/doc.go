// Package topology holds the declared path of a mobile-mail service: the
// hops from the devices to Exchange in order, their addresses and timers,
// and where each capture file was taken. Load reads and validates a YAML
// topology file and reports every problem at once with its line and column.
package topology
