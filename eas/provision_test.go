package eas

import (
	"reflect"
	"testing"
)

func TestProvisionRoundTrip(t *testing.T) {
	reqs := []ProvisionRequest{
		{PolicyType: PolicyTypeWBXML},
		{PolicyType: PolicyTypeWBXML, PolicyKey: "1307199584", Status: 1},
	}
	for _, r := range reqs {
		b, err := EncodeProvisionRequest(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseProvisionRequest(b)
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("request round trip of %+v = %+v, %v", r, got, err)
		}
	}
	resps := []ProvisionResponse{
		{Status: 1, PolicyType: PolicyTypeWBXML, PolicyStatus: 1, PolicyKey: "1307199584", PolicyData: true},
		{Status: 1, PolicyType: PolicyTypeWBXML, PolicyStatus: 1, PolicyKey: "3942919513"},
		{Status: 2},
	}
	for _, r := range resps {
		b, err := EncodeProvisionResponse(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseProvisionResponse(b)
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("response round trip of %+v = %+v, %v", r, got, err)
		}
	}
}

func TestProvisionAckKeyBeforeStatus(t *testing.T) {
	b, err := EncodeProvisionRequest(ProvisionRequest{PolicyType: PolicyTypeWBXML, PolicyKey: "7", Status: 1})
	if err != nil {
		t.Fatal(err)
	}
	root, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	policy := root.Child(TagPolicies).Child(TagPolicy)
	var order []Tag
	for _, c := range policy.Children {
		order = append(order, c.Tag)
	}
	want := []Tag{TagPolicyType, TagPolicyKey, TagProvStatus}
	if !reflect.DeepEqual(order, want) {
		t.Fatalf("Policy children = %v, want %v", order, want)
	}
}

func TestProvisionErrors(t *testing.T) {
	if _, err := EncodeProvisionRequest(ProvisionRequest{}); err == nil ||
		err.Error() != "encode provision request: empty PolicyType" {
		t.Errorf("error = %v", err)
	}
	_, err := ParseProvisionResponse([]byte("\x03\x01\x6a\x00\x00\x0e\x45\x46\x01\x01"))
	if want := "provision response: offset 6: Provision without Status"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	_, err = ParseProvisionRequest([]byte("\x03\x01\x6a\x00\x00\x0e\x45\x46\x47\x4b\x03ok\x00\x01\x01\x01\x01"))
	if want := "provision request: offset 9: Provision:Status \"ok\" is not a decimal number of 1 to 9 digits"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}
