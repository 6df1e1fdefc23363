package eas

import (
	"fmt"
	"strconv"
	"time"
)

// PingStatus is the Status of a Ping response ([MS-ASCMD] section
// 2.2.3.177.11). Values 1..8 are Ping's own; values above 100 are the common
// status codes of [MS-ASCMD] section 2.2.2, which protocol 14.0 and later may
// return instead (142..144 mean the device must provision again).
type PingStatus int

// Ping status values, [MS-ASCMD] section 2.2.3.177.11. There is no 9.
const (
	PingExpired             PingStatus = 1 // heartbeat expired, no changes
	PingChanges             PingStatus = 2 // changes in at least one folder
	PingMissingParameters   PingStatus = 3 // empty Ping with no cached values
	PingSyntaxError         PingStatus = 4 // request did not parse
	PingHeartbeatOutOfRange PingStatus = 5 // HeartbeatInterval outside the allowed range
	PingTooManyFolders      PingStatus = 6 // more folders than MaxFolders
	PingFolderSyncNeeded    PingStatus = 7 // folder hierarchy changed
	PingServerError         PingStatus = 8 // transient server error, retry
)

// Common status codes that ask for provisioning, [MS-ASCMD] section 2.2.2.
const (
	StatusDeviceNotProvisioned PingStatus = 142
	StatusPolicyRefresh        PingStatus = 143
	StatusInvalidPolicyKey     PingStatus = 144
)

var pingStatusNames = map[PingStatus]string{
	PingExpired:                "expired, no changes",
	PingChanges:                "changes",
	PingMissingParameters:      "missing parameters",
	PingSyntaxError:            "syntax error",
	PingHeartbeatOutOfRange:    "heartbeat out of range",
	PingTooManyFolders:         "too many folders",
	PingFolderSyncNeeded:       "folder sync needed",
	PingServerError:            "server error",
	StatusDeviceNotProvisioned: "device not provisioned",
	StatusPolicyRefresh:        "policy refresh",
	StatusInvalidPolicyKey:     "invalid policy key",
}

// String returns the status's name ("heartbeat out of range"), or
// "unknown status N".
func (s PingStatus) String() string {
	if name, ok := pingStatusNames[s]; ok {
		return name
	}
	return fmt.Sprintf("unknown status %d", int(s))
}

// NeedsProvisioning reports whether s is one of the common status codes
// 142..144 that send the client back to Provision.
func (s PingStatus) NeedsProvisioning() bool {
	return s >= StatusDeviceNotProvisioned && s <= StatusInvalidPolicyKey
}

// PingFolder is one folder a Ping request watches.
type PingFolder struct {
	ID    string // the folder's ServerId from FolderSync
	Class string // "Email", "Calendar", "Contacts", "Tasks" or "Notes"
}

// PingRequest is the body of a Ping command request ([MS-ASCMD] section
// 2.2.1.13). The zero value is the empty Ping, valid after a first Ping: the
// server reuses the interval and folders it cached.
type PingRequest struct {
	// HeartbeatInterval is how long the server may hold the request, in
	// seconds; 0 when the request does not carry one.
	HeartbeatInterval int
	Folders           []PingFolder
}

// Heartbeat returns HeartbeatInterval as a duration (0 when absent).
func (r PingRequest) Heartbeat() time.Duration {
	return time.Duration(r.HeartbeatInterval) * time.Second
}

// PingResponse is the body of a Ping command response.
type PingResponse struct {
	Status PingStatus
	// HeartbeatInterval, in seconds, is present with Status 5: the allowed
	// minimum when the request's interval was too short, the maximum when it
	// was too long. 0 when absent.
	HeartbeatInterval int
	// MaxFolders is present with Status 6: how many folders the server
	// accepts. 0 when absent.
	MaxFolders int
	// Folders lists the ServerIds of changed folders (Status 2).
	Folders []string
}

const (
	docPingRequest  = "ping request"
	docPingResponse = "ping response"
)

// ParsePingRequest decodes a Ping request body. An empty body is valid and
// yields the zero PingRequest. Errors are *SyntaxError (wrapped) for bad
// WBXML and *DocError for a document that is not a Ping request.
func ParsePingRequest(body []byte) (PingRequest, error) {
	var r PingRequest
	if len(body) == 0 {
		return r, nil
	}
	root, err := decodeRoot(docPingRequest, body, TagPing)
	if err != nil {
		return r, err
	}
	for _, c := range root.Children {
		switch c.Tag {
		case TagHeartbeatInterval:
			if r.HeartbeatInterval, err = nodeUint(docPingRequest, c); err != nil {
				return PingRequest{}, err
			}
		case TagPingFolders:
			if r.Folders, err = pingFolders(c); err != nil {
				return PingRequest{}, err
			}
		}
	}
	return r, nil
}

