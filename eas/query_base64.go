package eas

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// commandNames maps the command codes of the base64 query to command names,
// [MS-ASHTTP] section 2.2.1.1.1.1.2. Codes 5..8 are unassigned.
var commandNames = map[byte]string{
	0: "Sync", 1: "SendMail", 2: "SmartForward", 3: "SmartReply",
	4: "GetAttachment", 9: "FolderSync", 10: "FolderCreate", 11: "FolderDelete",
	12: "FolderUpdate", 13: "MoveItems", 14: "GetItemEstimate",
	15: "MeetingResponse", 16: "Search", 17: "Settings", 18: "Ping",
	19: "ItemOperations", 20: "Provision", 21: "ResolveRecipients",
	22: "ValidateCert",
}

// CommandCode returns the base64 query's command code for a command name
// ("Ping" is 18), and whether the name is known.
func CommandCode(cmd string) (byte, bool) {
	for code, name := range commandNames {
		if name == cmd {
			return code, true
		}
	}
	return 0, false
}

// Command parameter tags of the base64 query, [MS-ASHTTP] section
// 2.2.1.1.1.1.3.
const (
	paramAttachmentName = 0
	paramCollectionID   = 1
	paramItemID         = 3
	paramLongID         = 4
	paramOccurrence     = 6
	paramOptions        = 7
	paramUser           = 8
)

// parseBase64Query decodes the base64 form ([MS-ASHTTP] section
// 2.2.1.1.1.1): version, command code, locale (little-endian), device id,
// policy key (little-endian uint32, optional), device type, then
// tag/length/value parameters.
func parseBase64Query(raw string) (Query, error) {
	b, err := decodeBase64Query(raw)
	if err != nil {
		return Query{}, err
	}
	r := byteReader{b: b}
	q := Query{Encoded: true}
	if err := r.header(&q); err != nil {
		return Query{}, err
	}
	for r.pos < len(r.b) {
		if err := r.param(&q); err != nil {
			return Query{}, err
		}
	}
	return q, nil
}

func decodeBase64Query(raw string) ([]byte, error) {
	s, err := url.PathUnescape(raw)
	if err != nil {
		return nil, queryErr(true, -1, "%v", err)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil && !strings.HasSuffix(s, "=") {
		b, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return nil, queryErr(true, -1, "not base64 at character %d", int64(ce))
		}
		return nil, queryErr(true, -1, "not base64: %v", err)
	}
	return b, nil
}

type byteReader struct {
	b   []byte
	pos int
}

func (r *byteReader) need(n int, what string) error {
	if left := len(r.b) - r.pos; n > left {
		return queryErr(true, r.pos, "%s needs %d bytes, %d left", what, n, left)
	}
	return nil
}

// lenPrefixed reads a one-byte length and that many bytes.
func (r *byteReader) lenPrefixed(what string) ([]byte, error) {
	if err := r.need(1, what+" length"); err != nil {
		return nil, err
	}
	n := int(r.b[r.pos])
	r.pos++
	if err := r.need(n, what); err != nil {
		return nil, err
	}
	v := r.b[r.pos : r.pos+n]
	r.pos += n
	return v, nil
}

func (r *byteReader) header(q *Query) error {
	if err := r.need(4, "version, command code and locale"); err != nil {
		return err
	}
	ver, code := r.b[0], r.b[1]
	q.ProtocolVersion = fmt.Sprintf("%d.%d", ver/10, ver%10)
	name, ok := commandNames[code]
	if !ok {
		return queryErr(true, 1, "unknown command code %d", code)
	}
	q.Cmd = name
	q.Locale = binary.LittleEndian.Uint16(r.b[2:4])
	r.pos = 4
	id, err := r.lenPrefixed("device id")
	if err != nil {
		return err
	}
	q.DeviceID = deviceIDText(id)
	key, err := r.lenPrefixed("policy key")
	if err != nil {
		return err
	}
	switch len(key) {
	case 0:
	case 4:
		q.PolicyKey = strconv.FormatUint(uint64(binary.LittleEndian.Uint32(key)), 10)
	default:
		return queryErr(true, r.pos-len(key)-1, "policy key length %d, want 0 or 4", len(key))
	}
	typ, err := r.lenPrefixed("device type")
	q.DeviceType = string(typ)
	return err
}

