//! The chart API other modules use: the timeline chart ([`super::svg::timeline`]) and the
//! plotters look the report's charts share ([`super::svg::plotkit`]).

pub use super::svg::plotkit::*;
pub use super::svg::timeline::timeline_svg;
pub use super::svg::timeline_layout::ChartOptions;
