package eas

import "fmt"

// Tag identifies a WBXML element: the code page in the high byte and the tag
// token (0x05..0x3F, without the content and attribute bits) in the low byte.
// The zero Tag is not a valid element.
type Tag uint16

// MakeTag returns the Tag for token tok on code page page.
func MakeTag(page, tok byte) Tag { return Tag(page)<<8 | Tag(tok) }

// Page returns the code page number ([MS-ASWBXML] section 2.1.2.1).
func (t Tag) Page() byte { return byte(t >> 8) }

// Token returns the tag token without the content (0x40) and attribute
// (0x80) bits.
func (t Tag) Token() byte { return byte(t) }

// Code page numbers, [MS-ASWBXML] section 2.1.2.1.
const (
	PageAirSync         = 0
	PageFolderHierarchy = 7
	PagePing            = 13
	PageProvision       = 14
)

// AirSync (code page 0), only the tags hopaudit names; [MS-ASWBXML] 2.1.2.1.1.
const (
	TagSync         = Tag(PageAirSync<<8 | 0x05)
	TagSyncKey      = Tag(PageAirSync<<8 | 0x0B)
	TagSyncServerID = Tag(PageAirSync<<8 | 0x0D) // AirSync ServerId
	TagSyncStatus   = Tag(PageAirSync<<8 | 0x0E)
	TagCollection   = Tag(PageAirSync<<8 | 0x0F)
	TagSyncClass    = Tag(PageAirSync<<8 | 0x10) // AirSync Class
)

// FolderHierarchy (code page 7), [MS-ASWBXML] 2.1.2.1.8.
const (
	TagFHDisplayName = Tag(PageFolderHierarchy<<8 | 0x07)
	TagFHServerID    = Tag(PageFolderHierarchy<<8 | 0x08)
	TagFHParentID    = Tag(PageFolderHierarchy<<8 | 0x09)
	TagFHType        = Tag(PageFolderHierarchy<<8 | 0x0A)
	TagFHStatus      = Tag(PageFolderHierarchy<<8 | 0x0C)
	TagFHChanges     = Tag(PageFolderHierarchy<<8 | 0x0E)
	TagFHAdd         = Tag(PageFolderHierarchy<<8 | 0x0F)
	TagFHDelete      = Tag(PageFolderHierarchy<<8 | 0x10)
	TagFHUpdate      = Tag(PageFolderHierarchy<<8 | 0x11)
	TagFHSyncKey     = Tag(PageFolderHierarchy<<8 | 0x12)
	TagFolderSync    = Tag(PageFolderHierarchy<<8 | 0x16)
	TagFHCount       = Tag(PageFolderHierarchy<<8 | 0x17)
)

// Ping (code page 13), [MS-ASWBXML] 2.1.2.1.14.
const (
	TagPing              = Tag(PagePing<<8 | 0x05)
	TagPingAutdState     = Tag(PagePing<<8 | 0x06) // not used by current protocol versions
	TagPingStatus        = Tag(PagePing<<8 | 0x07)
	TagHeartbeatInterval = Tag(PagePing<<8 | 0x08)
	TagPingFolders       = Tag(PagePing<<8 | 0x09)
	TagPingFolder        = Tag(PagePing<<8 | 0x0A)
	TagPingID            = Tag(PagePing<<8 | 0x0B)
	TagPingClass         = Tag(PagePing<<8 | 0x0C)
	TagMaxFolders        = Tag(PagePing<<8 | 0x0D)
)

// Provision (code page 14), [MS-ASWBXML] 2.1.2.1.15. EASProvisionDoc and
// DevicePasswordEnabled are the first two tags of the policy document.
const (
	TagProvision             = Tag(PageProvision<<8 | 0x05)
	TagPolicies              = Tag(PageProvision<<8 | 0x06)
	TagPolicy                = Tag(PageProvision<<8 | 0x07)
	TagPolicyType            = Tag(PageProvision<<8 | 0x08)
	TagPolicyKey             = Tag(PageProvision<<8 | 0x09)
	TagPolicyData            = Tag(PageProvision<<8 | 0x0A)
	TagProvStatus            = Tag(PageProvision<<8 | 0x0B)
	TagRemoteWipe            = Tag(PageProvision<<8 | 0x0C)
	TagEASProvisionDoc       = Tag(PageProvision<<8 | 0x0D)
	TagDevicePasswordEnabled = Tag(PageProvision<<8 | 0x0E)
)

// pageNames are the namespaces of [MS-ASWBXML] section 2.1.2.1, by page.
var pageNames = [...]string{
	"AirSync", "Contacts", "Email", "AirNotify", "Calendar", "Move",
	"GetItemEstimate", "FolderHierarchy", "MeetingResponse", "Tasks",
	"ResolveRecipients", "ValidateCert", "Contacts2", "Ping", "Provision",
	"Search", "GAL", "AirSyncBase", "Settings", "DocumentLibrary",
	"ItemOperations", "ComposeMail", "Email2", "Notes", "RightsManagement",
}

var tagNames = map[Tag]string{
	TagSync: "Sync", TagSyncKey: "SyncKey", TagSyncServerID: "ServerId",
	TagSyncStatus: "Status", TagCollection: "Collection", TagSyncClass: "Class",

	TagFHDisplayName: "DisplayName", TagFHServerID: "ServerId",
	TagFHParentID: "ParentId", TagFHType: "Type", TagFHStatus: "Status",
	TagFHChanges: "Changes", TagFHAdd: "Add", TagFHDelete: "Delete",
	TagFHUpdate: "Update", TagFHSyncKey: "SyncKey", TagFolderSync: "FolderSync",
	TagFHCount: "Count",

	TagPing: "Ping", TagPingAutdState: "AutdState", TagPingStatus: "Status",
	TagHeartbeatInterval: "HeartbeatInterval", TagPingFolders: "Folders",
	TagPingFolder: "Folder", TagPingID: "Id", TagPingClass: "Class",
	TagMaxFolders: "MaxFolders",

	TagProvision: "Provision", TagPolicies: "Policies", TagPolicy: "Policy",
	TagPolicyType: "PolicyType", TagPolicyKey: "PolicyKey", TagPolicyData: "Data",
	TagProvStatus: "Status", TagRemoteWipe: "RemoteWipe",
	TagEASProvisionDoc: "EASProvisionDoc", TagDevicePasswordEnabled: "DevicePasswordEnabled",
}

// String returns "Namespace:Name" for known tags ("Ping:HeartbeatInterval"),
// "Namespace:0x2f" for unnamed tokens of a known page and "page 40:0x2f"
// otherwise.
func (t Tag) String() string {
	page := fmt.Sprintf("page %d", t.Page())
	if int(t.Page()) < len(pageNames) {
		page = pageNames[t.Page()]
	}
	if name, ok := tagNames[t]; ok {
		return page + ":" + name
	}
	return fmt.Sprintf("%s:0x%02x", page, t.Token())
}