func (r *byteReader) param(q *Query) error {
	tag := r.b[r.pos]
	r.pos++
	v, err := r.lenPrefixed(fmt.Sprintf("parameter %d", tag))
	if err != nil {
		return err
	}
	switch tag {
	case paramAttachmentName:
		q.AttachmentName = string(v)
	case paramCollectionID:
		q.CollectionID = string(v)
	case paramItemID:
		q.ItemID = string(v)
	case paramLongID:
		q.LongID = string(v)
	case paramOccurrence:
		q.Occurrence = string(v)
	case paramUser:
		q.User = string(v)
	case paramOptions:
		if len(v) != 1 {
			return queryErr(true, r.pos-len(v)-1, "Options length %d, want 1", len(v))
		}
		q.Options = v[0]
	}
	return nil
}

// deviceIDText returns id as text when it is printable ASCII, else as
// lower-case hex (older clients send a binary GUID).
func deviceIDText(id []byte) string {
	for _, c := range id {
		if c < 0x21 || c > 0x7E {
			return fmt.Sprintf("%x", id)
		}
	}
	return string(id)
}

// EncodeQueryBase64 returns the base64 form of q (standard alphabet with
// padding; escape '+', '/' and '=' if the URL needs it). q.Cmd must be a
// known command, q.ProtocolVersion "M.m" with M.m between 0.0 and 25.5,
// q.PolicyKey empty or a decimal uint32, and each string at most 255 bytes.
func EncodeQueryBase64(q Query) (string, error) {
	code, ok := CommandCode(q.Cmd)
	if !ok {
		return "", fmt.Errorf("encode base64 query: unknown command %q", q.Cmd)
	}
	ver, err := versionByte(q.ProtocolVersion)
	if err != nil {
		return "", err
	}
	b := []byte{ver, code, byte(q.Locale), byte(q.Locale >> 8)}
	var key []byte
	if q.PolicyKey != "" {
		k, err := strconv.ParseUint(q.PolicyKey, 10, 32)
		if err != nil {
			return "", fmt.Errorf("encode base64 query: policy key %q is not a 32-bit unsigned number", q.PolicyKey)
		}
		key = binary.LittleEndian.AppendUint32(nil, uint32(k))
	}
	fields := []struct {
		tag  int // -1: header field without a tag
		name string
		v    []byte
	}{
		{-1, "device id", []byte(q.DeviceID)}, {-1, "policy key", key},
		{-1, "device type", []byte(q.DeviceType)},
		{paramUser, "user", []byte(q.User)},
		{paramAttachmentName, "attachment name", []byte(q.AttachmentName)},
		{paramCollectionID, "collection id", []byte(q.CollectionID)},
		{paramItemID, "item id", []byte(q.ItemID)},
		{paramLongID, "long id", []byte(q.LongID)},
		{paramOccurrence, "occurrence", []byte(q.Occurrence)},
	}
	for _, f := range fields {
		if len(f.v) > 255 {
			return "", fmt.Errorf("encode base64 query: %s of %d bytes is longer than 255", f.name, len(f.v))
		}
		if f.tag >= 0 {
			if len(f.v) == 0 {
				continue
			}
			b = append(b, byte(f.tag))
		}
		b = append(b, byte(len(f.v)))
		b = append(b, f.v...)
	}
	if q.Options != 0 {
		b = append(b, paramOptions, 1, q.Options)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

func versionByte(v string) (byte, error) {
	major, minor, ok := strings.Cut(v, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil || ma < 0 || mi < 0 || mi > 9 || ma*10+mi > 255 {
		return 0, fmt.Errorf("encode base64 query: protocol version %q is not M.m (e.g. 14.1)", v)
	}
	return byte(ma*10 + mi), nil
}
