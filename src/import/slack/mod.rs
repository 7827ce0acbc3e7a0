//! `import --from slack`: one channel of a Slack export as timeline events.
//!
//! The export is the layout Slack documents for "Export data": `channels.json` (id, name),
//! `users.json` (id, name, real name, profile), and a folder per channel holding one JSON
//! file per day, each a list of messages (`ts`, `user`, `text`, `thread_ts`, `pinned_to`,
//! `reactions`, `files`, `subtype`, `edited`, bot fields). Each chosen message becomes one
//! event "**Author**: text" (mrkdwn turned into Markdown); the replies of its thread follow
//! inside it as quotes. Join/leave/topic and other system messages are left out. The first
//! message that carries a milestone word proposes that mark; each proposal is a guess the
//! user is shown.

mod export;
pub mod mrkdwn;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::edit::NewEvent;
use crate::model::Mark;
use crate::output::Failure;
use crate::time::format_in_zone;
use export::Export;

/// What to take from the export.
#[derive(Debug, Clone)]
pub struct Options {
    /// The channel's name, without `#`.
    pub channel: String,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Only pinned messages (or, with `reaction`, pinned or reacted to).
    pub pinned: bool,
    /// Only messages with this reaction (or, with `pinned`, either).
    pub reaction: Option<String>,
    /// The zone reply times are shown in.
    pub zone: Tz,
}

/// The channel's events and the guesses made on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct SlackTimeline {
    pub events: Vec<NewEvent>,
    pub guesses: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ChannelEntry {
    id: String,
    name: String,
}

