//! Numbers in prose: where one may start, which ones are not quantities, and the value and
//! rounding step of a written number.

pub(super) const MINUTE: i64 = 60;
pub(super) const HOUR: i64 = 3_600;
pub(super) const DAY: i64 = 86_400;

/// Rejects numbers glued to something that makes them part of another token
/// ("v1.2", "1,5", "INC-15", "14:55"), but lets compact forms chain ("7h10m").
pub(super) fn number_boundary_ok(text: &str, start: usize) -> bool {
    let Some(prefix) = text.get(..start) else {
        return false;
    };
    let mut before = prefix.chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => {
            matches!(c, 'd' | 'h' | 'm' | 's') && before.next().is_some_and(|p| p.is_ascii_digit())
        }
        Some('.' | ':' | '_' | '/' | '\\' | '#' | '$' | '€' | '£' | '+') => false,
        Some(',' | '-') => !before.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}
/// "503s", "100s", "1990s" are HTTP statuses, hundreds and decades, not seconds.
pub(super) fn looks_like_plural_number(digits: &str) -> bool {
    let Ok(n) = digits.parse::<u64>() else {
        return false;
    };
    (400..=599).contains(&n) || (n >= 100 && n % 100 == 0) || ((1900..=2099).contains(&n) && n % 10 == 0)
}

/// Multiples of five minutes or seconds are usually rounded, so they imply a 5-unit step.
pub(super) fn integer_value(n: i64, unit: i64) -> Option<(i64, i64)> {
    let seconds = n.checked_mul(unit)?;
    let granularity = if unit <= MINUTE && n > 0 && n % 5 == 0 { unit * 5 } else { unit };
    Some((seconds, granularity))
}

pub(super) fn digits_value(digits: &str, unit: i64) -> Option<(i64, i64)> {
    let Some((int, frac)) = digits.split_once('.') else {
        return integer_value(digits.parse().ok()?, unit);
    };
    if frac.is_empty() || frac.len() > 3 {
        return None;
    }
    let n: i64 = int.parse().ok()?;
    let f: i64 = frac.parse().ok()?;
    let scale = 10_i64.pow(u32::try_from(frac.len()).ok()?);
    let seconds = n.checked_mul(unit)?.checked_add(f.checked_mul(unit)? / scale)?;
    // "7.5 hours" is a half-hour step, "7.25" a quarter, "7.3" a tenth.
    let granularity = if (f * 2) % scale == 0 {
        unit / 2
    } else if (f * 4) % scale == 0 {
        unit / 4
    } else {
        unit / scale
    };
    Some((seconds, granularity.max(1)))
}
