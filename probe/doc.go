// Package probe holds silent requests open through a real network path and reports
// what ended each one: the answer, a FIN, a RST, an HTTP status from a box in the
// middle, or nothing by the deadline.
//
// A run sends one probe per (target, hold) pair, concurrently and bounded
// ([Options.Concurrency], [MaxProbes], a total deadline). Modes:
//
//   - tcp: connect and stay silent for the hold;
//   - tls: handshake, then stay silent for the hold;
//   - http: ask a hopaudit serve responder to hold the request ([serve.HoldParam])
//     and expect its 200 at the hold;
//   - eas: an ActiveSync Ping with HeartbeatInterval set to the hold against
//     Exchange, expecting Status 1 at the hold.
//
// Several holds in one run form a ladder: [Bracket] brackets the path's shortest
// timer between the longest hold that survived and the shortest that was cut. With
// a plan ([PlanHop], from the server outward) every hop the jump box can reach is
// probed with the same holds and [Verdict] names the hop that holds the short timer.
//
// TCP keep-alive is off on every probe connection (Go turns it on by default and
// a keep-alive would reset every idle timer on the path), HTTP keep-alive is off,
// and no read deadline is shorter than the hold plus [Options.Margin].
package probe
