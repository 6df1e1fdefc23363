package eas

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ServerInfo is the answer to OPTIONS ([MS-ASHTTP]): the protocol versions
// and commands the server supports.
type ServerInfo struct {
	Versions []string // MS-ASProtocolVersions, e.g. ["2.5", "12.0", "14.1"]
	Commands []string // MS-ASProtocolCommands, e.g. ["Sync", "Ping"]
	Meta     *ResponseMeta
}

// Options sends OPTIONS to BaseURL and returns the advertised versions and
// commands.
func (c *Client) Options(ctx context.Context) (ServerInfo, error) {
	_, meta, err := c.do(ctx, "OPTIONS", "", nil)
	if err != nil {
		return ServerInfo{Meta: meta}, err
	}
	return ServerInfo{
		Versions: splitList(meta.Header.Get("MS-ASProtocolVersions")),
		Commands: splitList(meta.Header.Get("MS-ASProtocolCommands")),
		Meta:     meta,
	}, nil
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Provision runs both phases of [MS-ASPROV] provisioning (section 2.2.2.41
// lists what each phase carries): it asks for the policy, getting a temporary
// key, acknowledges that key with Status 1, stores the final key in
// c.PolicyKey and returns it.
func (c *Client) Provision(ctx context.Context) (string, error) {
	c.PolicyKey = ""
	first, err := c.provisionPhase(ctx, ProvisionRequest{PolicyType: PolicyTypeWBXML})
	if err != nil {
		return "", err
	}
	c.PolicyKey = first.PolicyKey
	ack, err := c.provisionPhase(ctx, ProvisionRequest{PolicyType: PolicyTypeWBXML, PolicyKey: first.PolicyKey, Status: 1})
	if err != nil {
		c.PolicyKey = ""
		return "", fmt.Errorf("acknowledge: %w", err)
	}
	c.PolicyKey = ack.PolicyKey
	return ack.PolicyKey, nil
}

func (c *Client) provisionPhase(ctx context.Context, req ProvisionRequest) (ProvisionResponse, error) {
	body, err := EncodeProvisionRequest(req)
	if err != nil {
		return ProvisionResponse{}, err
	}
	data, meta, err := c.do(ctx, "POST", "Provision", body)
	if err != nil {
		return ProvisionResponse{}, err
	}
	if err := checkWBXML("Provision", data, meta); err != nil {
		return ProvisionResponse{}, err
	}
	resp, err := ParseProvisionResponse(data)
	if err != nil {
		return ProvisionResponse{}, err
	}
	if resp.Status != 1 || resp.PolicyStatus != 1 || resp.PolicyKey == "" {
		return resp, fmt.Errorf("provision: status %d, policy status %d, policy key %q: not a success",
			resp.Status, resp.PolicyStatus, resp.PolicyKey)
	}
	return resp, nil
}

// FolderSync asks for the whole folder hierarchy (SyncKey 0). The answer's
// Inbox method finds the Inbox to Ping. Status 142..144 gives a *StatusError
// matching ErrProvisionNeeded; any other status but 1 is an error.
func (c *Client) FolderSync(ctx context.Context) (FolderSyncResponse, error) {
	body, err := EncodeFolderSyncRequest(FolderSyncRequest{SyncKey: "0"})
	if err != nil {
		return FolderSyncResponse{}, err
	}
	data, meta, err := c.do(ctx, "POST", "FolderSync", body)
	if err != nil {
		return FolderSyncResponse{}, err
	}
	if err := checkWBXML("FolderSync", data, meta); err != nil {
		return FolderSyncResponse{}, err
	}
	resp, err := ParseFolderSyncResponse(data)
	if err != nil {
		return resp, err
	}
	if PingStatus(resp.Status).NeedsProvisioning() {
		return resp, &StatusError{Cmd: "FolderSync", StatusCode: meta.StatusCode, Status: meta.Status, ASStatus: resp.Status}
	}
	if resp.Status != 1 {
		return resp, fmt.Errorf("foldersync: status %d", resp.Status)
	}
	return resp, nil
}

// Ping sends one Ping and waits for the answer, which takes up to heartbeat
// when nothing changes. heartbeat is rounded down to whole seconds; 0 with no
// folders sends the empty Ping that reuses the server's cached values. The
// caller's ctx should allow heartbeat plus a margin.
//
// Statuses 1..8 come back in PingResponse with a nil error, except Status 5,
// which also returns a *HeartbeatError carrying the server's bound. Status
// 142..144 and non-200 answers give a *StatusError. meta is set whenever an
// HTTP answer arrived.
func (c *Client) Ping(ctx context.Context, heartbeat time.Duration, folders []PingFolder) (PingResponse, *ResponseMeta, error) {
	secs := int(heartbeat / time.Second)
	if heartbeat < 0 || (heartbeat > 0 && secs == 0) {
		return PingResponse{}, nil, fmt.Errorf("ping: heartbeat %v is not 0 or at least 1s", heartbeat)
	}
	body, err := EncodePingRequest(PingRequest{HeartbeatInterval: secs, Folders: folders})
	if err != nil {
		return PingResponse{}, nil, err
	}
	data, meta, err := c.do(ctx, "POST", "Ping", body)
	if err != nil {
		return PingResponse{}, meta, err
	}
	if err := checkWBXML("Ping", data, meta); err != nil {
		return PingResponse{}, meta, err
	}
	resp, err := ParsePingResponse(data)
	if err != nil {
		return resp, meta, err
	}
	switch {
	case resp.Status.NeedsProvisioning():
		return resp, meta, &StatusError{Cmd: "Ping", StatusCode: meta.StatusCode, Status: meta.Status, ASStatus: int(resp.Status)}
	case resp.Status == PingHeartbeatOutOfRange:
		return resp, meta, &HeartbeatError{Requested: secs, Limit: resp.HeartbeatInterval}
	}
	return resp, meta, nil
}
