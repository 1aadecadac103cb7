//! The starting values of each reference list, from the domain brief.
//!
//! Each value is `(group, label)`; codes are made from labels by
//! [`super::reference::code_for`], so changing a label here changes a code: add, don't edit.

use super::reference::ListKind;

type Entry = (Option<&'static str>, &'static str);

const ASIAN: Option<&str> = Some("Asian, Asian British or Asian Welsh");
const BLACK: Option<&str> = Some("Black, Black British, Black Welsh, Caribbean or African");
const MIXED: Option<&str> = Some("Mixed or multiple ethnic groups");
const WHITE: Option<&str> = Some("White");
const OTHER: Option<&str> = Some("Other ethnic group");

const STRANDS: &[Entry] = &[
    (None, "Race or ethnicity"),
    (None, "Religion or belief"),
    (None, "Sexual orientation"),
    (None, "Disability"),
    (None, "Transgender identity"),
];

const CHARACTERISTICS: &[Entry] = &[
    (None, "Age"),
    (None, "Disability"),
    (None, "Gender reassignment"),
    (None, "Marriage and civil partnership"),
    (None, "Pregnancy and maternity"),
    (None, "Race"),
    (None, "Religion or belief"),
    (None, "Sex"),
    (None, "Sexual orientation"),
];

const ETHNIC_GROUPS: &[Entry] = &[
    (ASIAN, "Bangladeshi"),
    (ASIAN, "Chinese"),
    (ASIAN, "Indian"),
    (ASIAN, "Pakistani"),
    (ASIAN, "Any other Asian background"),
    (BLACK, "African"),
    (BLACK, "Caribbean"),
    (
        BLACK,
        "Any other Black, Black British or Caribbean background",
    ),
    (MIXED, "White and Asian"),
    (MIXED, "White and Black African"),
    (MIXED, "White and Black Caribbean"),
    (MIXED, "Any other Mixed or multiple background"),
    (WHITE, "English, Welsh, Scottish, Northern Irish or British"),
    (WHITE, "Irish"),
    (WHITE, "Gypsy or Irish Traveller"),
    (WHITE, "Roma"),
    (WHITE, "Any other White background"),
    (OTHER, "Arab"),
    (OTHER, "Any other ethnic group"),
    (None, "Prefer not to say"),
    (None, "Not recorded"),
];

const RELIGIONS: &[Entry] = &[
    (None, "No religion"),
    (None, "Christian"),
    (None, "Buddhist"),
    (None, "Hindu"),
    (None, "Jewish"),
    (None, "Muslim"),
    (None, "Sikh"),
    (None, "Any other religion"),
    (None, "Prefer not to say"),
];

const TENURES: &[Entry] = &[
    (None, "Council tenant"),
    (None, "Housing association tenant"),
    (None, "Owner-occupier"),
    (None, "Leaseholder"),
    (None, "Private rented"),
    (None, "Temporary accommodation"),
    (None, "Other"),
    (None, "Not known"),
];

const SAFEGUARDING: &[Entry] = &[
    (None, "Child safeguarding"),
    (None, "Adult safeguarding"),
    (None, "Child sexual exploitation"),
    (None, "Female genital mutilation"),
    (None, "Honour-based violence"),
    (None, "Forced marriage"),
    (None, "Faith-based abuse"),
];

const EVIDENCE: &[Entry] = &[
    (None, "Witness"),
    (None, "CCTV"),
    (None, "Photo or video"),
    (None, "Forensic"),
    (None, "Documents"),
    (None, "Messages or social media"),
    (None, "None"),
];

const CASE_KINDS: &[Entry] = &[
    (None, "Hate crime"),
    (None, "Complex"),
    (None, "Third-party report"),
    (None, "Employment"),
    (None, "Housing"),
    (None, "Education"),
    (None, "Other"),
];

const REFERRAL_SOURCES: &[Entry] = &[
    (None, "Self-referral"),
    (None, "Police"),
    (None, "Local authority"),
    (None, "Health provider"),
    (None, "Social housing provider"),
    (None, "School"),
    (None, "Community or voluntary organisation"),
    (None, "Third-party reporting centre"),
];

const AGENCY_KINDS: &[Entry] = &[
    (None, "Police"),
    (None, "Local authority"),
    (None, "Housing association"),
    (None, "School"),
    (None, "ACAS"),
    (None, "Citizens Advice"),
    (None, "Health provider"),
    (None, "Employer"),
    (None, "Community group"),
    (None, "Faith group"),
    (None, "Third-party reporting centre"),
    (None, "Voluntary sector"),
    (None, "Legal adviser"),
];

const PERSON_ROLES: &[Entry] = &[
    (None, "Complainant or victim"),
    (None, "Alleged perpetrator"),
    (None, "Witness"),
    (None, "Family member"),
    (None, "Representative"),
];

const ORGANISATION_ROLES: &[Entry] = &[
    (None, "Police force"),
    (None, "School"),
    (None, "Employer"),
    (None, "Housing provider"),
    (None, "ACAS"),
    (None, "Local authority"),
    (None, "Referrer"),
    (None, "Referred to"),
];

const OUTCOMES: &[Entry] = &[
    (None, "Resolved"),
    (None, "Partly resolved"),
    (None, "Not resolved"),
    (None, "Referred on"),
    (None, "Client withdrew"),
    (None, "Lost contact"),
    (None, "Advice given"),
];

const LANGUAGES: &[Entry] = &[
    (None, "English"),
    (None, "Arabic"),
    (None, "Bengali"),
    (None, "Cantonese"),
    (None, "Mandarin"),
    (None, "Polish"),
    (None, "Punjabi"),
    (None, "Romanian"),
    (None, "Somali"),
    (None, "Tamil"),
    (None, "Turkish"),
    (None, "Urdu"),
    (None, "Gujarati"),
    (None, "Portuguese"),
    (None, "Tigrinya"),
    (None, "Farsi"),
    (None, "Kurdish"),
    (None, "Pashto"),
    (None, "British Sign Language"),
];

/// The defaults of one list.
pub fn defaults(kind: ListKind) -> &'static [Entry] {
    match kind {
        ListKind::Strand => STRANDS,
        ListKind::ProtectedCharacteristic => CHARACTERISTICS,
        ListKind::EthnicGroup => ETHNIC_GROUPS,
        ListKind::Religion => RELIGIONS,
        ListKind::HousingTenure => TENURES,
        ListKind::Safeguarding => SAFEGUARDING,
        ListKind::EvidenceKind => EVIDENCE,
        ListKind::CaseKind => CASE_KINDS,
        ListKind::ReferralSource => REFERRAL_SOURCES,
        ListKind::AgencyKind => AGENCY_KINDS,
        ListKind::PersonRole => PERSON_ROLES,
        ListKind::OrganisationRole => ORGANISATION_ROLES,
        ListKind::Outcome => OUTCOMES,
        ListKind::Language => LANGUAGES,
    }
}
