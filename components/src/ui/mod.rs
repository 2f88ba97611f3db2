//! Small widgets shared by every page. They say what happened through
//! callbacks; the page decides what it means.

mod language_picker;
mod notice_banner;
mod radio_choices;
mod save_indicator;
mod status_badge;

pub use language_picker::LanguagePicker;
pub use notice_banner::NoticeBanner;
pub use radio_choices::RadioChoices;
pub use save_indicator::SaveIndicator;
pub use status_badge::StatusBadge;
