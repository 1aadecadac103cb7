//! The words of the demo: where incidents happen and how callers describe them.
//!
//! Placeholders `{street}`, `{bus}`, `{block}` and `{n}` are filled by
//! [`super::incidents::fill`]. Values of reference lists are named by label.

use super::incidents::Scenario;

/// Everything a scenario says.
pub(super) struct Script {
    pub locations: &'static [&'static str],
    /// Sentences in the caller's words; one to three in a row make a narrative.
    pub fragments: &'static [&'static str],
    /// Sets of `strand` labels, by weight.
    pub strands: &'static [(u32, &'static [&'static str])],
    /// `evidence_kind` labels with what a worker notes about them.
    pub evidence: &'static [(&'static str, &'static str)],
    /// Percent reported to the police.
    pub police_pct: u32,
    /// One-line case summaries.
    pub summaries: &'static [&'static str],
    /// How an unnamed alleged perpetrator is described.
    pub perpetrators: &'static [&'static str],
    /// Percent of cases where the alleged perpetrator is known by name.
    pub named_pct: u32,
}

const RACE: &[&str] = &["Race or ethnicity"];
const RACE_RELIGION: &[&str] = &["Race or ethnicity", "Religion or belief"];
const STRANDS: &[(u32, &[&str])] = &[
    (12, RACE),
    (6, RACE_RELIGION),
    (1, &["Religion or belief"]),
    (1, &["Race or ethnicity", "Sexual orientation"]),
    (1, &["Race or ethnicity", "Disability"]),
    (1, &["Race or ethnicity", "Transgender identity"]),
];
const MOSTLY_RACE: &[(u32, &[&str])] = &[(8, RACE), (2, RACE_RELIGION)];

const PUBLIC_EVIDENCE: &[(&str, &str)] = &[
    (
        "CCTV",
        "There may be CCTV on the bus and at the shop opposite.",
    ),
    (
        "Witness",
        "A passer-by stopped to help but did not leave a name.",
    ),
    ("Photo or video", "Client filmed part of it on a phone."),
    ("None", ""),
];
const HOME_EVIDENCE: &[(&str, &str)] = &[
    (
        "Photo or video",
        "Photos of the damage taken on the client's phone.",
    ),
    (
        "Witness",
        "The neighbour opposite saw it happen and is willing to talk to us.",
    ),
    (
        "Documents",
        "Client keeps a diary of incidents, with dates and times.",
    ),
    ("CCTV", "A doorbell camera caught some of it."),
];
const ONLINE_EVIDENCE: &[(&str, &str)] = &[
    (
        "Messages or social media",
        "Screenshots of the posts and comments saved.",
    ),
    (
        "Photo or video",
        "Copy of the video downloaded before it was taken down.",
    ),
];
const WORK_EVIDENCE: &[(&str, &str)] = &[
    (
        "Documents",
        "Copies of the grievance, rotas and the outcome letter.",
    ),
    (
        "Messages or social media",
        "Screenshots from the team WhatsApp group.",
    ),
    (
        "Witness",
        "Two colleagues heard the remarks but are afraid to say so.",
    ),
];
const SCHOOL_EVIDENCE: &[(&str, &str)] = &[
    (
        "Documents",
        "Emails to and from the school kept by the parent.",
    ),
    (
        "Messages or social media",
        "Screenshots from the class group chat.",
    ),
    ("Witness", "Another pupil told a teacher what happened."),
];

pub(super) const ENDINGS: &[&str] = &[
    "I didn't know who else to call.",
    "It has left me frightened to go out on my own.",
    "My children are scared to play outside now.",
    "I want advice before I decide whether to go to the police.",
    "I have not slept properly since it happened.",
    "I feel it happened because of who I am and how I look.",
    "I am worried it will happen again.",
];

