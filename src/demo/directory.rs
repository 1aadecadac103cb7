//! The staff and the directory of community groups and partner organisations.

use chrono::Duration;
use rand::RngExt;

use super::{Demo, HISTORY_DAYS, names, places};
use crate::domain::{
    Consultation, ListKind, MeetingTime, Organisation, OrganisationId, Role, User, UserId,
};

/// The council's staff besides the administrator: `(login, name, role)`.
const STAFF: &[(&str, &str, Role)] = &[
    ("f.osman", "Farida Osman", Role::Caseworker),
    ("t.brennan", "Tom Brennan", Role::Caseworker),
    ("p.raman", "Priya Raman", Role::Caseworker),
    ("g.adeyemi", "Grace Adeyemi", Role::Volunteer),
    ("m.zielinski", "Marek Zieliński", Role::Volunteer),
    ("h.tan", "Tan Hui Min", Role::Volunteer),
];

/// A kind of organisation (a label of the `agency_kind` list), the names such
/// organisations have (`{}` is a place) each with a language besides English and the
/// community it serves, who else they serve, and the services they offer.
type Template = (
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
    &'static [&'static str],
    &'static [&'static str],
);

#[rustfmt::skip]
const TEMPLATES: &[Template] = &[
    ("Community group", &[("{} Somali Community Association", "Somali", "Somali"), ("{} Polish Saturday School", "Polish", "Polish"), ("{} Tamil Welfare Association", "Tamil", "Tamil"), ("{} Chinese Community Centre", "Cantonese", "Chinese"), ("{} Roma Support Group", "Romanian", "Roma"), ("{} Bangladeshi Women's Group", "Bengali", "Bangladeshi"), ("{} Caribbean Elders' Lunch Club", "", "Caribbean"), ("{} Eritrean Community Group", "Tigrinya", "Eritrean"), ("{} Romanian Community Network", "Romanian", "Romanian"), ("{} Traveller Movement", "", "Gypsy and Irish Traveller")], &["families", "older people", "young people", "women"], &["advice", "classes", "social activities", "translation help", "youth club"]),
    ("Faith group", &[("{} Mosque", "Arabic", "Muslim"), ("{} Gurdwara", "Punjabi", "Sikh"), ("St Luke's Church, {}", "", "Christian"), ("{} Hindu Temple", "Tamil", "Hindu"), ("{} Synagogue", "", "Jewish")], &["families", "older people"], &["food bank", "pastoral support", "hall hire", "youth club"]),
    ("Police", &[("{} Safer Neighbourhood Team", "", ""), ("Metropolitan Police Hate Crime Unit ({})", "", "")], &["residents"], &["crime reports", "hate crime investigation", "community safety"]),
    ("Local authority", &[("{} Council Community Safety Team", "", ""), ("{} Council Housing Options", "", ""), ("{} Council Education Welfare Service", "", "")], &["residents"], &["antisocial behaviour", "housing", "school attendance", "mediation"]),
    ("Housing association", &[("{} Homes", "", ""), ("{} Housing Trust", "", "")], &["social housing tenants"], &["tenancy support", "antisocial behaviour", "repairs"]),
    ("School", &[("{} Primary School", "", ""), ("{} Academy", "", ""), ("{} High School", "", "")], &["pupils", "parents"], &["education", "pastoral support"]),
    ("Citizens Advice", &[("Citizens Advice {}", "Polish", "")], &["residents"], &["advice", "benefits", "debt", "employment", "housing"]),
    ("ACAS", &[("Acas early conciliation ({} area)", "", "")], &["workers", "employers"], &["early conciliation", "employment"]),
    ("Health provider", &[("{} Health Centre", "Urdu", "Pakistani"), ("{} NHS Talking Therapies", "", "")], &["patients"], &["health", "counselling"]),
    ("Employer", &[("{} Logistics Ltd", "", ""), ("{} Care Home", "", ""), ("{} Retail Park Management", "", ""), ("{} Hotel and Conference Centre", "", "")], &["staff"], &["employment"]),
    ("Third-party reporting centre", &[("{} Library", "", ""), ("{} Youth Centre", "", "young people"), ("{} College Students' Union", "", "students")], &["anyone wanting to report hate crime"], &["hate crime reporting", "signposting"]),
    ("Voluntary sector", &[("Victim Support {}", "", ""), ("{} Refugee Action", "Arabic", "refugees"), ("{} Women's Aid", "Urdu", "women"), ("{} Mind", "", "")], &["people in crisis"], &["emotional support", "practical support", "advocacy", "counselling"]),
    ("Legal adviser", &[("{} Law Centre", "", ""), ("Okafor and Shah Solicitors ({})", "", "")], &["residents"], &["legal advice", "employment", "discrimination", "immigration"]),
];

