//! Small widgets shared by every page. They say what happened through
//! callbacks; the page decides what it means.

mod choice_list;
mod language_picker;
mod notice_banner;
mod number;
mod save_indicator;
mod status_badge;

pub use choice_list::{ChoiceLayout, ChoiceList};
pub use language_picker::LanguagePicker;
pub use notice_banner::NoticeBanner;
pub use number::grouped;
pub use save_indicator::SaveIndicator;
pub use status_badge::StatusBadge;