#[derive(Debug, Deserialize)]
struct User {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    real_name: Option<String>,
    #[serde(default)]
    profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    real_name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Message {
    #[serde(default)]
    subtype: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    bot_profile: Option<Named>,
    #[serde(default)]
    text: String,
    ts: String,
    #[serde(default)]
    thread_ts: Option<String>,
    #[serde(default)]
    pinned_to: Vec<String>,
    #[serde(default)]
    reactions: Vec<Named>,
    #[serde(default)]
    files: Vec<FileRef>,
    #[serde(default)]
    edited: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct Named {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FileRef {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// Messages people wrote (or bots posted); the others are Slack's own notices.
const KEPT_SUBTYPES: [&str; 5] =
    ["bot_message", "me_message", "thread_broadcast", "file_share", "thread_reply"];

const HELP: &str = "a day file of a Slack export is a JSON list of messages, each with a string `ts`; export the workspace again";

struct Directory {
    users: HashMap<String, String>,
    channels: HashMap<String, String>,
}

impl mrkdwn::Names for Directory {
    fn user(&self, id: &str) -> Option<String> {
        self.users.get(id).cloned()
    }
    fn channel(&self, id: &str) -> Option<String> {
        self.channels.get(id).cloned()
    }
}

/// One message read, with its instant.
struct Read {
    at: DateTime<Utc>,
    ts: String,
    message: Message,
}

/// Read the chosen messages of `options.channel` from the export at `path`.
pub fn read(path: &Path, options: &Options) -> Result<SlackTimeline, Failure> {
    let mut export = Export::open(path)?;
    let channels: Vec<ChannelEntry> = document(&mut export, "channels.json")?.ok_or_else(|| {
        Failure::new(format!("{}: no `channels.json`", export.display()))
            .help("give the folder or .zip that Slack's \"Export data\" produces")
    })?;
    let users: Vec<User> = document(&mut export, "users.json")?.unwrap_or_default();
    let Some(channel) = channels.iter().find(|c| c.name == options.channel) else {
        let names: Vec<String> = channels.iter().map(|c| c.name.clone()).collect();
        let help = match crate::diagnostic::suggest(&options.channel, &names) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "the export's channels are: {}",
                names.iter().take(20).cloned().collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(Failure::new(format!(
            "{}: no channel `{}` in channels.json",
            export.display(),
            options.channel
        ))
        .help(help));
    };
    let directory = Directory {
        users: users.iter().filter_map(|u| user_name(u).map(|n| (u.id.clone(), n))).collect(),
        channels: channels.iter().map(|c| (c.id.clone(), c.name.clone())).collect(),
    };
    let mut messages = Vec::new();
    for name in export.day_files(&channel.name) {
        let Some(text) = export.read(&name)? else { continue };
        messages.extend(parse_day(&export.describe(&name), &text)?);
    }
    messages.sort_by_key(|m| m.at);
    Ok(timeline(&messages, &channel.id, options, &directory))
}

/// One day file's messages, each with its instant.
fn parse_day(display: &str, text: &str) -> Result<Vec<Read>, Failure> {
    let day: Vec<Message> = crate::import::typed_json(display, text, HELP)?;
    day.into_iter()
        .enumerate()
        .map(|(i, message)| {
            let at = parse_ts(&message.ts).ok_or_else(|| {
                Failure::new(format!("{display}: `[{i}].ts`: `{}` is not a Slack timestamp", message.ts.escape_debug()))
                    .help("Slack writes `ts` as seconds since 1970 with microseconds, such as \"1783177380.000200\"")
            })?;
            crate::time::check_representable(at).map_err(|e| {
                Failure::new(format!("{display}: `[{i}].ts` (`{}`): {e}", message.ts.escape_debug()))
                    .help(format!("{}; fix the message's `ts` in the export", e.help()))
            })?;
            Ok(Read { at, ts: message.ts.clone(), message })
        })
        .collect()
}

/// The events of one day file read alone (no users or channels to name): the JSON reader,
/// timestamps, threads, selection and mrkdwn, as the fuzzer drives them.
pub fn events_of_day(display: &str, text: &str, options: &Options) -> Result<SlackTimeline, Failure> {
    let mut messages = parse_day(display, text)?;
    messages.sort_by_key(|m| m.at);
    let directory = Directory { users: HashMap::new(), channels: HashMap::new() };
    Ok(timeline(&messages, "C0", options, &directory))
}

fn document<T: serde::de::DeserializeOwned>(export: &mut Export, name: &str) -> Result<Option<T>, Failure> {
    let Some(text) = export.read(name)? else { return Ok(None) };
    crate::import::typed_json(&export.describe(name), &text, HELP).map(Some)
}

/// The name Slack shows: the display name, else the real name, else the handle.
fn user_name(user: &User) -> Option<String> {
    let profile = user.profile.as_ref();
    [
        profile.and_then(|p| p.display_name.clone()),
        profile.and_then(|p| p.real_name.clone()),
        user.real_name.clone(),
        user.name.clone(),
    ]
    .into_iter()
    .flatten()
    .map(|n| n.trim().to_string())
    .find(|n| !n.is_empty())
}

/// `1783177380.000200` -> the instant, to the second (the file stores seconds).
fn parse_ts(ts: &str) -> Option<DateTime<Utc>> {
    let (seconds, micros) = ts.split_once('.').unwrap_or((ts, "0"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(seconds) || !digits(micros) {
        return None;
    }
    DateTime::from_timestamp(seconds.parse().ok()?, 0)
}

fn kept(message: &Message) -> bool {
    message.subtype.as_deref().is_none_or(|s| KEPT_SUBTYPES.contains(&s))
}

fn is_reply(read: &Read) -> bool {
    read.message.thread_ts.as_deref().is_some_and(|t| t != read.ts)
}

fn chosen(message: &Message, channel_id: &str, options: &Options) -> bool {
    if !options.pinned && options.reaction.is_none() {
        return true;
    }
    let pinned = options.pinned && message.pinned_to.iter().any(|c| c == channel_id);
    let wanted = options.reaction.as_deref().map(|r| r.trim_matches(':'));
    let reacted = wanted.is_some_and(|w| {
        message
            .reactions
            .iter()
            .any(|r| r.name.as_deref().is_some_and(|n| n == w || n.split("::").next() == Some(w)))
    });
    pinned || reacted
}

fn timeline(messages: &[Read], channel_id: &str, options: &Options, directory: &Directory) -> SlackTimeline {
    let in_range =
        |at: DateTime<Utc>| options.since.is_none_or(|s| at >= s) && options.until.is_none_or(|u| at <= u);
    let mut replies: HashMap<&str, Vec<&Read>> = HashMap::new();
    for read in messages.iter().filter(|r| kept(&r.message) && is_reply(r)) {
        if let Some(parent) = read.message.thread_ts.as_deref() {
            replies.entry(parent).or_default().push(read);
        }
    }
    let parents: std::collections::HashSet<&str> = messages
        .iter()
        .filter(|r| {
            kept(&r.message) && !is_reply(r) && chosen(&r.message, channel_id, options) && in_range(r.at)
        })
        .map(|r| r.ts.as_str())
        .collect();
    let mut events = Vec::new();
    let mut guesses = Vec::new();
    let mut proposed: Vec<Mark> = Vec::new();
    for read in messages.iter().filter(|r| kept(&r.message) && in_range(r.at)) {
        let reply = is_reply(read);
        let parent_taken = read.message.thread_ts.as_deref().is_some_and(|t| parents.contains(t));
        let take = if reply {
            !parent_taken && chosen(&read.message, channel_id, options)
        } else {
            parents.contains(read.ts.as_str())
        };
        if !take {
            continue;
        }
        let author = author_of(&read.message, directory);
        let mut text = format!("**{}**: {}", mrkdwn::escape(&author), body(&read.message, directory));
        if reply {
            text = format!("(in a thread) {text}");
        } else {
            // Replies follow in their order, without clock times: a time in the text would read as
            // a claim about the incident for the prose checks.
            for answer in replies.get(read.ts.as_str()).into_iter().flatten() {
                let who = mrkdwn::escape(&author_of(&answer.message, directory));
                let quoted: Vec<String> = body(&answer.message, directory)
                    .lines()
                    .map(|l| format!("> {l}").trim_end().to_string())
                    .collect();
                let quoted = quoted.join("\n");
                let quoted = quoted.strip_prefix("> ").unwrap_or(&quoted);
                text.push_str(&format!("\n\n> **{who}**: {quoted}"));
            }
        }
        let mut marks = Vec::new();
        if let Some((mark, word)) = milestone(&read.message.text)
            && !proposed.contains(&mark)
        {
            proposed.push(mark);
            marks.push(mark);
            guesses.push(format!(
                "`{}` for the message of {} by {} (it says \"{word}\")",
                mark.as_str(),
                format_in_zone(read.at, options.zone, "%Y-%m-%d %H:%M %Z"),
                author
            ));
        }
        events.push(NewEvent { at: read.at, text, marks });
    }
    SlackTimeline { events, guesses }
}

fn author_of(message: &Message, directory: &Directory) -> String {
    let bot = || {
        message
            .username
            .clone()
            .or_else(|| message.bot_profile.as_ref().and_then(|b| b.name.clone()))
            .map(|n| format!("{n} (bot)"))
    };
    let person =
        message.user.as_deref().map(|id| directory.users.get(id).cloned().unwrap_or_else(|| id.to_string()));
    let name = if message.subtype.as_deref() == Some("bot_message") {
        bot().or(person)
    } else {
        person.or_else(bot)
    };
    let name = name.unwrap_or_else(|| "unknown".to_string());
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The message's text as Markdown, with its files named and an edit noted.
fn body(message: &Message, directory: &Directory) -> String {
    let mut text = mrkdwn::to_markdown(message.text.trim(), directory);
    let files: Vec<String> = message
        .files
        .iter()
        .filter_map(|f| f.title.clone().or_else(|| f.name.clone()))
        .map(|name| format!("`{}`", name.replace('`', "'")))
        .collect();
    if !files.is_empty() {
        text.push_str(&format!(" (attached: {})", files.join(", ")));
    }
    if message.edited.is_some() {
        text.push_str(" *(edited)*");
    }
    text.trim().to_string()
}

/// The milestone a message's words announce, with the word.
fn milestone(text: &str) -> Option<(Mark, String)> {
    const WORDS: [(&str, Mark); 12] = [
        ("declared", Mark::Detected),
        ("declaring", Mark::Detected),
        ("paged", Mark::Detected),
        ("acknowledged", Mark::Acknowledged),
        ("ack'd", Mark::Acknowledged),
        ("identified", Mark::Identified),
        ("root cause", Mark::Identified),
        ("mitigated", Mark::Mitigated),
        ("mitigation", Mark::Mitigated),
        ("recovered", Mark::Recovered),
        ("resolved", Mark::Resolved),
        ("all clear", Mark::Resolved),
    ];
    let lower = text.to_lowercase();
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    WORDS.iter().find_map(|(word, mark)| {
        lower.match_indices(word).find_map(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + word.len()..].chars().next();
            (before.is_none_or(|c| !is_word_char(c)) && after.is_none_or(|c| !is_word_char(c)))
                .then(|| (*mark, (*word).to_string()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_must_be_numbers() {
        assert_eq!(parse_ts("1783177380.000200"), DateTime::from_timestamp(1_783_177_380, 0));
        assert_eq!(parse_ts("1783177380"), DateTime::from_timestamp(1_783_177_380, 0));
        for bad in ["", "abc", "1.2.3", "-5.0", "1e9", "99999999999999999.1"] {
            assert_eq!(parse_ts(bad), None, "{bad}");
        }
    }

    #[test]
    fn milestone_words_are_whole_words() {
        assert_eq!(milestone("Incident DECLARED, paging DB"), Some((Mark::Detected, "declared".to_string())));
        assert_eq!(milestone("still unresolved"), None);
        assert_eq!(milestone("Root cause: DHCP lease"), Some((Mark::Identified, "root cause".to_string())));
    }
}