/// When a group run by volunteers meets: mostly weekends and evenings.
const VOLUNTEER_MEETS: &[&str] = &[
    "Sun 14:00-17:00",
    "Sun 10:00-12:00",
    "Sat 10:00-13:00",
    "Wed 19:00-21:00; Sun 14:00-16:00",
    "Fri 14:30-16:30",
    "Sat 14:00-17:00",
    "Tue 18:00-20:00",
    "",
];

/// When a staffed agency can meet.
const OFFICE_MEETS: &[&str] = &[
    "Mon 09:00-17:00; Tue 09:00-17:00; Wed 09:00-17:00; Thu 09:00-17:00; Fri 09:00-17:00",
    "Tue 09:00-12:30; Thu 09:00-12:30",
    "Mon 10:00-12:00",
    "Mon 09:30-16:00; Wed 09:30-16:00; Fri 09:30-16:00",
    "",
];

/// What a group is consulted or asked about.
const TOPICS: &[&str] = &[
    "Hate crime awareness session for members",
    "Asked to share the reporting centre leaflet",
    "Interpreter for a client's meeting",
    "Views on the council's community safety plan",
    "Race Equality Scorecard: civic participation",
    "Venue for a community meeting",
    "Introduction to a family needing support",
    "Consultation on the school admissions policy",
];

#[rustfmt::skip]
const PLACES: &[&str] = &[
    "Kingston", "Surbiton", "New Malden", "Tolworth", "Chessington", "Norbiton", "Worcester Park",
    "Wimbledon", "Morden", "Sutton", "Twickenham", "Croydon", "Hook", "Berrylands", "Coombe", "Canbury",
];

const GROUP_NOTES: &[&str] = &[
    "",
    "",
    "Run by volunteers who work all week: do not expect replies before Sunday.",
    "Consulted a lot this year; ask only when it matters.",
    "The coordinator prefers email.",
    "Can host meetings in their hall free of charge.",
    "Has a women-only session on Wednesdays.",
    "New contact person since the spring.",
];

const AGENCY_NOTES: &[&str] = &[
    "",
    "",
    "Ask for the duty officer.",
    "Referrals by secure email only.",
    "Waiting list of about six weeks.",
    "Named contact changes often: check before writing.",
];

/// Organisations by kind, for linking to cases and referrals.
#[derive(Default)]
pub(super) struct Directory {
    by_kind: Vec<(String, Vec<OrganisationId>)>,
    reporting_centres: Vec<OrganisationId>,
}

