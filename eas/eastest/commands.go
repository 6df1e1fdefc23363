package eastest

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/hopaudit/hopaudit/eas"
)

// maxBody bounds request bodies the fake reads.
const maxBody = 64 << 10

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return nil, false
	}
	return b, true
}

// provision answers both phases: the initial request gets a temporary key
// and the policy, the acknowledgement of that key gets the final key.
func (s *Server) provision(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	req, err := eas.ParseProvisionRequest(body)
	if err != nil {
		writeWBXML(w)(eas.EncodeProvisionResponse(eas.ProvisionResponse{Status: 2}))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	resp := eas.ProvisionResponse{Status: 1, PolicyType: req.PolicyType, PolicyStatus: 1}
	switch {
	case req.PolicyType != eas.PolicyTypeWBXML:
		resp.PolicyStatus = 3 // unknown PolicyType, [MS-ASPROV] 2.2.2.54.1
	case req.PolicyKey == "":
		s.tempKey = s.newKey()
		resp.PolicyKey, resp.PolicyData = s.tempKey, true
	case req.PolicyKey == s.tempKey && req.Status == 1:
		s.finalKey, s.tempKey = s.newKey(), ""
		resp.PolicyKey = s.finalKey
	default:
		resp.PolicyStatus = 5 // acknowledging the wrong policy key
	}
	writeWBXML(w)(eas.EncodeProvisionResponse(resp))
}

func (s *Server) newKey() string {
	s.nextKey += 2654435761 // spread keys like real ones; any 32-bit value does
	return strconv.FormatUint(uint64(s.nextKey), 10)
}

// provisioned checks X-MS-PolicyKey; without the final key it answers 449,
// or 200 with Status 142 in the form build returns when ProvisionStatus is
// set.
func (s *Server) provisioned(w http.ResponseWriter, r *http.Request, build func() ([]byte, error)) bool {
	s.mu.Lock()
	ok := s.finalKey != "" && r.Header.Get("X-MS-PolicyKey") == s.finalKey
	s.mu.Unlock()
	if ok {
		return true
	}
	if s.cfg.ProvisionStatus {
		writeWBXML(w)(build())
	} else {
		w.WriteHeader(449)
	}
	return false
}

func (s *Server) folderSync(w http.ResponseWriter, r *http.Request) {
	need := func() ([]byte, error) {
		return eas.EncodeFolderSyncResponse(eas.FolderSyncResponse{Status: int(eas.StatusDeviceNotProvisioned)})
	}
	if !s.provisioned(w, r, need) {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	req, err := eas.ParseFolderSyncRequest(body)
	resp := eas.FolderSyncResponse{Status: 1, SyncKey: "1", Added: s.cfg.Folders}
	if err != nil || req.SyncKey != "0" {
		resp = eas.FolderSyncResponse{Status: 9} // invalid sync key: only SyncKey 0 is served
	}
	writeWBXML(w)(eas.EncodeFolderSyncResponse(resp))
}

func (s *Server) ping(w http.ResponseWriter, r *http.Request, q eas.Query) {
	need := func() ([]byte, error) {
		return eas.EncodePingResponse(eas.PingResponse{Status: eas.StatusDeviceNotProvisioned})
	}
	if !s.provisioned(w, r, need) {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	req, err := eas.ParsePingRequest(body)
	if err != nil {
		writeWBXML(w)(eas.EncodePingResponse(eas.PingResponse{Status: eas.PingSyntaxError}))
		return
	}
	req, early := s.pingParams(q.DeviceID, req)
	if early.Status != 0 {
		writeWBXML(w)(eas.EncodePingResponse(early))
		return
	}
	writeWBXML(w)(eas.EncodePingResponse(s.hold(r, req)))
}

// pingParams merges req with the values cached for the device and checks
// them; a non-zero early response is the answer to send at once.
func (s *Server) pingParams(device string, req eas.PingRequest) (eas.PingRequest, eas.PingResponse) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cached := s.cached[device]
	if req.HeartbeatInterval == 0 {
		req.HeartbeatInterval = cached.HeartbeatInterval
	}
	if len(req.Folders) == 0 {
		req.Folders = cached.Folders
	}
	switch {
	case req.HeartbeatInterval == 0 || len(req.Folders) == 0:
		return req, eas.PingResponse{Status: eas.PingMissingParameters}
	case req.HeartbeatInterval < s.cfg.MinHeartbeat:
		return req, eas.PingResponse{Status: eas.PingHeartbeatOutOfRange, HeartbeatInterval: s.cfg.MinHeartbeat}
	case req.HeartbeatInterval > s.cfg.MaxHeartbeat:
		return req, eas.PingResponse{Status: eas.PingHeartbeatOutOfRange, HeartbeatInterval: s.cfg.MaxHeartbeat}
	case len(req.Folders) > s.cfg.MaxFolders:
		return req, eas.PingResponse{Status: eas.PingTooManyFolders, MaxFolders: s.cfg.MaxFolders}
	}
	s.cached[device] = req
	return req, eas.PingResponse{}
}

// hold waits for the heartbeat (scaled by TimeUnit) or a Notify.
func (s *Server) hold(r *http.Request, req eas.PingRequest) eas.PingResponse {
	s.mu.Lock()
	wake := s.notify
	s.mu.Unlock()
	t := time.NewTimer(time.Duration(req.HeartbeatInterval) * s.cfg.TimeUnit)
	defer t.Stop()
	select {
	case <-t.C:
		return eas.PingResponse{Status: eas.PingExpired}
	case <-wake:
		s.mu.Lock()
		defer s.mu.Unlock()
		return eas.PingResponse{Status: eas.PingChanges, Folders: s.changed}
	case <-r.Context().Done():
		return eas.PingResponse{Status: eas.PingServerError} // nobody reads it
	}
}
