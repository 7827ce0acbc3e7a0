//! Importers: documents written elsewhere turned into incident files.

pub mod markdown;
pub mod statuspage;
