# want 3:32 "prefix list \"office\" is IPv4; 2001:db8::/32 is not"
prefix_list "office" {
  entries = ["192.168.0.0/16", "2001:db8::/32"]
}
