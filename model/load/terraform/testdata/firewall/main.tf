# Rule groups whose parts vpcheck does not evaluate: a header naming a rule
# variable, one with an application protocol, a Suricata string and a
# domain list; and one 5-tuple header it does evaluate.
resource "aws_networkfirewall_rule_group" "headers" {
  capacity = 10
  name     = "headers"
  type     = "STATEFUL"
  rule_group {
    rules_source {
      stateful_rule {
        action = "DROP"
        header {
          protocol         = "TCP"
          source           = "$HOME_NET"
          source_port      = "ANY"
          direction        = "FORWARD"
          destination      = "ANY"
          destination_port = "25"
        }
        rule_option {
          keyword  = "sid"
          settings = ["1"]
        }
      }
      stateful_rule {
        action = "DROP"
        header {
          protocol         = "DNS"
          source           = "ANY"
          source_port      = "ANY"
          direction        = "ANY"
          destination      = "ANY"
          destination_port = "ANY"
        }
        rule_option {
          keyword  = "sid"
          settings = ["2"]
        }
      }
      stateful_rule {
        action = "PASS"
        header {
          protocol         = "TCP"
          source           = "10.0.0.0/16"
          source_port      = "1024:65535"
          direction        = "FORWARD"
          destination      = "ANY"
          destination_port = "443"
        }
        rule_option {
          keyword  = "sid"
          settings = ["3"]
        }
      }
    }
  }
}

resource "aws_networkfirewall_rule_group" "suricata" {
  capacity = 10
  name     = "suricata"
  type     = "STATEFUL"
  rule_group {
    rules_source {
      rules_string = "pass tcp any any -> any 80 (sid:1;)"
    }
  }
}

resource "aws_networkfirewall_rule_group" "domains" {
  capacity = 10
  name     = "domains"
  type     = "STATEFUL"
  rule_group {
    rules_source {
      rules_source_list {
        generated_rules_type = "DENYLIST"
        target_types         = ["HTTP_HOST"]
        targets              = [".example.com"]
      }
    }
  }
}
