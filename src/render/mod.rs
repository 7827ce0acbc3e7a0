//! Rendering post-mortems: one Markdown content template serves both outputs. Markdown is
//! rendered by minijinja from the [`context::PostmortemContext`]; for HTML it is converted by
//! [`markdown::to_html`] and placed in the layout template with the inline SVG [`chart`].
//!
//! Other outputs (status page, reports) reuse [`Templates`], the context and the chart.

pub mod chart;
pub mod contain;
pub mod context;
pub mod filters;
pub mod findings;
pub mod markdown;
pub mod mermaid;
pub mod plain;
pub mod sarif;
pub mod status;
pub mod statuspage_json;
pub mod svg;
pub mod template_memory;
pub mod templates;
pub mod workflow_commands;

use chrono_tz::Tz;
use serde::Serialize;

pub use chart::{ChartOptions, timeline_svg};
pub use context::{PostmortemContext, Target, TimeFormatter};
pub use templates::Templates;

use crate::output::Failure;
use crate::pipeline::Checked;

pub const POSTMORTEM_TEMPLATE: &str = "postmortem.md.j2";
pub const LAYOUT_TEMPLATE: &str = "layout.html.j2";
pub const TITLE_TEMPLATE: &str = "title.txt.j2";

/// The context for `target` with `document_title` rendered from `title.txt.j2`.
pub fn postmortem_context(
    templates: &Templates,
    checked: &Checked,
    zone: Tz,
    target: Target,
) -> Result<PostmortemContext, Failure> {
    let fmt = TimeFormatter::for_incident(&checked.incident, zone);
    let mut context = PostmortemContext::build(checked, &fmt, target);
    context.mermaid_gantt = mermaid::gantt(&context, zone, fmt.wall_clock_ambiguous);
    context.mermaid_in_utc = fmt.wall_clock_ambiguous && zone != chrono_tz::UTC;
    context.mermaid_note = mermaid::TAG_NOTE;
    let title = templates.render(TITLE_TEMPLATE, &context)?;
    context.document_title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(context)
}

/// Every text of the incident file in the context made safe to place in Markdown
/// ([`contain`]): prose fields as blocks that end with the field, the rest as one inline line.
/// Done once, where the Markdown template is rendered, so that every template (a user's too)
/// and every target gets the same; the Mermaid source (escaped for Mermaid) and the HTML
/// layout (escaped for HTML) read the text as written.
fn contain_fields(context: &mut PostmortemContext) {
    use contain::{block, inline};
    context.document_title = inline(&context.document_title);
    let one = |text: &mut String| *text = inline(text);
    let maybe_one = |text: &mut Option<String>| {
        if let Some(text) = text {
            *text = inline(text);
        }
    };
    let maybe_block = |text: &mut Option<String>| {
        if let Some(text) = text {
            *text = block(text);
        }
    };
    let incident = &mut context.incident;
    [&mut incident.title, &mut incident.service].into_iter().for_each(one);
    [&mut incident.severity, &mut incident.id, &mut incident.shortlink].into_iter().for_each(maybe_one);
    [
        &mut incident.intro,
        &mut incident.acknowledgements,
        &mut incident.summary,
        &mut incident.root_cause,
        &mut incident.resolution,
        &mut incident.lessons_learned,
        &mut incident.closing,
    ]
    .into_iter()
    .for_each(maybe_block);
    for section in &mut incident.sections {
        one(&mut section.title);
        section.body = block(&section.body);
    }
    for deployment in &mut context.deployments {
        one(&mut deployment.name);
        one(&mut deployment.impact_text);
        deployment.windows.iter_mut().for_each(|w| maybe_one(&mut w.text));
    }
    context.affected.iter_mut().for_each(one);
    context.timeline.iter_mut().for_each(|item| one(&mut item.text));
    for update in &mut context.updates {
        maybe_block(&mut update.text);
        update.deployments.iter_mut().for_each(one);
    }
    for action in &mut context.actions {
        one(&mut action.text);
        maybe_one(&mut action.owner);
        maybe_one(&mut action.ticket);
    }
}

