package eas

import "fmt"

// PolicyTypeWBXML is the PolicyType of protocol versions 12.0 and later
// ([MS-ASPROV] section 2.2.2.43).
const PolicyTypeWBXML = "MS-EAS-Provisioning-WBXML"

// ProvisionRequest is the body of a Provision request ([MS-ASPROV] section
// 2.2.2.41). The initial request carries only PolicyType; the
// acknowledgement adds the PolicyKey the server sent and Status 1 (policy
// applied).
type ProvisionRequest struct {
	PolicyType string
	PolicyKey  string // empty in the initial request
	Status     int    // acknowledgement status, 0 when absent
}

// ProvisionResponse is the body of a Provision response.
type ProvisionResponse struct {
	Status       int    // Provision-level status: 1 success ([MS-ASPROV] 2.2.2.54.2)
	PolicyType   string // empty when the response has no Policy
	PolicyStatus int    // Policy-level status: 1 success ([MS-ASPROV] 2.2.2.54.1)
	PolicyKey    string // the key to acknowledge, then to send as X-MS-PolicyKey
	// PolicyData reports a Data element (the policy document): present in
	// the answer to the initial request, absent in the acknowledgement's.
	// The encoder writes a minimal EASProvisionDoc (no device password).
	PolicyData bool
}

const (
	docProvisionRequest  = "provision request"
	docProvisionResponse = "provision response"
)

// EncodeProvisionRequest encodes r. PolicyType is required; PolicyKey comes
// before Status as [MS-ASPROV] section 2.2.2.41 requires.
func EncodeProvisionRequest(r ProvisionRequest) ([]byte, error) {
	if r.PolicyType == "" {
		return nil, fmt.Errorf("encode provision request: empty PolicyType")
	}
	policy := El(TagPolicy, Str(TagPolicyType, r.PolicyType))
	if r.PolicyKey != "" {
		policy.Children = append(policy.Children, Str(TagPolicyKey, r.PolicyKey))
	}
	if r.Status > 0 {
		policy.Children = append(policy.Children, Str(TagProvStatus, itoa(r.Status)))
	}
	return Encode(El(TagProvision, El(TagPolicies, policy)))
}

// ParseProvisionRequest decodes a Provision request body. A request without
// Policies/Policy (a remote-wipe acknowledgement) yields an empty request.
func ParseProvisionRequest(body []byte) (ProvisionRequest, error) {
	var r ProvisionRequest
	root, err := decodeRoot(docProvisionRequest, body, TagProvision)
	if err != nil {
		return r, err
	}
	policy := policyOf(root)
	if policy == nil {
		return r, nil
	}
	r.PolicyType, _ = childText(policy, TagPolicyType)
	r.PolicyKey, _ = childText(policy, TagPolicyKey)
	if st := policy.Child(TagProvStatus); st != nil {
		if r.Status, err = nodeUint(docProvisionRequest, st); err != nil {
			return ProvisionRequest{}, err
		}
	}
	return r, nil
}

func policyOf(root *Node) *Node {
	if ps := root.Child(TagPolicies); ps != nil {
		return ps.Child(TagPolicy)
	}
	return nil
}

// EncodeProvisionResponse encodes r: Status, then a Policy when PolicyType
// is set (PolicyType, Status, PolicyKey, Data).
func EncodeProvisionResponse(r ProvisionResponse) ([]byte, error) {
	root := El(TagProvision, Str(TagProvStatus, itoa(r.Status)))
	if r.PolicyType != "" {
		policy := El(TagPolicy, Str(TagPolicyType, r.PolicyType), Str(TagProvStatus, itoa(r.PolicyStatus)))
		if r.PolicyKey != "" {
			policy.Children = append(policy.Children, Str(TagPolicyKey, r.PolicyKey))
		}
		if r.PolicyData {
			policy.Children = append(policy.Children, El(TagPolicyData,
				El(TagEASProvisionDoc, Str(TagDevicePasswordEnabled, "0"))))
		}
		root.Children = append(root.Children, El(TagPolicies, policy))
	}
	return Encode(root)
}

// ParseProvisionResponse decodes a Provision response body; the
// Provision-level Status is required.
func ParseProvisionResponse(body []byte) (ProvisionResponse, error) {
	var r ProvisionResponse
	root, err := decodeRoot(docProvisionResponse, body, TagProvision)
	if err != nil {
		return r, err
	}
	st := root.Child(TagProvStatus)
	if st == nil {
		return r, docErr(docProvisionResponse, root.Offset, "Provision without Status")
	}
	if r.Status, err = nodeUint(docProvisionResponse, st); err != nil {
		return ProvisionResponse{}, err
	}
	policy := policyOf(root)
	if policy == nil {
		return r, nil
	}
	r.PolicyType, _ = childText(policy, TagPolicyType)
	r.PolicyKey, _ = childText(policy, TagPolicyKey)
	r.PolicyData = policy.Child(TagPolicyData) != nil
	if pst := policy.Child(TagProvStatus); pst != nil {
		if r.PolicyStatus, err = nodeUint(docProvisionResponse, pst); err != nil {
			return ProvisionResponse{}, err
		}
	}
	return r, nil
}
