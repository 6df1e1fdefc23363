package report

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"regexp"
	"sort"
	"strings"
)

// Redact returns a copy of res in which user names, device IDs and client
// addresses are replaced by stable pseudonyms: "user-" , "device-" and
// "client-" followed by 8 hex digits of an HMAC-SHA256 of the value under
// key, so the same value gets the same pseudonym wherever it appears
// (structured fields, evidence sentences, request fields) and in every
// run with the same key. Addresses of declared boxes and servers stay.
// res is not modified.
func Redact(res *Result, key string) *Result {
	r := &redactor{key: []byte(key), infra: infraPrefixes(res.Path), seen: map[string]bool{}}
	r.collect(res)
	r.index()
	out := &Result{}
	deepCopy(out, res, r.replace)
	return out
}

// redactor holds the values to hide and their pseudonyms.
type redactor struct {
	key    []byte
	infra  []netip.Prefix
	seen   map[string]bool
	tokens []token
	// byFirst indexes tokens by their first byte, lower-cased.
	byFirst map[byte][]token
}

// token is one value to replace; fold matches it without regard to case.
type token struct {
	value, pseudonym string
	fold, ip         bool
}

// queryParam finds user and device values inside request lines and
// evidence that the structured fields did not carry.
var queryParam = regexp.MustCompile(`(?i)\b(user|deviceid)=([^&\s"'<>;,)]+)`)

func (r *redactor) collect(res *Result) {
	if a := res.Analysis; a != nil {
		for _, c := range a.Connections {
			r.client(c.Client)
			if q := c.Request; q != nil {
				r.user(q.User)
				r.add("device", q.DeviceID, true, false)
			}
		}
	}
	for _, pr := range res.Probes {
		for _, p := range pr.Probes {
			r.client(p.Local)
		}
	}
	if res.Path != nil {
		for _, h := range res.Path.Hops {
			if h.Kind == "client" {
				for _, a := range append(append([]string{}, h.Listen...), h.Source...) {
					r.add("client", a, false, true)
				}
			}
		}
	}
	walkStrings(res, func(s string) {
		for _, m := range queryParam.FindAllStringSubmatch(s, -1) {
			if strings.EqualFold(m[1], "user") {
				r.user(m[2])
			} else {
				r.add("device", m[2], true, false)
			}
		}
	})
}

// user adds a user name, and for DOMAIN\user or user@domain the bare
// name too.
func (r *redactor) user(u string) {
	r.add("user", u, true, false)
	if i := strings.LastIndexAny(u, `\`); i >= 0 {
		r.add("user", u[i+1:], true, false)
	}
	if i := strings.Index(u, "%5C"); i >= 0 {
		r.add("user", u[i+3:], true, false)
	}
	if i := strings.Index(u, "@"); i > 0 {
		r.add("user", u[:i], true, false)
	}
}

// client adds the address of ip:port (or a bare address) unless a
// declared box or server uses it.
func (r *redactor) client(hostport string) {
	ip, ok := hostAddr(hostport)
	if !ok {
		return
	}
	for _, p := range r.infra {
		if p.Contains(ip.Unmap()) {
			return
		}
	}
	r.add("client", ip.Unmap().String(), false, true)
}

func (r *redactor) add(kind, v string, fold, ip bool) {
	if len(v) < 2 || strings.HasPrefix(v, kind+"-") {
		return
	}
	id := kind + "\x00" + v
	if fold {
		id = kind + "\x00" + strings.ToLower(v)
	}
	if r.seen[id] {
		return
	}
	r.seen[id] = true
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(id))
	r.tokens = append(r.tokens, token{value: v, pseudonym: kind + "-" + hex.EncodeToString(m.Sum(nil))[:8], fold: fold, ip: ip})
}

// index sorts tokens longest first and buckets them by first byte.
func (r *redactor) index() {
	sort.SliceStable(r.tokens, func(i, j int) bool { return len(r.tokens[i].value) > len(r.tokens[j].value) })
	r.byFirst = map[byte][]token{}
	for _, t := range r.tokens {
		c := lowerByte(t.value[0])
		r.byFirst[c] = append(r.byFirst[c], t)
	}
}

// infraPrefixes are the addresses declared for every hop that is not a
// client: they are never redacted.
func infraPrefixes(p *Path) []netip.Prefix {
	if p == nil {
		return nil
	}
	var out []netip.Prefix
	for _, h := range p.Hops {
		if h.Kind == "client" {
			continue
		}
		for _, a := range append(append([]string{}, h.Listen...), h.Source...) {
			if pf, err := netip.ParsePrefix(a); err == nil {
				out = append(out, pf.Masked())
			} else if ip, ok := hostAddr(a); ok {
				out = append(out, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
			}
		}
	}
	return out
}
