package eas

import "fmt"

// FolderType is the Type of a folder in a FolderSync response ([MS-ASCMD]
// section 2.2.3.186.3): 2 is the default Inbox.
type FolderType int

// Folder types hopaudit cares about, [MS-ASCMD] section 2.2.3.186.3.
const (
	FolderUserGeneric FolderType = 1
	FolderInbox       FolderType = 2
	FolderDrafts      FolderType = 3
	FolderDeleted     FolderType = 4
	FolderSent        FolderType = 5
	FolderOutbox      FolderType = 6
	FolderTasks       FolderType = 7
	FolderCalendar    FolderType = 8
	FolderContacts    FolderType = 9
	FolderUserMail    FolderType = 12
)

// Folder is one folder of the mailbox hierarchy.
type Folder struct {
	ServerID    string // the id Ping and Sync use
	ParentID    string // "0" for top-level folders
	DisplayName string
	Type        FolderType
}

// FolderSyncRequest is the body of a FolderSync request ([MS-ASCMD]
// section 2.2.1.5). SyncKey "0" asks for the whole hierarchy.
type FolderSyncRequest struct {
	SyncKey string
}

// FolderSyncResponse is the body of a FolderSync response. Only Add changes
// are kept (a SyncKey 0 answer has nothing else); Update and Delete entries
// are skipped.
type FolderSyncResponse struct {
	Status  int    // 1 success; see [MS-ASCMD] section 2.2.3.177.5
	SyncKey string // absent (empty) on failure
	Added   []Folder
}

// Inbox returns the first added folder of type FolderInbox.
func (r FolderSyncResponse) Inbox() (Folder, bool) {
	for _, f := range r.Added {
		if f.Type == FolderInbox {
			return f, true
		}
	}
	return Folder{}, false
}

const (
	docFolderSyncRequest  = "foldersync request"
	docFolderSyncResponse = "foldersync response"
)

// EncodeFolderSyncRequest encodes a FolderSync request with the given sync
// key ("0" for the initial one).
func EncodeFolderSyncRequest(r FolderSyncRequest) ([]byte, error) {
	if r.SyncKey == "" {
		return nil, fmt.Errorf("encode foldersync request: empty SyncKey (the initial key is \"0\")")
	}
	return Encode(El(TagFolderSync, Str(TagFHSyncKey, r.SyncKey)))
}

// ParseFolderSyncRequest decodes a FolderSync request body; SyncKey is
// required.
func ParseFolderSyncRequest(body []byte) (FolderSyncRequest, error) {
	root, err := decodeRoot(docFolderSyncRequest, body, TagFolderSync)
	if err != nil {
		return FolderSyncRequest{}, err
	}
	key, ok := childText(root, TagFHSyncKey)
	if !ok {
		return FolderSyncRequest{}, docErr(docFolderSyncRequest, root.Offset, "FolderSync without SyncKey")
	}
	return FolderSyncRequest{SyncKey: key}, nil
}

// EncodeFolderSyncResponse encodes r as Status, SyncKey and Changes with a
// Count and one Add per folder.
func EncodeFolderSyncResponse(r FolderSyncResponse) ([]byte, error) {
	root := El(TagFolderSync, Str(TagFHStatus, itoa(r.Status)))
	if r.SyncKey != "" {
		root.Children = append(root.Children, Str(TagFHSyncKey, r.SyncKey))
	}
	if len(r.Added) > 0 {
		changes := El(TagFHChanges, Str(TagFHCount, itoa(len(r.Added))))
		for _, f := range r.Added {
			changes.Children = append(changes.Children, El(TagFHAdd,
				Str(TagFHServerID, f.ServerID), Str(TagFHParentID, f.ParentID),
				Str(TagFHDisplayName, f.DisplayName), Str(TagFHType, itoa(int(f.Type)))))
		}
		root.Children = append(root.Children, changes)
	}
	return Encode(root)
}

// ParseFolderSyncResponse decodes a FolderSync response body. Status is
// required; each Add needs ServerId and a numeric Type.
func ParseFolderSyncResponse(body []byte) (FolderSyncResponse, error) {
	var r FolderSyncResponse
	root, err := decodeRoot(docFolderSyncResponse, body, TagFolderSync)
	if err != nil {
		return r, err
	}
	st := root.Child(TagFHStatus)
	if st == nil {
		return r, docErr(docFolderSyncResponse, root.Offset, "FolderSync without Status")
	}
	if r.Status, err = nodeUint(docFolderSyncResponse, st); err != nil {
		return FolderSyncResponse{}, err
	}
	r.SyncKey, _ = childText(root, TagFHSyncKey)
	if ch := root.Child(TagFHChanges); ch != nil {
		for _, c := range ch.Children {
			if c.Tag != TagFHAdd {
				continue
			}
			f, err := parseFolder(c)
			if err != nil {
				return FolderSyncResponse{}, err
			}
			r.Added = append(r.Added, f)
		}
	}
	return r, nil
}

func parseFolder(n *Node) (Folder, error) {
	var f Folder
	id, ok := childText(n, TagFHServerID)
	if !ok {
		return f, docErr(docFolderSyncResponse, n.Offset, "Add without ServerId")
	}
	f.ServerID = id
	f.ParentID, _ = childText(n, TagFHParentID)
	f.DisplayName, _ = childText(n, TagFHDisplayName)
	t := n.Child(TagFHType)
	if t == nil {
		return f, docErr(docFolderSyncResponse, n.Offset, "Add without Type")
	}
	v, err := nodeUint(docFolderSyncResponse, t)
	f.Type = FolderType(v)
	return f, err
}
