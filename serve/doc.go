// Package serve is the responder hopaudit places where a path ends: a test pool
// member behind a load balancer's virtual server, or a backend behind a reverse
// proxy or gateway.
//
// It accepts HTTP and HTTPS requests on any path, holds each one silently for the
// time the request asks (query parameter [HoldParam] or header [HoldHeader], or the
// HeartbeatInterval of an ActiveSync Ping body), capped by [Options.MaxHold], then
// answers 200; on the ActiveSync path the answer is a WBXML Ping Status 1 body.
// A request may instead ask to be ended early without an answer: query parameter
// [CloseParam] ("close=3": a FIN after 3 s) or [ResetParam] ("reset=3": a RST
// after 3 s, by closing with SO_LINGER 0), capped by MaxHold like a hold. This is
// how a lab plays a server that gives up on a held request.
//
// Every connection is logged from the responder's side as one [Event]: the peer
// address it really came from (the SNAT or proxy address), when it arrived, and how
// it ended: answered, closed early by the upstream with a FIN or a RST, ended
// early by the responder as asked ([Closed], [Reset]), and after how long. To
// tell FIN from RST the server owns each connection and speaks HTTP/1.1 itself
// (requests are parsed with net/http's parser): while a request is held a
// background read on the raw connection returns io.EOF for a FIN and ECONNRESET
// for a RST.
//
// TCP keep-alive is off on every accepted connection (a keep-alive probe would reset
// every middlebox idle timer and void the measurement), HTTP keep-alive is off (one
// request per connection), concurrency is bounded by [Options.MaxConns], and
// cancelling the context passed to [Run] or calling [Server.Shutdown] stops cleanly.
package serve
