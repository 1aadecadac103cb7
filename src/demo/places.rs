//! Places and contact details: streets, postcodes, phone numbers, email addresses.
//!
//! Phone numbers are in the ranges Ofcom keeps for drama (07700 900000 to 900999 and
//! 020 7946 0000 to 0999), so none can ring a real person; email domains are the
//! reserved example.org and example.com.

use rand::RngExt;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

pub(super) const STREETS: &[&str] = &[
    "Clarence Street",
    "Eden Street",
    "Cambridge Road",
    "London Road",
    "Villiers Road",
    "Penrhyn Road",
    "Canbury Park Road",
    "Hawks Road",
    "Burlington Road",
    "Alexandra Drive",
    "Tolworth Broadway",
    "Ewell Road",
    "Kingston Road",
    "Hook Road",
    "Coombe Road",
    "Elm Road",
    "Cromwell Road",
    "Fairfield South",
    "Richmond Road",
    "Brook Street",
    "Park Road",
    "Acre Road",
    "Durham Road",
    "Victoria Road",
];

pub(super) const TOWNS: &[(&str, &[&str])] = &[
    ("Kingston upon Thames", &["KT1", "KT2"]),
    ("Surbiton", &["KT5", "KT6"]),
    ("New Malden", &["KT3"]),
    ("Tolworth", &["KT5", "KT6"]),
    ("Chessington", &["KT9"]),
    ("Norbiton", &["KT2"]),
    ("Worcester Park", &["KT4"]),
    ("Wimbledon", &["SW19", "SW20"]),
    ("Morden", &["SM4"]),
    ("Sutton", &["SM1", "SM2"]),
    ("Twickenham", &["TW1", "TW2"]),
    ("Croydon", &["CR0"]),
];

/// Housing blocks, for flats and for harassment on shared landings.
pub(super) const BLOCKS: &[&str] = &[
    "Cambridge Gardens",
    "Madingley",
    "Cottington House",
    "Kingsnympton Park",
    "Alpha Court",
    "Vincent House",
    "Hawthorn Court",
    "Meadow View",
];

pub(super) const BUSES: &[&str] = &["65", "71", "131", "213", "281", "371", "406", "K1", "K3"];

/// Letters that appear in the last two places of a UK postcode.
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

fn letter(rng: &mut StdRng) -> char {
    char::from(INWARD_LETTERS[rng.random_range(0..INWARD_LETTERS.len())])
}

/// A town and a postcode in it, such as `("Surbiton", "KT6 7QD")`.
pub(super) fn town_and_postcode(rng: &mut StdRng) -> (&'static str, String) {
    let (town, outward) = TOWNS.choose(rng).expect("towns");
    let outward = outward.choose(rng).expect("outward codes");
    let digit = rng.random_range(1..10);
    let postcode = format!("{outward} {digit}{}{}", letter(rng), letter(rng));
    (town, postcode)
}

/// A home address, such as `Flat 12, Alpha Court, Elm Road, Surbiton`.
pub(super) fn address(rng: &mut StdRng, town: &str) -> String {
    if rng.random_bool(0.4) {
        let street = STREETS.choose(rng).expect("streets");
        let block = BLOCKS.choose(rng).expect("blocks");
        let flat = rng.random_range(1..80);
        format!("Flat {flat}, {block}, {street}, {town}")
    } else {
        street_address(rng, town)
    }
}

/// A house or building on a street, such as `14 Elm Road, Surbiton`.
pub(super) fn street_address(rng: &mut StdRng, town: &str) -> String {
    let street = STREETS.choose(rng).expect("streets");
    let number = rng.random_range(1..220);
    format!("{number} {street}, {town}")
}

/// A mobile number in the drama range, such as `07700 900123`.
pub(super) fn mobile(rng: &mut StdRng) -> String {
    format!("07700 900{:03}", rng.random_range(0..1000))
}

/// A London landline in the drama range, such as `020 7946 0123`.
pub(super) fn landline(rng: &mut StdRng) -> String {
    format!("020 7946 0{:03}", rng.random_range(0..1000))
}

/// A personal email address at a reserved domain.
pub(super) fn email(rng: &mut StdRng, given: &str, family: Option<&str>) -> String {
    let given = ascii_folded(given);
    let domain = if rng.random_bool(0.5) {
        "example.org"
    } else {
        "example.com"
    };
    let family = family.map(ascii_folded).filter(|f| !f.is_empty());
    let local = match family {
        Some(f) if rng.random_bool(0.7) => format!("{given}.{f}"),
        Some(f) => format!(
            "{}{f}{}",
            &given[..1.min(given.len())],
            rng.random_range(1..100)
        ),
        None => format!("{given}{}", rng.random_range(1..1000)),
    };
    let local = if local.is_empty() {
        "client".to_string()
    } else {
        local
    };
    format!("{local}@{domain}")
}

/// Lower-case ASCII letters of a Latin-script name: `Łukasz` becomes `lukasz`.
pub(super) fn ascii_folded(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'a'..='z' | '0'..='9' => c,
            'ą' | 'ă' | 'â' | 'á' | 'à' | 'ä' => 'a',
            'ć' | 'č' | 'ç' => 'c',
            'ę' | 'ě' | 'é' | 'è' | 'ë' => 'e',
            'ı' | 'î' | 'í' | 'ï' => 'i',
            'ł' => 'l',
            'ń' | 'ň' => 'n',
            'ó' | 'ö' | 'ô' => 'o',
            'ś' | 'š' | 'ș' | 'ş' => 's',
            'ț' | 'ţ' => 't',
            'ü' | 'ú' | 'ů' => 'u',
            'ý' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            'ğ' => 'g',
            'ř' => 'r',
            _ => continue,
        };
        out.push(plain);
    }
    out
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::domain::person::{is_email, is_phone, is_postcode};

    #[test]
    fn contact_details_have_valid_shapes() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..500 {
            let (_, postcode) = town_and_postcode(&mut rng);
            assert!(is_postcode(&postcode), "{postcode}");
            assert!(is_phone(&mobile(&mut rng)));
            assert!(is_phone(&landline(&mut rng)));
            for (g, f) in [
                ("Łukasz", Some("Wójcik")),
                ("Hodan", None),
                ("Ștefan", Some("Țurcanu")),
            ] {
                let e = email(&mut rng, g, f);
                assert!(is_email(&e) && e.is_ascii(), "{e}");
            }
        }
        assert_eq!(ascii_folded("Łukasz Wójcik"), "lukaszwojcik");
        assert_eq!(ascii_folded("Öztürk"), "ozturk");
    }
}
