//! Calendar and duration formats, computed from milliseconds that the shell
//! passes in: the engine never reads a clock.

/// The calendar date at `ms` since the Unix epoch where the clock runs
/// `utc_offset_minutes` ahead of UTC (420 in Bangkok), as the learner's own
/// calendar shows it.
pub fn local_date(ms: i64, utc_offset_minutes: i32) -> chrono::NaiveDate {
    let local_ms = ms.saturating_add(i64::from(utc_offset_minutes) * 60_000);
    chrono::DateTime::from_timestamp_millis(local_ms)
        .map_or(chrono::NaiveDate::MIN, |instant| instant.date_naive())
}

/// `ms` since the Unix epoch as an ISO 8601 UTC date-time with seconds,
/// e.g. `2026-01-31T10:15:30Z`.
pub fn iso_datetime(ms: i64) -> String {
    let (date, time) = utc_parts(ms);
    format!("{date}T{time}Z")
}

/// `ms` since the Unix epoch as an ISO 8601 date-time without zone designator,
/// the form SCORM 2004 timestamps take: `2026-01-31T10:15:30`.
pub fn iso_datetime_local_form(ms: i64) -> String {
    let (date, time) = utc_parts(ms);
    format!("{date}T{time}")
}

/// The UTC time of day of `ms` as `HH:MM:SS`, SCORM 1.2's CMITime.
pub fn time_of_day(ms: i64) -> String {
    utc_parts(ms).1
}

/// A duration as ISO 8601, e.g. `PT1H5M30.25S`: SCORM 2004's timeinterval.
pub fn iso_duration(ms: u64) -> String {
    let centis = ms / 10;
    let (hours, rest) = (centis / 360_000, centis % 360_000);
    let (minutes, rest) = (rest / 6_000, rest % 6_000);
    let (seconds, fraction) = (rest / 100, rest % 100);
    let mut text = String::from("PT");
    if hours > 0 {
        text.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        text.push_str(&format!("{minutes}M"));
    }
    if fraction > 0 {
        text.push_str(&format!("{seconds}.{fraction:02}S"));
    } else if seconds > 0 || (hours == 0 && minutes == 0) {
        text.push_str(&format!("{seconds}S"));
    }
    text
}

/// A duration as SCORM 1.2's CMITimespan `HHHH:MM:SS.SS`, with two to four
/// hour digits as Moodle's check requires; capped at 9999 hours.
pub fn cmi_timespan(ms: u64) -> String {
    let centis = (ms / 10).min(9_999 * 360_000 + 359_999);
    let (hours, rest) = (centis / 360_000, centis % 360_000);
    let (minutes, rest) = (rest / 6_000, rest % 6_000);
    let (seconds, fraction) = (rest / 100, rest % 100);
    format!("{hours:02}:{minutes:02}:{seconds:02}.{fraction:02}")
}

fn utc_parts(ms: i64) -> (String, String) {
    let seconds = ms.div_euclid(1000);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) =
        (second_of_day / 3600, second_of_day % 3600 / 60, second_of_day % 60);
    (format!("{year:04}-{month:02}-{day:02}"), format!("{hour:02}:{minute:02}:{second:02}"))
}

/// The proleptic Gregorian date of a day count from 1970-01-01, after Howard
/// Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn dates_match_known_instants() {
        assert_eq!(iso_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_datetime(1_769_854_530_000), "2026-01-31T10:15:30Z");
        assert_eq!(iso_datetime(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(iso_datetime_local_form(1_769_854_530_999), "2026-01-31T10:15:30");
        assert_eq!(time_of_day(1_769_854_530_000), "10:15:30");
    }

    #[test]
    fn the_local_date_follows_the_learners_offset() {
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // 2026-01-31T20:15:30Z: already 1 February in Bangkok, not yet in Honolulu.
        let evening = 1_769_890_530_000;
        assert_eq!(local_date(evening, 0), date(2026, 1, 31));
        assert_eq!(local_date(evening, 420), date(2026, 2, 1));
        assert_eq!(local_date(1_769_854_530_000 - 11 * 3_600_000, -600), date(2026, 1, 30));
        assert_eq!(local_date(i64::MAX, 0), chrono::NaiveDate::MIN, "beyond the calendar");
    }

    #[test]
    fn durations_use_each_standards_form() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(3_930_250), "PT1H5M30.25S");
        assert_eq!(iso_duration(120_000), "PT2M");
        assert_eq!(cmi_timespan(3_930_250), "01:05:30.25");
        assert_eq!(cmi_timespan(0), "00:00:00.00");
        assert_eq!(cmi_timespan(u64::MAX), "9999:59:59.99");
    }

    proptest! {
        #[test]
        fn timespans_always_match_moodles_pattern(ms in any::<u64>()) {
            let text = cmi_timespan(ms);
            let parts: Vec<&str> = text.split([':', '.']).collect();
            prop_assert_eq!(parts.len(), 4);
            prop_assert!((2..=4).contains(&parts[0].len()));
            prop_assert!(parts[1..].iter().all(|part| part.len() == 2));
            prop_assert!(text.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.'));
        }

        #[test]
        fn iso_durations_start_with_pt_and_end_with_a_unit(ms in any::<u64>()) {
            let text = iso_duration(ms);
            prop_assert!(text.starts_with("PT"));
            prop_assert!(text.ends_with(['H', 'M', 'S']));
        }
    }
}
