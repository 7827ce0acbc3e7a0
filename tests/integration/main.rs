//! The integration tests: one binary, one module per area.

mod browser;
mod check;
mod common;
mod render;