func pingFolders(n *Node) ([]PingFolder, error) {
	var out []PingFolder
	for _, c := range n.Children {
		if c.Tag != TagPingFolder {
			continue
		}
		id := c.Child(TagPingID)
		if id == nil {
			return nil, docErr(docPingRequest, c.Offset, "Folder without Id")
		}
		f := PingFolder{ID: string(id.Text)}
		if cl := c.Child(TagPingClass); cl != nil {
			f.Class = string(cl.Text)
		}
		out = append(out, f)
	}
	return out, nil
}

// ParsePingResponse decodes a Ping response body. Status is required.
// Errors are *SyntaxError (wrapped) or *DocError.
func ParsePingResponse(body []byte) (PingResponse, error) {
	root, err := decodeRoot(docPingResponse, body, TagPing)
	if err != nil {
		return PingResponse{}, err
	}
	return pingResponseFrom(root)
}

// pingResponseFrom reads a Ping response from its decoded root element.
func pingResponseFrom(root *Node) (PingResponse, error) {
	var r PingResponse
	var err error
	seenStatus := false
	for _, c := range root.Children {
		var v int
		switch c.Tag {
		case TagPingStatus:
			v, err = nodeUint(docPingResponse, c)
			r.Status, seenStatus = PingStatus(v), true
		case TagHeartbeatInterval:
			r.HeartbeatInterval, err = nodeUint(docPingResponse, c)
		case TagMaxFolders:
			r.MaxFolders, err = nodeUint(docPingResponse, c)
		case TagPingFolders:
			for _, f := range c.Children {
				if f.Tag == TagPingFolder {
					r.Folders = append(r.Folders, string(f.Text))
				}
			}
		}
		if err != nil {
			return PingResponse{}, err
		}
	}
	if !seenStatus {
		return PingResponse{}, docErr(docPingResponse, root.Offset, "Ping without Status")
	}
	return r, nil
}

// EncodePingRequest encodes r. The zero PingRequest encodes to an empty
// body (nil), the form of a repeated Ping. A negative interval is an error.
func EncodePingRequest(r PingRequest) ([]byte, error) {
	if r.HeartbeatInterval < 0 {
		return nil, fmt.Errorf("encode ping request: negative HeartbeatInterval %d", r.HeartbeatInterval)
	}
	if r.HeartbeatInterval == 0 && len(r.Folders) == 0 {
		return nil, nil
	}
	root := El(TagPing)
	if r.HeartbeatInterval > 0 {
		root.Children = append(root.Children, Str(TagHeartbeatInterval, strconv.Itoa(r.HeartbeatInterval)))
	}
	if len(r.Folders) > 0 {
		folders := El(TagPingFolders)
		for _, f := range r.Folders {
			folders.Children = append(folders.Children,
				El(TagPingFolder, Str(TagPingID, f.ID), Str(TagPingClass, f.Class)))
		}
		root.Children = append(root.Children, folders)
	}
	return Encode(root)
}

// EncodePingResponse encodes r in the element order of the Ping response
// schema ([MS-ASCMD] section 6, PingResponse.xsd): Status, Folders,
// MaxFolders, HeartbeatInterval; zero optional fields are left out.
func EncodePingResponse(r PingResponse) ([]byte, error) {
	if r.Status <= 0 || r.HeartbeatInterval < 0 || r.MaxFolders < 0 {
		return nil, fmt.Errorf("encode ping response: status %d, heartbeat %d, max folders %d: must not be negative and status must be set",
			int(r.Status), r.HeartbeatInterval, r.MaxFolders)
	}
	root := El(TagPing, Str(TagPingStatus, strconv.Itoa(int(r.Status))))
	if len(r.Folders) > 0 {
		folders := El(TagPingFolders)
		for _, id := range r.Folders {
			folders.Children = append(folders.Children, Str(TagPingFolder, id))
		}
		root.Children = append(root.Children, folders)
	}
	if r.MaxFolders > 0 {
		root.Children = append(root.Children, Str(TagMaxFolders, strconv.Itoa(r.MaxFolders)))
	}
	if r.HeartbeatInterval > 0 {
		root.Children = append(root.Children, Str(TagHeartbeatInterval, strconv.Itoa(r.HeartbeatInterval)))
	}
	return Encode(root)
}
