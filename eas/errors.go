package eas

import "fmt"

// SyntaxError reports malformed WBXML. Offset is the byte offset into the
// document (0 is the first header byte) where the problem was found.
type SyntaxError struct {
	Offset int    // byte offset from the start of the document
	Msg    string // what is wrong, lower case
}

// Error formats the error as "wbxml: offset N: msg".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("wbxml: offset %d: %s", e.Offset, e.Msg)
}

func syntaxErr(off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// DocError reports a well-formed WBXML document whose content does not fit
// the command: a missing element, a number that is not a number. Doc names the
// document ("ping request", "foldersync response", ...); Offset is the byte
// offset of the offending element's tag token, or -1 when it concerns the
// whole document.
type DocError struct {
	Doc    string
	Offset int
	Msg    string
}

// Error formats the error as "doc: offset N: msg" (without the offset
// when it is -1).
func (e *DocError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("%s: %s", e.Doc, e.Msg)
	}
	return fmt.Sprintf("%s: offset %d: %s", e.Doc, e.Offset, e.Msg)
}

func docErr(doc string, off int, format string, args ...any) *DocError {
	return &DocError{Doc: doc, Offset: off, Msg: fmt.Sprintf(format, args...)}
}
