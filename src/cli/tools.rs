//! Flags of the tool's own commands: templates, completions and man.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates into DIR for editing.
    Export {
        /// The folder to write into (created if missing).
        dir: PathBuf,
        /// Overwrite templates that already exist there.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write `postmortem.1`, `postmortem-check.1`, ... into (created when
    /// missing); without it, the top page is printed to stdout.
    pub dir: Option<PathBuf>,
    /// Replace files of the same names that are not manual pages written by postmortem.
    #[arg(long)]
    pub force: bool,
}