#[rustfmt::skip]
static STREET: Script = Script {
    locations: &["bus stop on {street}", "outside the Co-op on {street}", "on the {bus} bus towards Kingston", "Surbiton station, platform 2", "car park behind the shops on {street}", "{street}, near the mosque", "outside the chicken shop on {street}", "Fairfield recreation ground"],
    fragments: &[
        "A man I didn't know shouted racist abuse at me and spat at me.",
        "He told me to go back to my own country.",
        "Two teenagers followed me and my daughter, calling us names.",
        "Someone pulled at my headscarf from behind and laughed.",
        "A woman said people like me should not be allowed on the bus.",
        "The driver saw it happen and did nothing.",
        "They threw a drink at me from a passing car.",
        "A group of young men made monkey noises as I walked past.",
    ],
    strands: STRANDS,
    evidence: PUBLIC_EVIDENCE,
    police_pct: 40,
    summaries: &["Racist abuse and spitting at {location}", "Verbal abuse in the street at {location}; client wants advice first", "Assault and abuse by strangers at {location}"],
    perpetrators: &["Man in his 30s, grey hoodie", "Two teenage boys on bikes", "Woman in her 50s with a small dog", "Group of young men, not known to the client", "White man, shaved head, about 6 feet tall", "Unknown: client did not see his face"],
    named_pct: 0,
};

#[rustfmt::skip]
static NEIGHBOUR: Script = Script {
    locations: &["home, {n} {street}", "shared landing of {block}", "communal garden behind {block}", "front garden at home on {street}", "car park of {block}"],
    fragments: &[
        "The neighbour at number {n} has been shouting racist names over the fence for months.",
        "Dog mess and rubbish were left on my doorstep again.",
        "Eggs were thrown at the front window during the night.",
        "My children were called racist names while they played outside.",
        "The neighbours bang on the ceiling whenever we cook.",
        "Someone let down the tyres on my car and scratched it.",
        "They say they will make sure we are moved out.",
        "My bins were kicked over and the lid thrown into the road.",
    ],
    strands: MOSTLY_RACE,
    evidence: HOME_EVIDENCE,
    police_pct: 45,
    summaries: &["Persistent racist harassment by neighbours at {location}", "Neighbour dispute with racist abuse; no witnesses, diary kept", "Low-level harassment over many months at {location}"],
    perpetrators: &["Neighbour at number {n}", "The family in the flat above", "Teenage son of the neighbours", "Man and woman living next door"],
    named_pct: 60,
};

#[rustfmt::skip]
static GRAFFITI: Script = Script {
    locations: &["front door of the family home on {street}", "garage door on {street}", "wall of the mosque on {street}", "shop shutter on {street}", "bus shelter on {street}"],
    fragments: &[
        "Racist graffiti was sprayed on the front door overnight.",
        "Someone scratched a swastika into the paintwork of my car.",
        "A racist slogan was painted on our shop shutter.",
        "A pig's head was left by the door of the mosque.",
        "Stickers with racist slogans have been put up all along the road.",
    ],
    strands: &[(5, RACE), (5, RACE_RELIGION), (1, &["Religion or belief"])],
    evidence: HOME_EVIDENCE,
    police_pct: 60,
    summaries: &["Racist graffiti at {location}", "Criminal damage with racist slogans at {location}"],
    perpetrators: &["Unknown: it happened overnight", "Two people in dark clothes seen on a doorbell camera"],
    named_pct: 0,
};

#[rustfmt::skip]
static ONLINE: Script = Script {
    locations: &["Facebook comment under a local news post", "local community Facebook group", "WhatsApp messages from an unknown number", "TikTok video filmed on {street}", "Instagram messages"],
    fragments: &[
        "Someone posted my photo with racist comments underneath.",
        "I keep getting messages from an unknown number calling me names.",
        "A video of me at the bus stop was posted with racist captions.",
        "People in the local group said families like mine are ruining the area.",
        "The messages say they know where I live.",
    ],
    strands: STRANDS,
    evidence: ONLINE_EVIDENCE,
    police_pct: 35,
    summaries: &["Online racist abuse: {location}", "Threatening messages and online abuse"],
    perpetrators: &["Unknown: the account has since been deleted", "Several accounts in the local group", "Unknown number"],
    named_pct: 10,
};

#[rustfmt::skip]
static WORKPLACE: Script = Script {
    locations: &["warehouse floor at work", "staff room at work", "team WhatsApp group", "the care home where the client works", "hotel kitchen"],
    fragments: &[
        "My supervisor keeps making comments about my accent in front of the team.",
        "I was passed over for promotion after I complained.",
        "I was told not to speak my own language at work, even on breaks.",
        "Since I raised a grievance I have been given the worst shifts.",
        "A colleague calls me by a nickname that mocks my name.",
        "HR said it was banter and closed my complaint.",
        "I was dismissed two weeks after asking for time off for Eid.",
    ],
    strands: MOSTLY_RACE,
    evidence: WORK_EVIDENCE,
    police_pct: 5,
    summaries: &["Race discrimination at work; grievance rejected", "Harassment by a supervisor; advice on grievance and ACAS", "Dismissal after raising race discrimination"],
    perpetrators: &["Line manager", "Shift supervisor", "Colleague on the same team", "Agency manager"],
    named_pct: 50,
};

