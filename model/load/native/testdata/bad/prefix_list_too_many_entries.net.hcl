# want 3:3 "has 2 entries, more than max_entries = 1"
prefix_list "office" {
  entries     = ["192.168.0.0/24", "192.168.1.0/24"]
  max_entries = 1
}
