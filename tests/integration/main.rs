//! The integration tests: one binary, one module per area.

mod authoring;
mod check;
mod common;
mod properties;
mod robustness;
