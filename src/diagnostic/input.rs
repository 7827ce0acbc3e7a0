//! Input checks: the file cannot be read as an incident (syntax, fields, types), or a
//! timestamp, zone or duration in it cannot be read.
//!
//! Syntax and field errors stop the load of that file; the rest are found while resolving.

use super::{Check, Family, Level};

pub const UNREADABLE_FILE: Check = Check {
    code: "PM001",
    name: "unreadable-file",
    level: Level::Error,
    family: Family::Input,
    summary: "the file cannot be read: missing, not UTF-8, or too large",
    explanation: "The file could not be opened or is not UTF-8 text. Incident files are UTF-8 \
        (a byte-order mark and CRLF line endings are accepted) and at most 16 MiB. Check the \
        path, and re-save the file as UTF-8.",
};

pub const SYNTAX_ERROR: Check = Check {
    code: "PM002",
    name: "syntax-error",
    level: Level::Error,
    family: Family::Input,
    summary: "the file is not valid TOML or JSON",
    explanation: "The file does not parse as TOML (`.toml`) or JSON (`.json`). The diagnostic \
        points at the first place the parser could not continue; fix that and run the check \
        again, since later problems may be hidden behind it.",
};

pub const UNKNOWN_FIELD: Check = Check {
    code: "PM003",
    name: "unknown-field",
    level: Level::Error,
    family: Family::Input,
    summary: "a key the format does not define",
    explanation: "Every key of format 1 is known, so a key that is not is almost always a typo \
        (`titel`, `deployement`). Unknown keys are refused instead of ignored, because an \
        ignored `end` would silently turn a closed window into an open one. The message \
        suggests the closest known key.",
};

pub const INVALID_VALUE: Check = Check {
    code: "PM004",
    name: "invalid-value",
    level: Level::Error,
    family: Family::Input,
    summary: "a value of the wrong type, an unknown status, or a missing required field",
    explanation: "A field holds a value the format does not allow: a number where text is \
        expected, a status that is not one of the listed ones (`major_outage`, not `major`), \
        or a required field such as `title` is missing. The message lists what is accepted.",
};

pub const UNSUPPORTED_FORMAT: Check = Check {
    code: "PM005",
    name: "unsupported-format",
    level: Level::Error,
    family: Family::Input,
    summary: "`format` is missing or names a version this build cannot read",
    explanation: "Every incident file starts with `format = 1`, the version of the file \
        format. A file written for another version is refused by name rather than read \
        wrongly; upgrade postmortem, or convert the file.",
};

pub const INVALID_TIMESTAMP: Check = Check {
    code: "PM006",
    name: "invalid-timestamp",
    level: Level::Error,
    family: Family::Input,
    summary: "a timestamp or date that cannot be read or does not exist",
    explanation: "Timestamps are `YYYY-MM-DD HH:MM[:SS]` wall-clock time in the file's \
        `timezone` (or the entry's `tz`), RFC 3339 with an offset such as \
        `2026-07-04T14:55:00Z`, or a TOML date-time. Dates such as `due` are `YYYY-MM-DD`. \
        Impossible values (February 30, 24:00) are refused, not rolled over.",
};

pub const UNKNOWN_ZONE: Check = Check {
    code: "PM007",
    name: "unknown-zone",
    level: Level::Error,
    family: Family::Input,
    summary: "a time zone that is not an IANA zone name",
    explanation: "`timezone` and `tz` take IANA zone names such as `UTC`, `Europe/Berlin` or \
        `America/New_York`. Abbreviations such as `PST` are ambiguous and are not accepted. \
        Timestamps without an offset cannot be placed until the zone is fixed.",
};

pub const DST_GAP: Check = Check {
    code: "PM008",
    name: "dst-gap",
    level: Level::Error,
    family: Family::Input,
    summary: "a wall-clock time skipped by a daylight-saving change",
    explanation: "When clocks jump forward, the wall-clock times in between never happen. A \
        timestamp written in that gap has no true reading; the tool does not guess. Write the \
        instant with an explicit offset; the diagnostic shows the two candidate readings.",
};

pub const DST_FOLD: Check = Check {
    code: "PM009",
    name: "dst-fold",
    level: Level::Error,
    family: Family::Input,
    summary: "a wall-clock time that happens twice because clocks went back",
    explanation: "When clocks go back, an hour of wall-clock time happens twice. A timestamp \
        in that hour without an offset is ambiguous; the tool does not guess. Write it with \
        an explicit offset; the diagnostic shows both readings.",
};

pub const INVALID_DURATION: Check = Check {
    code: "PM010",
    name: "invalid-duration",
    level: Level::Error,
    family: Family::Input,
    summary: "a `duration` that cannot be read",
    explanation: "A window's `duration` is written like `15m`, `7h 10m`, `1d 2h` or `90s` and \
        must be positive.",
};

pub const CHECKS: &[&Check] = &[
    &UNREADABLE_FILE,
    &SYNTAX_ERROR,
    &UNKNOWN_FIELD,
    &INVALID_VALUE,
    &UNSUPPORTED_FORMAT,
    &INVALID_TIMESTAMP,
    &UNKNOWN_ZONE,
    &DST_GAP,
    &DST_FOLD,
    &INVALID_DURATION,
];
