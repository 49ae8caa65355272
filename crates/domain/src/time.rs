//! Calendar dates from Unix time, without a date library (UTC only).

/// "YYYY-MM-DD" for a Unix time in milliseconds.
pub fn date_from_unix_ms(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

/// RFC 3339 UTC with seconds, e.g. "2026-11-21T17:08:56Z".
pub fn iso_from_unix_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_from_unix_ms(ms),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// True for a real calendar date written "YYYY-MM-DD" (2024-02-29 yes, 2023-02-29 no).
/// Such dates compare correctly as strings.
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    year >= 1 && (1..=days).contains(&day)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(date_from_unix_ms(0), "1970-01-01");
        assert_eq!(iso_from_unix_ms(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(iso_from_unix_ms(1_795_281_336_000), "2026-11-21T17:15:36Z");
        assert_eq!(date_from_unix_ms(-1), "1969-12-31");
    }

    #[test]
    fn real_dates_only() {
        for d in [
            "2026-11-21",
            "2024-02-29",
            "2000-02-29",
            "1999-12-31",
            "2026-01-01",
        ] {
            assert!(is_date(d), "{d}");
        }
        for d in [
            "",
            "2026-1-21",
            "2023-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-11-00",
            "21/11/2026",
            "2026-11-21T00:00",
            "２０２６-11-21",
            "0000-01-01",
            "2026_11_21",
        ] {
            assert!(!is_date(d), "{d}");
        }
    }
}
