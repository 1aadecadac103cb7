//! Days in report facts as day numbers: chrono writes a date as text even in bincode,
//! which a report reading a hundred thousand facts would parse a hundred thousand
//! times. Used through `#[serde(with = ...)]`.

use chrono::{Datelike, NaiveDate};
use serde::de::Error;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

fn number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn date<E: Error>(n: i32) -> Result<NaiveDate, E> {
    NaiveDate::from_num_days_from_ce_opt(n).ok_or_else(|| E::custom("not a day"))
}

/// A day.
pub mod day {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        number(*d).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        date(i32::deserialize(d)?)
    }
}

/// A day that may be missing.
pub mod opt_day {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        d.map(number).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<i32>::deserialize(d)?.map(date).transpose()
    }
}

/// A day with a code (a case's closure: the day and the outcome), if any.
pub mod opt_day_code {
    use super::*;

    pub fn serialize<S: Serializer>(
        d: &Option<(NaiveDate, String)>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        d.as_ref()
            .map(|(on, code)| (number(*on), code))
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<(NaiveDate, String)>, D::Error> {
        Option::<(i32, String)>::deserialize(d)?
            .map(|(n, code)| date(n).map(|on| (on, code)))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Days {
        #[serde(with = "day")]
        a: NaiveDate,
        #[serde(with = "opt_day")]
        b: Option<NaiveDate>,
        #[serde(with = "opt_day_code")]
        c: Option<(NaiveDate, String)>,
    }

    #[test]
    fn days_read_back_and_are_small() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let v = Days {
            a: d,
            b: Some(d),
            c: Some((d, "resolved".into())),
        };
        let bytes = crate::store::codec::to_bincode(&v);
        assert!(bytes.len() < 30, "{} bytes", bytes.len());
        assert_eq!(
            crate::store::codec::from_bincode::<Days>(&bytes).unwrap(),
            v
        );
    }
}
