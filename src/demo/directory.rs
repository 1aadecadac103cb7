//! The staff and the directory of community groups and partner organisations.

use chrono::Duration;
use rand::RngExt;

use super::{Demo, HISTORY_DAYS, names, places};
use crate::domain::{ListKind, Organisation, OrganisationId, Role, User, UserId};

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
/// organisations have (`{}` is a place) each with a language besides English, and
/// who they serve.
type Template = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

#[rustfmt::skip]
const TEMPLATES: &[Template] = &[
    ("Community group", &[("{} Somali Community Association", "Somali"), ("{} Polish Saturday School", "Polish"), ("{} Tamil Welfare Association", "Tamil"), ("{} Chinese Community Centre", "Cantonese"), ("{} Roma Support Group", "Romanian"), ("{} Bangladeshi Women's Group", "Bengali"), ("{} Caribbean Elders' Lunch Club", ""), ("{} Eritrean Community Group", "Tigrinya"), ("{} Romanian Community Network", "Romanian"), ("{} Traveller Movement", "")], "Families and elders of the community: advice, classes and social activities"),
    ("Faith group", &[("{} Mosque", "Arabic"), ("{} Gurdwara", "Punjabi"), ("St Luke's Church, {}", ""), ("{} Hindu Temple", "Tamil"), ("{} Synagogue", "")], "Worshippers and their families; a food bank on Saturdays"),
    ("Police", &[("{} Safer Neighbourhood Team", ""), ("Metropolitan Police Hate Crime Unit ({})", "")], "Residents reporting crime and antisocial behaviour"),
    ("Local authority", &[("{} Council Community Safety Team", ""), ("{} Council Housing Options", ""), ("{} Council Education Welfare Service", "")], "Residents of the borough"),
    ("Housing association", &[("{} Homes", ""), ("{} Housing Trust", "")], "Tenants in social housing"),
    ("School", &[("{} Primary School", ""), ("{} Academy", ""), ("{} High School", "")], "Pupils aged 4 to 18 and their families"),
    ("Citizens Advice", &[("Citizens Advice {}", "Polish")], "Anyone needing advice on benefits, debt, work and housing"),
    ("ACAS", &[("Acas early conciliation ({} area)", "")], "Workers and employers in a dispute"),
    ("Health provider", &[("{} Health Centre", "Urdu"), ("{} NHS Talking Therapies", "")], "Patients registered locally"),
    ("Employer", &[("{} Logistics Ltd", ""), ("{} Care Home", ""), ("{} Retail Park Management", ""), ("{} Hotel and Conference Centre", "")], "Staff and contractors"),
    ("Third-party reporting centre", &[("{} Library", ""), ("{} Youth Centre", ""), ("{} College Students' Union", "")], "Anyone wanting to report hate crime without going to the police"),
    ("Voluntary sector", &[("Victim Support {}", ""), ("{} Refugee Action", "Arabic"), ("{} Women's Aid", "Urdu"), ("{} Mind", "")], "People in crisis: emotional and practical support"),
    ("Legal adviser", &[("{} Law Centre", ""), ("Okafor and Shah Solicitors ({})", "")], "Free and low-cost legal advice, including employment and discrimination"),
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
fn template_order() -> Vec<(&'static Template, (&'static str, &'static str))> {
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
            let (template, (pattern, language)) = order[i % order.len()];
            // Consecutive uses of a template are a whole round apart: a different place.
            let place = PLACES[(i / order.len() + i) % PLACES.len()];
            let org = self.organisation(template, &pattern.replace("{}", place), language);
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

    fn organisation(&mut self, template: &Template, name: &str, language: &str) -> Organisation {
        let (agency, _, serves) = *template;
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
        let (hours, notes) = if volunteers {
            (places::VOLUNTEER_HOURS, GROUP_NOTES)
        } else {
            (places::OFFICE_HOURS, AGENCY_NOTES)
        };
        let first_day = self.today - Duration::days(HISTORY_DAYS + self.rng.random_range(0..200));
        let created_at = self.office_time(first_day);
        let (town, postcode) = places::town_and_postcode(&mut self.rng);
        let street = places::street_address(&mut self.rng, town);
        let consultations = self.rng.random_range(0..30);
        let tradition = names::tradition(&mut self.rng);
        let contact = names::name(&mut self.rng, tradition, None);
        let slug: Vec<String> = name
            .split(' ')
            .map(places::ascii_folded)
            .filter(|w| !w.is_empty())
            .take(3)
            .collect();
        let slug = slug.join("-");
        Organisation {
            id: OrganisationId::new(),
            name: name.to_string(),
            kind,
            serves: serves.to_string(),
            languages: self.codes.codes(ListKind::Language, &["English", language]),
            availability: self.pick(hours).to_string(),
            contact_person: self.chance(80).then(|| contact.latin()),
            phone: self.chance(85).then(|| places::landline(&mut self.rng)),
            email: self.chance(75).then(|| format!("info@{slug}.example.org")),
            address: self.chance(80).then(|| format!("{street} {postcode}")),
            reporting_centre,
            consultations,
            last_consulted: (consultations > 0)
                .then(|| self.today - Duration::days(self.rng.random_range(3..400))),
            notes: self.pick(notes).to_string(),
            created_at,
            created_by: self.staff.admin,
            updated_at: created_at,
        }
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
