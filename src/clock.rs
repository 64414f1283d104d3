//! Time stamps as OSS writes them: RFC 1123 (`Tue, 23 May 2023 15:24:55 GMT`), ISO 8601
//! basic (`20230523T152455Z`) and extended (`2023-05-23T15:24:55.000Z`), and Unix seconds.
//! Plain civil-calendar arithmetic (Howard Hinnant's days-from-civil), UTC only.

/// Seconds since the Unix epoch from `2019-03-30T13:18:53.000Z`, `20251023T171529Z`,
/// `Tue, 23 May 2023 15:24:55 GMT`, or a plain number of seconds.
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty() && s.len() <= 12 && s.bytes().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let num = |t: &str| -> Option<i64> {
        if t.is_empty() || !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    // ISO 8601 basic or extended
    if s.len() >= 15 && s.as_bytes().first().is_some_and(|c| c.is_ascii_digit()) {
        let c: String = s
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == 'T' || *c == '.')
            .collect();
        let c = c.split('.').next().unwrap_or("");
        let (d, t) = c.split_once('T')?;
        if d.len() != 8 || t.len() < 6 {
            return None;
        }
        let y = num(d.get(0..4)?)?;
        let mo = num(d.get(4..6)?)?;
        let da = num(d.get(6..8)?)?;
        let h = num(t.get(0..2)?)?;
        let mi = num(t.get(2..4)?)?;
        let se = num(t.get(4..6)?)?;
        return from_civil(y, mo, da, h, mi, se);
    }
    // RFC 1123
    let p: Vec<&str> = s.split_whitespace().collect();
    if p.len() >= 5 {
        let da = num(p.get(1)?)?;
        let mo = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        .iter()
        .position(|m| p.get(2).is_some_and(|x| x.eq_ignore_ascii_case(m)))? as i64
            + 1;
        let y = num(p.get(3)?)?;
        let hms: Vec<&str> = p.get(4)?.split(':').collect();
        let h = num(hms.first()?)?;
        let mi = num(hms.get(1)?)?;
        let se = num(hms.get(2)?)?;
        return from_civil(y, mo, da, h, mi, se);
    }
    None
}

fn from_civil(y: i64, m: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || h > 24 || mi > 59 || s > 60 {
        return None;
    }
    // days from civil (Howard Hinnant)
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(days * 86400 + h * 3600 + mi * 60 + s)
}

pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
pub const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn parts(t: i64) -> (i64, i64, i64, i64, i64, i64, usize) {
    let days = t.div_euclid(86400);
    let sec = t.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    (
        y,
        m,
        d,
        sec / 3600,
        sec % 3600 / 60,
        sec % 60,
        days.rem_euclid(7) as usize,
    )
}

pub fn rfc1123(t: i64) -> String {
    let (y, m, d, hh, mm, ss, wd) = parts(t);
    format!(
        "{}, {d:02} {} {y} {hh:02}:{mm:02}:{ss:02} GMT",
        DAYS[wd],
        MONTHS[(m - 1) as usize]
    )
}

pub fn iso_basic(t: i64) -> String {
    let (y, m, d, hh, mm, ss, _) = parts(t);
    format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}{ss:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = parse_time("Tue, 23 May 2023 15:24:55 GMT").unwrap();
        assert_eq!(rfc1123(t), "Tue, 23 May 2023 15:24:55 GMT");
        assert_eq!(iso_basic(t), "20230523T152455Z");
        assert_eq!(parse_time("20230523T152455Z"), Some(t));
        assert_eq!(parse_time("2023-05-23T15:24:55.000Z"), Some(t));
        assert_eq!(parse_time("1970-01-01T00:00:10.000Z"), Some(10));
        assert_eq!(parse_time("1716190000"), Some(1716190000));
        assert_eq!(parse_time("nonsense"), None);
    }
}
