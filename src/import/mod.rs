//! Importers: documents from elsewhere turned into incident files.

pub mod statuspage;