/// The post-mortem as Markdown. `Target::Md` adds the Mermaid block (and the image link when
/// `chart_file` is given); `Target::Text` gives the plain body a status update carries.
pub fn render_postmortem_markdown(
    templates: &Templates,
    checked: &Checked,
    zone: Tz,
    target: Target,
    chart_file: Option<&str>,
) -> Result<String, Failure> {
    let mut context = postmortem_context(templates, checked, zone, target)?;
    context.chart_file = chart_file.map(str::to_string);
    render_markdown_from(templates, &context)
}

/// Render `postmortem.md.j2` from a context the caller has built (and perhaps adjusted), its
/// texts first made safe to place in Markdown ([`contain_fields`]).
pub fn render_markdown_from(templates: &Templates, context: &PostmortemContext) -> Result<String, Failure> {
    let mut contained = context.clone();
    contain_fields(&mut contained);
    let markdown = templates.render(POSTMORTEM_TEMPLATE, &contained)?;
    Ok(tidy(&markdown))
}

#[derive(Serialize)]
struct PageContext<'a> {
    #[serde(flatten)]
    postmortem: &'a PostmortemContext,
    /// The post-mortem as safe HTML.
    content: String,
    /// The chart, as `<figure>` markup, for layouts that place it themselves.
    chart_figure: String,
    /// The raw SVG.
    chart_svg: &'a str,
    /// Whether the content template carried the chart marker (so the chart is already in place).
    chart_placed: bool,
}

/// The chart in its figure, caption included: the wide drawing, and the narrow one that
/// replaces it on phones (the layout's CSS picks one).
pub fn chart_figure(svg: &str, narrow_svg: Option<&str>) -> String {
    figure(
        svg,
        narrow_svg,
        "Timeline chart. The numbered markers are the events listed below; long quiet stretches are drawn compressed.",
    )
}

/// A chart in a `<figure>` with its plain-text `caption` (escaped here), and the narrow drawing
/// for phones when given (the layout's CSS shows one of the two).
pub fn figure(svg: &str, narrow_svg: Option<&str>, caption: &str) -> String {
    let narrow = narrow_svg
        .map_or(String::new(), |n| format!("<div class=\"pm-chart-scroll pm-chart-narrow\">{n}</div>"));
    let wide_class = if narrow_svg.is_some() { "pm-chart-scroll pm-chart-wide" } else { "pm-chart-scroll" };
    format!(
        "<figure class=\"pm-chart-figure\"><div class=\"{wide_class}\">{svg}</div>{narrow}\
         <figcaption>{}</figcaption></figure>\n",
        svg::xml_escape(caption)
    )
}

/// The post-mortem as one self-contained HTML page with `chart_svg` inline (and `narrow_svg`
/// for phones, when given; see [`ChartOptions::narrow`]). An empty `chart_svg` (nothing in
/// the incident has a time) leaves the chart out.
pub fn render_postmortem_html(
    templates: &Templates,
    checked: &Checked,
    zone: Tz,
    chart_svg: &str,
    narrow_svg: Option<&str>,
) -> Result<String, Failure> {
    let context = postmortem_context(templates, checked, zone, Target::Html)?;
    let markdown = render_markdown_from(templates, &context)?;
    let figure = if chart_svg.is_empty() { String::new() } else { chart_figure(chart_svg, narrow_svg) };
    let marker = context.chart_marker.as_deref().unwrap_or_default();
    let content = markdown::to_html(&markdown, Some((marker, &figure)));
    let chart_placed = figure.is_empty() || content.contains("class=\"pm-chart-figure\"");
    let page = PageContext { postmortem: &context, content, chart_figure: figure, chart_svg, chart_placed };
    templates.render(LAYOUT_TEMPLATE, &page)
}

/// At most one blank line in a row, no trailing spaces, one final newline: template whitespace
/// must not leak into the document.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    let mut in_fence = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if line.is_empty() && !in_fence {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