/// Templates in turn across kinds, so that a small directory still has every kind.
fn template_order() -> Vec<(
    &'static Template,
    (&'static str, &'static str, &'static str),
)> {
    let longest = TEMPLATES.iter().map(|t| t.1.len()).max().unwrap_or(0);
    (0..longest)
        .flat_map(|round| {
            TEMPLATES
                .iter()
                .filter_map(move |t| t.1.get(round).map(|n| (t, *n)))
        })
        .collect()
}

impl Demo {
    /// The administrator's colleagues: caseworkers and volunteers.
    pub(super) fn add_staff(&mut self) {
        let admin_login = self.doc.users[0].login.clone();
        for (i, (login, name, role)) in STAFF.iter().enumerate() {
            if *login == admin_login {
                continue;
            }
            let user = User {
                id: UserId::new(),
                login: login.to_string(),
                display_name: name.to_string(),
                role: *role,
                centre: None,
                active: true,
                recovery: false,
                created_at: self.at(
                    self.today - Duration::days(HISTORY_DAYS + 60 - 20 * i as i64),
                    10 * 60,
                ),
            };
            match role {
                Role::Volunteer => self.staff.volunteers.push(user.id),
                _ => self.staff.caseworkers.push(user.id),
            }
            self.doc.users.push(user);
        }
    }

    /// `count` organisations of every kind, each with a different name.
    pub(super) fn add_directory(&mut self, count: usize) {
        let order = template_order();
        for i in 0..count {
            let (template, (pattern, language, community)) = order[i % order.len()];
            // Consecutive uses of a template are a whole round apart: a different place.
            let place = PLACES[(i / order.len() + i) % PLACES.len()];
            let name = pattern.replace("{}", place);
            let org = self.organisation(template, &name, language, community);
            let kind = org.kind.clone();
            match self.directory.by_kind.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, ids)) => ids.push(org.id),
                None => self.directory.by_kind.push((kind, vec![org.id])),
            }
            if org.reporting_centre {
                self.directory.reporting_centres.push(org.id);
            }
            self.doc.organisations.push(org);
        }
    }

    fn organisation(
        &mut self,
        template: &Template,
        name: &str,
        language: &str,
        community: &str,
    ) -> Organisation {
        let (agency, _, communities, services) = *template;
        let kind = self
            .codes
            .code_or_any(&mut self.rng, ListKind::AgencyKind, agency);
        let reporting_centre = match agency {
            "Third-party reporting centre" => true,
            "Community group" | "Faith group" | "Citizens Advice" => self.chance(35),
            _ => false,
        };
        let volunteers = matches!(
            agency,
            "Community group" | "Faith group" | "Third-party reporting centre"
        );
        let (meets, notes) = if volunteers {
            (VOLUNTEER_MEETS, GROUP_NOTES)
        } else {
            (OFFICE_MEETS, AGENCY_NOTES)
        };
        let first_day = self.today - Duration::days(HISTORY_DAYS + self.rng.random_range(0..200));
        let created_at = self.office_time(first_day);
        let (town, postcode) = places::town_and_postcode(&mut self.rng);
        let street = places::street_address(&mut self.rng, town);
        let tradition = names::tradition(&mut self.rng);
        let contact = names::name(&mut self.rng, tradition, None);
        let slug: Vec<String> = name
            .split(' ')
            .map(places::ascii_folded)
            .filter(|w| !w.is_empty())
            .take(3)
            .collect();
        let slug = slug.join("-");
        let mut served: Vec<String> = (!community.is_empty())
            .then(|| community.to_string())
            .into_iter()
            .collect();
        served.push(self.pick(communities).to_string());
        Organisation {
            id: OrganisationId::new(),
            name: name.to_string(),
            kind,
            communities: served,
            services: self.some_of(services),
            languages: self.codes.codes(ListKind::Language, &["English", language]),
            meets: MeetingTime::parse_list(self.pick(meets))
                .expect("demo meeting times are written right"),
            contact_person: self.chance(80).then(|| contact.latin()),
            phone: self.chance(85).then(|| places::landline(&mut self.rng)),
            email: self.chance(75).then(|| format!("info@{slug}.example.org")),
            address: self.chance(80).then(|| format!("{street} {postcode}")),
            reporting_centre,
            consultations: self.consultations(volunteers),
            notes: self.pick(notes).to_string(),
            created_at,
            created_by: self.staff.admin,
            updated_at: created_at,
        }
    }

    /// One to three of `items`, in their order.
    fn some_of(&mut self, items: &[&str]) -> Vec<String> {
        let want = self.rng.random_range(1..=3.min(items.len()));
        let mut picked: Vec<usize> = Vec::new();
        while picked.len() < want {
            let i = self.rng.random_range(0..items.len());
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        picked.sort_unstable();
        picked.into_iter().map(|i| items[i].to_string()).collect()
    }

    /// A log of consultations over the last year or so, oldest first: community groups
    /// are asked most, and a few lately more than the default limit.
    fn consultations(&mut self, community: bool) -> Vec<Consultation> {
        let count = if community {
            self.rng.random_range(0..9)
        } else {
            self.rng.random_range(0..3)
        };
        let mut log: Vec<Consultation> = (0..count)
            .map(|_| Consultation {
                on: self.today - Duration::days(self.rng.random_range(1..400)),
                topic: self.pick(TOPICS).to_string(),
                by: *self.pick_user(false),
            })
            .collect();
        log.sort_by_key(|c| c.on);
        log
    }

    /// An organisation of the kind labelled `agency`, if the directory has one.
    pub(super) fn organisation_of(&mut self, agency: &str) -> Option<OrganisationId> {
        let code = self.codes.code(ListKind::AgencyKind, agency)?;
        let ids = &self.directory.by_kind.iter().find(|(k, _)| *k == code)?.1;
        Some(ids[self.rng.random_range(0..ids.len())])
    }

    /// A third-party reporting centre, if the directory has one.
    pub(super) fn reporting_centre(&mut self) -> Option<OrganisationId> {
        let ids = &self.directory.reporting_centres;
        (!ids.is_empty()).then(|| ids[self.rng.random_range(0..ids.len())])
    }
}