#[rustfmt::skip]
static SCHOOL: Script = Script {
    locations: &["playground at school", "school bus", "class group chat", "outside the school gates on {street}", "school corridor"],
    fragments: &[
        "My son is being called racist names by other pupils.",
        "My daughter had her hijab pulled off in the corridor.",
        "The school has not replied to my two emails about it.",
        "Older pupils pushed my son over and took his phone.",
        "A teacher told my child to stop making a fuss.",
        "She no longer wants to go to school and cries every morning.",
    ],
    strands: MOSTLY_RACE,
    evidence: SCHOOL_EVIDENCE,
    police_pct: 5,
    summaries: &["Racist bullying of a pupil; support for the family with the school", "Pupil harassed at school; mediation with the head teacher"],
    perpetrators: &["Pupils in Year 9", "A boy in the same class", "Older pupils on the school bus", "Another parent at the school gate"],
    named_pct: 0,
};

#[rustfmt::skip]
static HOUSING: Script = Script {
    locations: &["home, {block}", "shared landing of {block}", "home, {n} {street}"],
    fragments: &[
        "The housing officer says it is a neighbour dispute and will not act.",
        "We asked for a transfer on safety grounds a year ago.",
        "Racist abuse from the flat upstairs has gone on since we moved in.",
        "The landlord is threatening to evict us because of the complaints.",
        "The damp and mould have not been fixed despite many reports.",
    ],
    strands: MOSTLY_RACE,
    evidence: HOME_EVIDENCE,
    police_pct: 25,
    summaries: &["Housing: transfer request after racist harassment at {location}", "Landlord not acting on racist harassment at {location}"],
    perpetrators: &["Neighbours in the flat upstairs", "Tenant at number {n}"],
    named_pct: 40,
};

#[rustfmt::skip]
static COMPLEX: Script = Script {
    locations: &["home, {block}", "home, {n} {street}", "various places around {street}"],
    fragments: &[
        "We have rent arrears, a disrepair claim and the harassment all at once.",
        "Two other agencies said they could not help with all of it.",
        "My husband was attacked in the street and has not worked since.",
        "The council stopped our benefits while they review our status.",
        "The abuse from the neighbours started again after the police visit.",
        "I am looking after three children on my own and my English is not good.",
    ],
    strands: MOSTLY_RACE,
    evidence: HOME_EVIDENCE,
    police_pct: 35,
    summaries: &["Complex: harassment, housing and benefits problems together", "Several issues at once; other agencies declined to help"],
    perpetrators: &["Neighbours", "Group of youths on the estate"],
    named_pct: 30,
};

#[rustfmt::skip]
static SERVICE: Script = Script {
    locations: &["taxi office on {street}", "pharmacy on {street}", "GP surgery reception", "nightclub door on {street}", "estate agent on {street}"],
    fragments: &[
        "The driver refused to take me when he saw my face.",
        "I was told the flat had gone, but my white friend was offered it the same day.",
        "The receptionist refused to book an interpreter and sent me away.",
        "The door staff let my friends in but said I was not on the list.",
    ],
    strands: &[(1, RACE)],
    evidence: PUBLIC_EVIDENCE,
    police_pct: 5,
    summaries: &["Refused service at {location}", "Race discrimination in a service: {location}"],
    perpetrators: &["Taxi driver", "Member of staff", "Door staff"],
    named_pct: 0,
};

/// The script of a scenario.
pub(super) fn script(s: Scenario) -> &'static Script {
    match s {
        Scenario::Street => &STREET,
        Scenario::Neighbour => &NEIGHBOUR,
        Scenario::Graffiti => &GRAFFITI,
        Scenario::Online => &ONLINE,
        Scenario::Workplace => &WORKPLACE,
        Scenario::School => &SCHOOL,
        Scenario::Housing => &HOUSING,
        Scenario::Complex => &COMPLEX,
        Scenario::Service => &SERVICE,
    }
}
