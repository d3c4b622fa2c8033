package rules

import "github.com/vpcheck/vpcheck/model"

// routingKinds are the kinds that decide routes: a rule that reads routes
// from the model (besides exploring them) declares them in its Locality.
var routingKinds = []model.Kind{model.KindVPC, model.KindSubnet, model.KindRouteTable, model.KindPeering, model.KindTransitGateway, model.KindTGWRouteTable, model.KindTGWAttachment, model.KindVPNGateway, model.KindVPNConnection, model.KindCustomerGateway, model.KindDXGateway, model.KindOnPrem, model.KindPrefixList}

// lbKinds are what the load balancer rules read from the model.
var lbKinds = []model.Kind{model.KindLoadBalancer, model.KindLBListener, model.KindTargetGroup, model.KindInstance, model.KindNetworkInterface, model.KindSubnet}
