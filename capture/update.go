package capture

import (
	"bytes"
	"time"
)

// update folds one packet into the connection.
func (c *Conn) update(p *Packet, o *Options) {
	dir := FromServer
	if p.Src == c.Client {
		dir = FromClient
	}
	s, peer := &c.Side[dir], &c.Side[1-dir]
	var gap time.Duration
	if !c.Last.IsZero() {
		gap = p.Time.Sub(c.Last.Time)
		if gap > c.MaxIdle {
			c.MaxIdle, c.MaxIdleAfter = gap, c.Last
		}
	}
	c.handshake(p, dir)
	if s.Trailer == nil && len(p.Trailer) > 8 && !allZero(p.Trailer) {
		s.Trailer = bytes.Clone(p.Trailer[:min(len(p.Trailer), RSTTrailerCopy)])
	}
	s.Packets++
	s.PayloadBytes += int64(p.PayloadLen)
	if p.PayloadLen > 0 {
		s.DataPackets++
	}
	retrans, fresh := s.trackSeq(p)
	if retrans {
		s.Retransmissions++
	}
	peer.answered()
	s.silence(p, retrans, gap, o.SilenceThreshold)
	c.afterClose(p, s, peer, dir, retrans)
	c.ends(p, s, dir, gap)
	if p.PayloadLen > 0 && !retrans && !p.Flags.Has(FlagRST) {
		if dir == FromClient {
			c.turns.clientData(p, fresh, o)
		} else {
			c.turns.serverData(p, fresh, o)
		}
	}
	c.Last = markOf(p)
}

func (c *Conn) handshake(p *Packet, dir Direction) {
	switch {
	case p.Flags&(FlagSYN|FlagACK|FlagRST) == FlagSYN && dir == FromClient:
		if !c.SYNSeen {
			c.SYNSeen, c.isn = true, p.Seq
		}
	case p.Flags&(FlagSYN|FlagACK|FlagRST) == FlagSYN|FlagACK && dir == FromServer:
		c.SYNACKSeen = true
	}
}

// trackSeq advances the side's next sequence number and reports whether the
// packet's whole sequence range was sent before (a retransmission) and how
// many of its payload bytes are new.
func (s *Side) trackSeq(p *Packet) (retrans bool, fresh int) {
	if p.Flags.Has(FlagRST) {
		return false, 0
	}
	segLen := uint32(p.PayloadLen)
	if p.Flags.Has(FlagSYN) {
		segLen++
	}
	if p.Flags.Has(FlagFIN) {
		segLen++
	}
	end := p.Seq + segLen
	if !s.seqKnown {
		s.seqKnown, s.nextSeq = true, end
		return false, p.PayloadLen
	}
	if segLen == 0 {
		return false, 0
	}
	ahead := int32(end - s.nextSeq)
	if ahead <= 0 {
		return true, 0
	}
	s.nextSeq = end
	return false, min(int(ahead), p.PayloadLen)
}

// answered notes that the other side of a pending probe sent something.
func (s *Side) answered() {
	if !s.probe.active {
		return
	}
	if s.SilentDrop.Count > 0 {
		s.SilentDrop.Answered = true
	}
	s.probe.active = false
}

// silence detects a send after an idle gap that is then retransmitted with
// nothing coming back from the other side.
func (s *Side) silence(p *Packet, retrans bool, gap, threshold time.Duration) {
	if p.Flags.Has(FlagRST) || (p.PayloadLen == 0 && !p.Flags.Has(FlagFIN)) {
		return
	}
	switch {
	case retrans && s.probe.active:
		s.dropSeen(p)
	case gap >= threshold:
		s.probe = probe{active: true, seq: p.Seq, sent: markOf(p), gap: gap}
		if retrans { // the original went out before the silence
			s.dropSeen(p)
		}
	}
}

func (s *Side) dropSeen(p *Packet) {
	d := &s.SilentDrop
	if d.Count == 0 {
		d.First, d.Sent, d.GapBefore = markOf(p), s.probe.sent, s.probe.gap
	}
	d.Count++
}

// afterClose counts packets sent after a FIN or RST.
func (c *Conn) afterClose(p *Packet, s, peer *Side, dir Direction, retrans bool) {
	if c.RST != nil {
		s.PacketsAfterRST++
		if p.PayloadLen > 0 {
			s.DataAfterRST++
		}
	}
	if p.PayloadLen == 0 || retrans {
		return
	}
	if !s.FirstFIN.IsZero() {
		s.DataAfterOwnFIN++
	}
	if !peer.FirstFIN.IsZero() {
		s.DataAfterPeerFIN++
	}
}

// ends records the first FIN and RST per side, the connection's first RST
// and its close, and feeds the baseline with non-RST packets.
func (c *Conn) ends(p *Packet, s *Side, dir Direction, gap time.Duration) {
	rst, fin := p.Flags.Has(FlagRST), p.Flags.Has(FlagFIN)
	if rst {
		if s.FirstRST.IsZero() {
			s.FirstRST = markOf(p)
		}
		if c.RST == nil {
			c.RST = newRST(p, s, dir, gap)
		}
	} else {
		s.Baseline.add(p)
	}
	if fin && s.FirstFIN.IsZero() {
		s.FirstFIN = markOf(p)
	}
	if (rst || fin) && c.CloseKind == 0 {
		c.CloseKind, c.Close, c.CloseBy, c.IdleBeforeClose = FlagFIN, markOf(p), dir, gap
		if rst {
			c.CloseKind = FlagRST
		}
	}
}

func newRST(p *Packet, s *Side, dir Direction, gap time.Duration) *RST {
	r := &RST{
		By: dir, Sender: p.Src, Mark: markOf(p),
		TTL: p.TTL, IPID: p.IPID, Window: p.Window, Seq: p.Seq, Ack: p.Ack,
		Flags: p.Flags, Options: p.Options,
		ExpectedSeq: s.nextSeq, SeqKnown: s.seqKnown,
		IdleBefore: gap, PayloadLen: p.PayloadLen, Baseline: s.Baseline,
	}
	if len(p.Payload) > 0 {
		r.Payload = bytes.Clone(p.Payload[:min(len(p.Payload), RSTPayloadCopy)])
	}
	if len(p.Trailer) > 0 {
		r.Trailer = bytes.Clone(p.Trailer[:min(len(p.Trailer), RSTTrailerCopy)])
	}
	return r
}

// allZero reports whether b is Ethernet padding.
func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}
