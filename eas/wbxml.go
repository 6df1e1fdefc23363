package eas

// WBXML global tokens, WBXML 1.3 section 7.1, as used by [MS-ASWBXML]
// section 2.1.2 (no string table, no attributes, no entities).
const (
	tokSwitchPage = 0x00
	tokEnd        = 0x01
	tokStrI       = 0x03
	tokOpaque     = 0xC3

	bitContent = 0x40 // tag has content and ends with END
	bitAttrs   = 0x80 // tag has attributes: never used by ActiveSync

	wbxmlVersion  = 0x03 // WBXML 1.3
	publicIDUnkn  = 0x01 // "unknown public identifier"
	charsetUTF8   = 0x6A // IANA MIBenum 106
	headerMinSize = 4
)

// MaxDepth is the deepest element nesting Decode and Encode accept. The
// deepest ActiveSync documents (Sync with ApplicationData) nest about 8 deep.
const MaxDepth = 32

// Header is the fixed WBXML header every ActiveSync document starts with:
// version 1.3, unknown public identifier, UTF-8, empty string table
// ([MS-ASWBXML] section 2.1.2).
var Header = []byte{wbxmlVersion, publicIDUnkn, charsetUTF8, 0x00}

// Node is one decoded WBXML element. The zero value is not meaningful.
//
// Text holds the element's character content: STR_I and OPAQUE pieces
// concatenated. A single piece aliases the decoded buffer (with its capacity
// clipped, so appending copies); callers that keep Text past the buffer's
// lifetime must copy it. Opaque is set when any piece was OPAQUE. Mixed
// content keeps text and children apart, losing their interleaving, which
// ActiveSync does not use.
type Node struct {
	Tag      Tag
	Offset   int // byte offset of the element's tag token in the document
	Text     []byte
	Opaque   bool
	Children []*Node
}

// Child returns the first child with tag t, or nil.
func (n *Node) Child(t Tag) *Node {
	for _, c := range n.Children {
		if c.Tag == t {
			return c
		}
	}
	return nil
}

// decoder walks one document.
type decoder struct {
	b     []byte
	pos   int
	page  byte
	stack []*Node
	root  *Node
}

// Decode parses an ActiveSync WBXML document into its element tree. It
// accepts exactly the header 03 01 6A 00, one root element, SWITCH_PAGE, END,
// STR_I, OPAQUE and tag tokens with or without content; anything else
// (attributes, entities, string-table references, extensions, processing
// instructions, trailing bytes) is a *SyntaxError naming its offset. Nesting
// deeper than MaxDepth is rejected. Decode never allocates more than a small
// multiple of len(b).
func Decode(b []byte) (*Node, error) {
	d := decoder{b: b}
	if err := d.header(); err != nil {
		return nil, err
	}
	for d.pos < len(d.b) {
		if d.root != nil && len(d.stack) == 0 {
			return nil, syntaxErr(d.pos, "trailing data after the root element")
		}
		if err := d.token(); err != nil {
			return nil, err
		}
	}
	if d.root == nil || len(d.stack) > 0 {
		return nil, syntaxErr(len(b), "unexpected end of input")
	}
	return d.root, nil
}

func (d *decoder) header() error {
	if len(d.b) == 0 {
		return syntaxErr(0, "unexpected end of input")
	}
	if d.b[0] != wbxmlVersion {
		return syntaxErr(0, "WBXML version 0x%02x not supported (want 0x03)", d.b[0])
	}
	d.pos = 1
	for _, f := range []struct {
		name string
		want uint32
	}{{"public identifier", publicIDUnkn}, {"charset", charsetUTF8}, {"string table length", 0}} {
		start := d.pos
		v, err := d.mbUint32()
		if err != nil {
			return err
		}
		if v != f.want {
			return syntaxErr(start, "%s %d not supported (want %d)", f.name, v, f.want)
		}
	}
	return nil
}

// mbUint32 reads a WBXML multi-byte unsigned integer (at most 5 bytes, value
// below 2^32).
func (d *decoder) mbUint32() (uint32, error) {
	start := d.pos
	var v uint64
	for i := 0; ; i++ {
		if d.pos >= len(d.b) {
			return 0, syntaxErr(len(d.b), "unexpected end of input")
		}
		c := d.b[d.pos]
		d.pos++
		v = v<<7 | uint64(c&0x7F)
		if c&0x80 == 0 {
			break
		}
		if i == 4 {
			return 0, syntaxErr(start, "multi-byte integer longer than 5 bytes")
		}
	}
	if v > 0xFFFFFFFF {
		return 0, syntaxErr(start, "multi-byte integer overflows 32 bits")
	}
	return uint32(v), nil
}

func (d *decoder) token() error {
	off := d.pos
	c := d.b[d.pos]
	d.pos++
	switch c {
	case tokSwitchPage:
		if d.pos >= len(d.b) {
			return syntaxErr(len(d.b), "unexpected end of input")
		}
		d.page = d.b[d.pos]
		d.pos++
		return nil
	case tokEnd:
		if len(d.stack) == 0 {
			return syntaxErr(off, "END with no open element")
		}
		d.stack = d.stack[:len(d.stack)-1]
		return nil
	case tokStrI:
		return d.strI(off)
	case tokOpaque:
		return d.opaque(off)
	}
	if c&0x3F < 0x05 {
		return syntaxErr(off, "global token 0x%02x not supported by ActiveSync", c)
	}
	if c&bitAttrs != 0 {
		return syntaxErr(off, "tag 0x%02x has attributes, which ActiveSync never uses", c)
	}
	return d.element(off, c)
}

func (d *decoder) element(off int, c byte) error {
	if len(d.stack) >= MaxDepth {
		return syntaxErr(off, "elements nested deeper than %d", MaxDepth)
	}
	n := &Node{Tag: MakeTag(d.page, c&0x3F), Offset: off}
	if len(d.stack) > 0 {
		parent := d.stack[len(d.stack)-1]
		parent.Children = append(parent.Children, n)
	} else if d.root == nil {
		d.root = n
	}
	if c&bitContent != 0 {
		d.stack = append(d.stack, n)
	}
	return nil
}

func (d *decoder) strI(off int) error {
	end := d.pos
	for end < len(d.b) && d.b[end] != 0 {
		end++
	}
	if end >= len(d.b) {
		return syntaxErr(len(d.b), "unexpected end of input in inline string started at offset %d", off)
	}
	text := d.b[d.pos:end:end]
	d.pos = end + 1
	return d.addText(off, text, false)
}

func (d *decoder) opaque(off int) error {
	n, err := d.mbUint32()
	if err != nil {
		return err
	}
	if left := len(d.b) - d.pos; uint64(n) > uint64(left) {
		return syntaxErr(off, "opaque data of %d bytes exceeds the %d bytes left", n, left)
	}
	end := d.pos + int(n)
	text := d.b[d.pos:end:end]
	d.pos = end
	return d.addText(off, text, true)
}

func (d *decoder) addText(off int, text []byte, opaque bool) error {
	if len(d.stack) == 0 {
		return syntaxErr(off, "character data outside any element")
	}
	n := d.stack[len(d.stack)-1]
	if n.Text == nil {
		n.Text = text
	} else {
		n.Text = append(n.Text, text...)
	}
	n.Opaque = n.Opaque || opaque
	return nil
}
