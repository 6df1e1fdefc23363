package capture

import "strconv"

// LinkType is a pcap/pcapng link-layer header type (LINKTYPE_* value).
type LinkType uint16

// Link types decoded by [Decode].
const (
	LinkNull     LinkType = 0   // BSD loopback: 4-byte address family, host byte order
	LinkEthernet LinkType = 1   // Ethernet II, 802.1Q/802.1ad tags allowed
	LinkRawOld12 LinkType = 12  // raw IP as DLT_RAW 12 on some systems
	LinkRawOld14 LinkType = 14  // raw IP as DLT_RAW 14 on some systems
	LinkRaw      LinkType = 101 // raw IPv4 or IPv6, chosen by the version nibble
	LinkLoop     LinkType = 108 // OpenBSD loopback: address family in network byte order
	LinkSLL      LinkType = 113 // Linux cooked capture v1 (tcpdump -i any)
	LinkIPv4     LinkType = 228 // raw IPv4
	LinkIPv6     LinkType = 229 // raw IPv6
	LinkSLL2     LinkType = 276 // Linux cooked capture v2 (tcpdump -i any)
)

// Supported reports whether [Decode] understands the link type.
func (l LinkType) Supported() bool {
	switch l {
	case LinkNull, LinkEthernet, LinkRawOld12, LinkRawOld14, LinkRaw, LinkLoop,
		LinkSLL, LinkIPv4, LinkIPv6, LinkSLL2:
		return true
	}
	return false
}

// String returns the conventional short name, or "linktype N".
func (l LinkType) String() string {
	switch l {
	case LinkNull:
		return "null"
	case LinkEthernet:
		return "ethernet"
	case LinkRawOld12, LinkRawOld14, LinkRaw:
		return "raw"
	case LinkLoop:
		return "loop"
	case LinkSLL:
		return "linux-sll"
	case LinkIPv4:
		return "ipv4"
	case LinkIPv6:
		return "ipv6"
	case LinkSLL2:
		return "linux-sll2"
	}
	return "linktype " + strconv.Itoa(int(l))
}
