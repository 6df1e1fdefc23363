//go:build linux

package probe

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Linux packet socket constants (linux/if_packet.h, linux/if_arp.h).
const (
	ethPAll        = 0x0003
	packetOutgoing = 4
	arphrdLoopback = 772
	snapLen        = 65536
	captureLinger  = 300 * time.Millisecond
)

// capturer reads every interface through one AF_PACKET SOCK_DGRAM socket
// (network-layer packets, no libpcap) and writes the packets touching the
// targets to a pcapng file. On loopback each packet is seen twice (outgoing and
// incoming): the outgoing copy is dropped.
type capturer struct {
	fd    int
	f     *os.File
	w     *pcapgo.NgWriter
	set   endpointSet
	stopc chan struct{}
	wg    sync.WaitGroup
	info  CaptureInfo
	err   error
}

// startCapture opens the socket and the file and starts reading.
func startCapture(file string, set endpointSet) (*capturer, error) {
	fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_DGRAM, int(htons(ethPAll)))
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) {
		return nil, fmt.Errorf("%w: %w", errNoPermission, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open AF_PACKET socket: %w", err)
	}
	tv := syscall.Timeval{Usec: 100000}
	_ = syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv)
	_ = syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<20)
	f, err := os.Create(file)
	if err != nil {
		_ = syscall.Close(fd)
		return nil, fmt.Errorf("create capture file: %w", err)
	}
	w, err := pcapgo.NewNgWriterInterface(f, pcapgo.NgInterface{Name: "any", LinkType: layers.LinkTypeRaw, SnapLength: snapLen}, pcapgo.DefaultNgWriterOptions)
	if err != nil {
		_ = syscall.Close(fd)
		_ = f.Close()
		return nil, fmt.Errorf("write capture file %s: %w", file, err)
	}
	c := &capturer{fd: fd, f: f, w: w, set: set, stopc: make(chan struct{}), info: CaptureInfo{File: file}}
	c.wg.Add(1)
	go c.loop()
	return c, nil
}

// loop reads packets until stop.
func (c *capturer) loop() {
	defer c.wg.Done()
	buf := make([]byte, snapLen)
	var sa syscall.RawSockaddrLinklayer
	for {
		select {
		case <-c.stopc:
			return
		default:
		}
		n, ok := c.recv(buf, &sa)
		if !ok {
			continue
		}
		c.info.Seen++
		if sa.Pkttype == packetOutgoing && sa.Hatype == arphrdLoopback {
			continue
		}
		if src, dst, ok := tcpEndpoints(buf[:n]); !ok || !c.set.has(src, dst) {
			continue
		}
		ci := gopacket.CaptureInfo{Timestamp: time.Now(), CaptureLength: n, Length: n}
		if err := c.w.WritePacket(ci, buf[:n]); err != nil && c.err == nil {
			c.err = fmt.Errorf("write capture file %s: packet %d: %w", c.info.File, c.info.Packets+1, err)
		}
		c.info.Packets++
	}
}

// recv reads one packet and its link-layer address without allocating.
func (c *capturer) recv(buf []byte, sa *syscall.RawSockaddrLinklayer) (int, bool) {
	salen := uint32(unsafe.Sizeof(*sa))
	n, _, errno := syscall.Syscall6(syscall.SYS_RECVFROM, uintptr(c.fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)),
		0, uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(&salen)))
	if errno != 0 || int(n) <= 0 {
		return 0, false
	}
	return int(n), true
}

// stop waits briefly for the last packets (FIN, ACK), then closes the socket
// and the file.
func (c *capturer) stop() (CaptureInfo, error) {
	time.Sleep(captureLinger)
	close(c.stopc)
	c.wg.Wait()
	_ = syscall.Close(c.fd)
	err := c.err
	if ferr := c.w.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("write capture file %s: %w", c.info.File, ferr)
	}
	if cerr := c.f.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return c.info, err
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }
