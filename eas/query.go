package eas

import (
	"fmt"
	"net/url"
	"strings"
)

// Query is the request URI's query of an ActiveSync request ([MS-ASHTTP]
// section 2.2.1.1.1), in either of its two forms. Strings are empty when the
// query does not carry the field.
type Query struct {
	// Cmd is the command name: "Ping", "FolderSync", "Provision", "Sync",
	// ... Known commands are spelled canonically whatever the case sent.
	Cmd        string
	User       string
	DeviceID   string // base64 form: the bytes as text when printable ASCII, else lower-case hex
	DeviceType string

	// ProtocolVersion ("14.1") and PolicyKey (decimal) are only in the
	// base64 form; the plain form sends them as the MS-ASProtocolVersion and
	// X-MS-PolicyKey headers (see Request).
	ProtocolVersion string
	PolicyKey       string

	// Encoded reports the base64 form.
	Encoded bool
	// Locale is the base64 form's locale (0x0409 is en-US); 0 for plain.
	Locale uint16

	// Command parameters ([MS-ASHTTP] sections 2.2.1.1.1.1.3 and 2.2.1.1.1.2).
	AttachmentName string
	CollectionID   string
	ItemID         string
	LongID         string
	Occurrence     string
	// Options is the base64 form's Options bitmask (0x01 SaveInSent,
	// 0x02 AcceptMultiPart); plain SaveInSent=T sets 0x01.
	Options byte
}

// Query Options bits, [MS-ASHTTP] section 2.2.1.1.1.1.3.
const (
	OptionSaveInSent      = 0x01
	OptionAcceptMultiPart = 0x02
)

// QueryError reports a malformed query. For the plain form Offset is a byte
// offset into the raw query string; for the base64 form it is an offset into
// the decoded bytes. Offset is -1 when it concerns the whole query.
type QueryError struct {
	Encoded bool
	Offset  int
	Msg     string
}

// Error formats the error as "query: offset N: msg" or "base64 query: ...".
func (e *QueryError) Error() string {
	form := "query"
	if e.Encoded {
		form = "base64 query"
	}
	if e.Offset < 0 {
		return fmt.Sprintf("%s: %s", form, e.Msg)
	}
	return fmt.Sprintf("%s: offset %d: %s", form, e.Offset, e.Msg)
}

func queryErr(encoded bool, off int, format string, args ...any) *QueryError {
	return &QueryError{Encoded: encoded, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// ParseQuery parses the raw query of an ActiveSync request URI (the part
// after '?', still escaped). A query starting with "Cmd=" or holding '&' or a
// '=' before its end is the plain form (Cmd=Ping&User=..&DeviceId=..&DeviceType=..; unknown keys
// such as IIS's Log are ignored, keys match case-insensitively). Anything
// else is taken as the base64 form. Errors are *QueryError.
func ParseQuery(rawQuery string) (Query, error) {
	if rawQuery == "" {
		return Query{}, queryErr(false, -1, "empty")
	}
	if isPlainQuery(rawQuery) {
		return parsePlainQuery(rawQuery)
	}
	return parseBase64Query(rawQuery)
}

func isPlainQuery(q string) bool {
	if len(q) >= 4 && strings.EqualFold(q[:4], "Cmd=") {
		return true
	}
	body := strings.TrimRight(q, "=")
	return strings.ContainsAny(body, "&=")
}

func parsePlainQuery(raw string) (Query, error) {
	q := Query{}
	for off := 0; off <= len(raw); {
		end := strings.IndexByte(raw[off:], '&')
		if end < 0 {
			end = len(raw) - off
		}
		if err := q.setPlain(raw[off:off+end], off); err != nil {
			return Query{}, err
		}
		off += end + 1
	}
	if q.Cmd == "" {
		return Query{}, queryErr(false, -1, "no Cmd parameter")
	}
	q.Cmd = canonicalCommand(q.Cmd)
	return q, nil
}

// canonicalCommand spells a known command as [MS-ASHTTP] does ("ping"
// becomes "Ping"); unknown names are kept as sent.
func canonicalCommand(cmd string) string {
	for _, name := range commandNames {
		if strings.EqualFold(cmd, name) {
			return name
		}
	}
	return cmd
}

// setPlain applies one key=value pair found at offset off.
func (q *Query) setPlain(pair string, off int) error {
	key, val, _ := strings.Cut(pair, "=")
	dst := q.plainField(key)
	saveInSent := strings.EqualFold(key, "SaveInSent")
	if dst == nil && !saveInSent {
		return nil
	}
	v, err := url.QueryUnescape(val)
	if err != nil {
		return queryErr(false, off+len(key)+1, "%s: bad escape in %q", key, clipStr(val))
	}
	if saveInSent {
		if strings.EqualFold(v, "T") {
			q.Options |= OptionSaveInSent
		}
		return nil
	}
	*dst = v
	return nil
}

func (q *Query) plainField(key string) *string {
	fields := [...]struct {
		name string
		dst  *string
	}{
		{"Cmd", &q.Cmd}, {"User", &q.User}, {"DeviceId", &q.DeviceID},
		{"DeviceType", &q.DeviceType}, {"AttachmentName", &q.AttachmentName},
		{"CollectionId", &q.CollectionID}, {"ItemId", &q.ItemID},
		{"LongId", &q.LongID}, {"Occurrence", &q.Occurrence},
	}
	for _, f := range fields {
		if strings.EqualFold(key, f.name) {
			return f.dst
		}
	}
	return nil
}

// EncodeQueryPlain returns the plain form of q: Cmd, User, DeviceId and
// DeviceType, then the non-empty command parameters, each value escaped.
// ProtocolVersion and PolicyKey are not part of the plain form.
func EncodeQueryPlain(q Query) string {
	var b strings.Builder
	add := func(k, v string) {
		if v == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	add("Cmd", q.Cmd)
	add("User", q.User)
	add("DeviceId", q.DeviceID)
	add("DeviceType", q.DeviceType)
	add("AttachmentName", q.AttachmentName)
	add("CollectionId", q.CollectionID)
	add("ItemId", q.ItemID)
	add("LongId", q.LongID)
	add("Occurrence", q.Occurrence)
	if q.Options&OptionSaveInSent != 0 {
		add("SaveInSent", "T")
	}
	return b.String()
}

func clipStr(s string) string { return clip([]byte(s)) }
