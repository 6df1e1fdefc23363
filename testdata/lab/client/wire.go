package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// pingPath is the request target of every Ping the lab sends.
const pingPath = "/Microsoft-Server-ActiveSync?Cmd=Ping&User=lab&DeviceId=LAB0001&DeviceType=iPhone"

// pingBody encodes a WBXML Ping (MS-ASWBXML code page 13) that watches
// folder 5 (Email) with the given HeartbeatInterval in seconds:
// <Ping><HeartbeatInterval>hb</HeartbeatInterval><Folders><Folder>
// <Id>5</Id><Class>Email</Class></Folder></Folders></Ping>.
func pingBody(hb int) []byte {
	var b bytes.Buffer
	b.Write([]byte{0x03, 0x01, 0x6A, 0x00}) // WBXML 1.3, UTF-8, no string table
	b.Write([]byte{0x00, 0x0D, 0x45})       // page 13, <Ping>
	b.Write([]byte{0x48, 0x03})             // <HeartbeatInterval>, STR_I
	b.WriteString(strconv.Itoa(hb))
	b.Write([]byte{0x00, 0x01})                              // end string, </HeartbeatInterval>
	b.Write([]byte{0x49, 0x4A, 0x4B, 0x03, '5', 0x00, 0x01}) // <Folders><Folder><Id>5</Id>
	b.Write([]byte{0x4C, 0x03})                              // <Class>
	b.WriteString("Email")
	b.Write([]byte{0x00, 0x01, 0x01, 0x01, 0x01}) // </Class></Folder></Folders></Ping>
	return b.Bytes()
}

// request builds the raw HTTP/1.1 Ping request.
func request(o options, hb int) []byte {
	target := pingPath
	if o.query != "" {
		target += "&" + o.query
	}
	body := pingBody(hb)
	var b bytes.Buffer
	fmt.Fprintf(&b, "POST %s HTTP/1.1\r\n", target)
	fmt.Fprintf(&b, "Host: %s\r\n", o.host)
	b.WriteString("User-Agent: Apple-iPhone14C2/2101.100 (hopaudit lab)\r\n")
	b.WriteString("MS-ASProtocolVersion: 14.1\r\n")
	b.WriteString("X-MS-PolicyKey: 0\r\n")
	b.WriteString("Content-Type: application/vnd.ms-sync.wbxml\r\n")
	fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	b.WriteString("Connection: keep-alive\r\n\r\n")
	b.Write(body)
	return b.Bytes()
}

// answer is what the client keeps of a response.
type answer struct {
	code       int
	pingStatus string // Ping Status from a WBXML body, "-" when absent
	close      bool   // the server said it closes the connection
}

// readResponse reads one HTTP response and its body (at most 64 KiB).
func readResponse(br *bufio.Reader) (answer, error) {
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		return answer{}, fmt.Errorf("read body of HTTP %d: %w", res.StatusCode, err)
	}
	return answer{code: res.StatusCode, pingStatus: pingStatus(body), close: res.Close}, nil
}

// pingStatus finds <Status> (code page 13, tag 0x07 with content, inline
// string) in a WBXML Ping answer.
func pingStatus(body []byte) string {
	if !bytes.HasPrefix(body, []byte{0x03, 0x01, 0x6A, 0x00}) {
		return "-"
	}
	i := bytes.Index(body, []byte{0x47, 0x03})
	if i < 0 {
		return "-"
	}
	rest := body[i+2:]
	n := bytes.IndexByte(rest, 0x00)
	if n < 0 {
		return "-"
	}
	return string(rest[:n])
}
