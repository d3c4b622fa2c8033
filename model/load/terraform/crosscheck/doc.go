// Package crosscheck holds tests that compare what the Terraform loader
// builds with what other inputs of the same network build, through the
// analyzer: kept apart so that the loader's own tests do not depend on the
// engines.
package crosscheck
