package terraform

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// defaultRegion stands in for a provider region vpcheck cannot see (one set
// by the environment or a profile) where a placeholder needs a region.
const defaultRegion = "us-east-1"

// quietDataSources read nothing network-relevant (policy documents,
// partitions, images): their unknown attributes are not worth a notice. An
// unknown that does reach a network attribute is still reported on the
// resource that uses it.
var quietDataSources = map[string]bool{
	"aws_iam_policy_document": true, "aws_partition": true, "aws_ami": true, "aws_ami_ids": true,
	"aws_iam_role": true, "aws_iam_policy": true, "aws_kms_key": true, "aws_kms_alias": true,
	"aws_vpc_endpoint_service": true, "aws_default_tags": true,
}

// completeData fills in the attributes of a data source. vpcheck never calls
// AWS, so what a data source would read is unknown, except where a
// documented placeholder keeps the configuration analysable:
//   - aws_availability_zones: names "<region>a", "<region>b", "<region>c";
//   - aws_region: the provider's region when the configuration sets it;
//   - aws_vpc_endpoint_service: service_name "com.amazonaws.<region>.<service>";
//   - aws_partition: the commercial partition.
//
// Arguments the configuration sets (an id, a name) keep their values. The
// notice returned (if any) says what was assumed.
func completeData(typ, addr string, region cty.Value, a attrs) (notice, detail string) {
	regionName, regionKnown := "", false
	if r, ok := a.str("region"); ok {
		regionName, regionKnown = r, true
	} else if region.IsKnown() && !region.IsNull() && region.Type() == cty.String {
		regionName, regionKnown = region.AsString(), true
	}
	placeholderRegion := regionName
	if !regionKnown {
		placeholderRegion = defaultRegion
	}
	unknownString := cty.UnknownVal(cty.String)
	switch typ {
	case "aws_availability_zones":
		names := []cty.Value{cty.StringVal(placeholderRegion + "a"), cty.StringVal(placeholderRegion + "b"), cty.StringVal(placeholderRegion + "c")}
		a.setIfMissing("names", cty.ListVal(names))
		a.setIfMissing("zone_ids", cty.UnknownVal(cty.List(cty.String)))
		a.setIfMissing("group_names", cty.UnknownVal(cty.Set(cty.String)))
		a.setIfMissing("id", cty.StringVal(placeholderRegion))
		how := "the provider's region"
		if !regionKnown {
			how = "the region is not set in the configuration, so " + defaultRegion + " is assumed"
		}
		return fmt.Sprintf("%s: placeholder availability zones %sa, %sb, %sc", addr, placeholderRegion, placeholderRegion, placeholderRegion),
			fmt.Sprintf("vpcheck does not call AWS; the zone names are placeholders built from %s. The real names (and how many there are) come from the account when Terraform runs.", how)
	case "aws_region":
		if regionKnown {
			for _, n := range []string{"name", "region", "id"} {
				a.setIfMissing(n, cty.StringVal(regionName))
			}
			a.setIfMissing("description", unknownString)
			a.setIfMissing("endpoint", unknownString)
			return "", ""
		}
	case "aws_partition":
		a.setIfMissing("partition", cty.StringVal("aws"))
		a.setIfMissing("dns_suffix", cty.StringVal("amazonaws.com"))
		a.setIfMissing("id", cty.StringVal("aws"))
		return "", ""
	case "aws_vpc_endpoint_service":
		if s, ok := a.str("service"); ok {
			a.setIfMissing("service_name", cty.StringVal("com.amazonaws."+placeholderRegion+"."+s))
		}
	}
	a.setIfMissing("id", unknownString)
	if quietDataSources[typ] {
		return "", ""
	}
	set := make([]string, 0, len(a))
	for _, k := range sortedKeys(a) {
		if v := a[k]; v.IsWhollyKnown() && !v.IsNull() && k != "id" {
			set = append(set, k)
		}
	}
	detail = "vpcheck does not call AWS, so what this data source reads is unknown"
	if len(set) > 0 {
		detail += " (except the arguments the configuration sets: " + strings.Join(set, ", ") + ")"
	}
	detail += "; everything that depends on it is unknown, and is reported where it reaches the network."
	return fmt.Sprintf("%s is read from AWS when Terraform runs; its attributes are unknown", addr), detail
}
