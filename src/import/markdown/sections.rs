//! Placing a segmented document: each heading's text into its field, the impact and timeline
//! lines and the status-page blocks handed on, and text the format has no field for kept as a
//! section.

use super::actions::read_actions;
use super::segment::{Part, Segment, body, is_template_sentence};
use super::{append, keep_section, short};
use crate::model::raw::{IncidentFile, Section};

/// What the later stages read: lines of the impact and timeline sections, status-page blocks.
#[derive(Default)]
pub(super) struct Placed {
    pub(super) impact_lines: Vec<String>,
    pub(super) timeline_lines: Vec<String>,
    /// Status-page blocks with their index among the segments.
    pub(super) updates: Vec<(usize, Segment)>,
}

/// Put every segment where it belongs. `postmortem_update` is the block whose lines were the
/// document's opening (they are not the update's text).
pub(super) fn place(
    segments: Vec<Segment>,
    postmortem_update: Option<usize>,
    file: &mut IncidentFile,
    line_paragraphs: bool,
    guesses: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> Placed {
    let mut placed = Placed::default();
    for (i, segment) in segments.into_iter().enumerate() {
        let text = body(&segment.lines, line_paragraphs);
        let field = match &segment.part {
            Part::Summary => Some(&mut file.summary),
            Part::RootCause => Some(&mut file.root_cause),
            Part::Resolution => Some(&mut file.resolution),
            Part::LessonsLearned => Some(&mut file.lessons_learned),
            Part::Closing => Some(&mut file.closing),
            Part::Acknowledgements => Some(&mut file.acknowledgements),
            _ => None,
        };
        if let Some(field) = field {
            append(field, text);
            continue;
        }
        match &segment.part {
            Part::Impact => placed.impact_lines.extend(segment.lines.iter().cloned()),
            Part::Timeline => {
                if let Some(intro) = &segment.intro {
                    guesses.push(format!("\"{}\" read as the start of the timeline", short(intro)));
                }
                placed.timeline_lines.extend(segment.lines.iter().cloned());
            }
            Part::Actions => {
                read_actions(&segment.lines, &segment.heading, file, line_paragraphs, guesses, warnings)
            }
            Part::StatusUpdates => {
                keep_section(file, &segment.heading, &segment.lines, line_paragraphs, warnings)
            }
            Part::Update { .. } if Some(i) == postmortem_update => {
                placed.updates.push((i, Segment { lines: Vec::new(), ..segment }))
            }
            Part::Update { .. } => placed.updates.push((i, segment)),
            Part::Other => keep_other(&segment, file, line_paragraphs, warnings),
            _ => {}
        }
    }
    placed
}

/// A heading the format has no field for: a section of its own, even when empty.
fn keep_other(segment: &Segment, file: &mut IncidentFile, line_paragraphs: bool, warnings: &mut Vec<String>) {
    let kept: Vec<String> = segment.lines.iter().filter(|l| !is_template_sentence(l)).cloned().collect();
    let title = segment.heading.trim().to_string();
    if kept.iter().any(|l| !l.trim().is_empty()) {
        file.sections.push(Section { title, body: body(&kept, line_paragraphs), internal: false });
    } else if !title.is_empty() {
        warnings.push(format!("heading \"{title}\" has no text; kept as an empty section"));
        file.sections.push(Section { title, body: String::new(), internal: false });
    }
}
