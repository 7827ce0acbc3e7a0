//! Rendering: status-page text and Statuspage JSON.

pub mod status;
pub mod statuspage_json;
