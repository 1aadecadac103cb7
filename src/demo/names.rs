//! Names from the traditions of the people a race equality council works with.
//!
//! Each name is `(as written in its own script, in Latin letters)`; for Latin-script
//! traditions both are the same. Family names are ones used by men and women alike.

use rand::RngExt;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

type Names = &'static [(&'static str, &'static str)];

/// A naming tradition with what usually goes with it, as labels of the reference lists.
pub(super) struct Tradition {
    pub weight: u32,
    pub male: Names,
    pub female: Names,
    pub family: Names,
    /// Written family name first (Chinese order).
    pub family_first: bool,
    /// Percent of people with no family name (Somali names, some Tamil names).
    pub no_family_pct: u32,
    /// The names have a form in another script.
    pub own_script: bool,
    /// Labels from the `ethnic_group` list.
    pub ethnic: &'static [&'static str],
    /// Labels from the `religion` list.
    pub religion: &'static [&'static str],
    /// Labels from the `language` list, the usual first language first.
    pub languages: &'static [&'static str],
    /// Percent who need an interpreter.
    pub interpreter_pct: u32,
}

#[allow(clippy::too_many_arguments)]
const fn latin(
    weight: u32,
    male: Names,
    female: Names,
    family: Names,
    ethnic: &'static [&'static str],
    religion: &'static [&'static str],
    languages: &'static [&'static str],
    interpreter_pct: u32,
) -> Tradition {
    Tradition {
        weight,
        male,
        female,
        family,
        family_first: false,
        no_family_pct: 0,
        own_script: false,
        ethnic,
        religion,
        languages,
        interpreter_pct,
    }
}

/// Traditions with names in their own script.
const fn scripted(t: Tradition) -> Tradition {
    Tradition {
        own_script: true,
        ..t
    }
}

const fn no_family(pct: u32, t: Tradition) -> Tradition {
    Tradition {
        no_family_pct: pct,
        ..t
    }
}

const MUSLIM: &[&str] = &["Muslim", "Muslim", "Muslim", "Prefer not to say"];
const CHRISTIAN: &[&str] = &["Christian", "Christian", "No religion", "Prefer not to say"];

#[rustfmt::skip]
pub(super) const TRADITIONS: &[Tradition] = &[
    latin(
        14,
        &[("Jack", "Jack"), ("Thomas", "Thomas"), ("Daniel", "Daniel"), ("James", "James"), ("Ryan", "Ryan")],
        &[("Olivia", "Olivia"), ("Emily", "Emily"), ("Sarah", "Sarah"), ("Charlotte", "Charlotte"), ("Jade", "Jade")],
        &[("Smith", "Smith"), ("Taylor", "Taylor"), ("Hughes", "Hughes"), ("Walker", "Walker"), ("Wilson", "Wilson"), ("Clarke", "Clarke")],
        &["English, Welsh, Scottish, Northern Irish or British"],
        &["No religion", "Christian", "Christian", "Prefer not to say"],
        &["English"],
        0,
    ),
    scripted(latin(
        9,
        &[("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("عمر", "Omar"), ("يوسف", "Yusuf"), ("خالد", "Khaled")],
        &[("فاطمة", "Fatima"), ("ليلى", "Layla"), ("مريم", "Maryam"), ("نور", "Nour"), ("هبة", "Heba")],
        &[("الحسن", "Al-Hassan"), ("الخطيب", "Al-Khatib"), ("حداد", "Haddad"), ("منصور", "Mansour"), ("النجار", "Al-Najjar")],
        &["Arab"],
        MUSLIM,
        &["Arabic", "English"],
        40,
    )),
    Tradition {
        family_first: true,
        ..scripted(latin(
            8,
            &[("伟", "Wei"), ("强", "Qiang"), ("志明", "Zhiming"), ("家豪", "Jiahao"), ("磊", "Lei")],
            &[("芳", "Fang"), ("秀英", "Xiuying"), ("静", "Jing"), ("嘉欣", "Jiaxin"), ("敏", "Min")],
            &[("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("陈", "Chen"), ("刘", "Liu"), ("黄", "Huang"), ("林", "Lin")],
            &["Chinese"],
            &["No religion", "No religion", "Buddhist", "Christian"],
            &["Mandarin", "Cantonese", "English"],
            35,
        ))
    },
    scripted(latin(
        9,
        &[("আমিনুল", "Aminul"), ("রহিম", "Rahim"), ("তানভীর", "Tanvir"), ("সাকিব", "Sakib")],
        &[("নাসিমা", "Nasima"), ("শাহানা", "Shahana"), ("রুমানা", "Rumana"), ("ফারহানা", "Farhana")],
        &[("ইসলাম", "Islam"), ("আহমেদ", "Ahmed"), ("চৌধুরী", "Chowdhury"), ("হোসেন", "Hossain"), ("রহমান", "Rahman")],
        &["Bangladeshi"],
        MUSLIM,
        &["Bengali", "English"],
        30,
    )),
    scripted(latin(
        9,
        &[("عمران", "Imran"), ("بلال", "Bilal"), ("عثمان", "Usman"), ("طارق", "Tariq")],
        &[("عائشہ", "Ayesha"), ("صائمہ", "Saima"), ("نادیہ", "Nadia"), ("زینب", "Zainab")],
        &[("خان", "Khan"), ("صدیقی", "Siddiqui"), ("حسین", "Hussain"), ("قریشی", "Qureshi"), ("ملک", "Malik")],
        &["Pakistani"],
        MUSLIM,
        &["Urdu", "Punjabi", "English"],
        25,
    )),
    no_family(15, scripted(latin(
        6,
        &[("கார்த்திக்", "Karthik"), ("சுரேஷ்", "Suresh"), ("விஜய்", "Vijay"), ("தினேஷ்", "Dinesh")],
        &[("கவிதா", "Kavitha"), ("பிரியா", "Priya"), ("லக்ஷ்மி", "Lakshmi"), ("மீனா", "Meena")],
        &[("ராஜேந்திரன்", "Rajendran"), ("சிவகுமார்", "Sivakumar"), ("நடராஜா", "Nadarajah"), ("செல்வம்", "Selvam")],
        &["Any other Asian background", "Indian"],
        &["Hindu", "Hindu", "Christian"],
        &["Tamil", "English"],
        30,
    ))),
    latin(
        9,
        &[("Łukasz", "Łukasz"), ("Paweł", "Paweł"), ("Grzegorz", "Grzegorz"), ("Wojciech", "Wojciech"), ("Jędrzej", "Jędrzej")],
        &[("Małgorzata", "Małgorzata"), ("Zofia", "Zofia"), ("Agnieszka", "Agnieszka"), ("Bożena", "Bożena"), ("Katarzyna", "Katarzyna")],
        &[("Wójcik", "Wójcik"), ("Nowak", "Nowak"), ("Kowalczyk", "Kowalczyk"), ("Wróbel", "Wróbel"), ("Zając", "Zając"), ("Król", "Król")],
        &["Any other White background"],
        CHRISTIAN,
        &["Polish", "English"],
        30,
    ),
    no_family(35, latin(
        8,
        &[("Abdirahman", "Abdirahman"), ("Mohamed", "Mohamed"), ("Abdullahi", "Abdullahi"), ("Hassan", "Hassan")],
        &[("Amina", "Amina"), ("Hodan", "Hodan"), ("Fadumo", "Fadumo"), ("Sahra", "Sahra"), ("Ifrah", "Ifrah")],
        &[("Hassan", "Hassan"), ("Abdi", "Abdi"), ("Warsame", "Warsame"), ("Farah", "Farah"), ("Osman", "Osman"), ("Jama", "Jama")],
        &["African"],
        MUSLIM,
        &["Somali", "English"],
        35,
    )),
    latin(
        6,
        &[("Ionuț", "Ionuț"), ("Ștefan", "Ștefan"), ("Andrei", "Andrei"), ("Mihai", "Mihai")],
        &[("Andreea", "Andreea"), ("Mihaela", "Mihaela"), ("Ioana", "Ioana"), ("Elena", "Elena")],
        &[("Popescu", "Popescu"), ("Ionescu", "Ionescu"), ("Stănescu", "Stănescu"), ("Munteanu", "Munteanu"), ("Țurcanu", "Țurcanu")],
        &["Any other White background"],
        &["Christian", "Christian", "No religion"],
        &["Romanian", "English"],
        40,
    ),
    latin(
        4,
        &[("Patrick", "Patrick"), ("Michael", "Michael"), ("Johnny", "Johnny"), ("Martin", "Martin")],
        &[("Bridget", "Bridget"), ("Mary", "Mary"), ("Kathleen", "Kathleen"), ("Margaret", "Margaret")],
        &[("McDonagh", "McDonagh"), ("Ward", "Ward"), ("Joyce", "Joyce"), ("Maughan", "Maughan"), ("Connors", "Connors")],
        &["Gypsy or Irish Traveller"],
        &["Christian"],
        &["English"],
        0,
    ),
    latin(
        4,
        &[("Ferenc", "Ferenc"), ("Marian", "Marian"), ("Ladislav", "Ladislav"), ("Costel", "Costel")],
        &[("Denisa", "Denisa"), ("Ionela", "Ionela"), ("Žaneta", "Žaneta"), ("Renáta", "Renáta")],
        &[("Lakatos", "Lakatos"), ("Balog", "Balog"), ("Oláh", "Oláh"), ("Stoica", "Stoica"), ("Kaleja", "Kaleja")],
        &["Roma"],
        &["Christian", "Christian", "Prefer not to say"],
        &["Romanian", "English"],
        45,
    ),
    latin(
        6,
        &[("Delroy", "Delroy"), ("Winston", "Winston"), ("Marcus", "Marcus"), ("Andre", "Andre")],
        &[("Marcia", "Marcia"), ("Beverley", "Beverley"), ("Simone", "Simone"), ("Shanice", "Shanice")],
        &[("Campbell", "Campbell"), ("Williams", "Williams"), ("Grant", "Grant"), ("Thompson", "Thompson"), ("Francis", "Francis")],
        &["Caribbean", "White and Black Caribbean"],
        &["Christian", "Christian", "No religion"],
        &["English"],
        0,
    ),
    latin(
        5,
        &[("Chukwuemeka", "Chukwuemeka"), ("Oluwaseun", "Oluwaseun"), ("Kwame", "Kwame"), ("Tunde", "Tunde")],
        &[("Adaeze", "Adaeze"), ("Ngozi", "Ngozi"), ("Abena", "Abena"), ("Folake", "Folake")],
        &[("Okafor", "Okafor"), ("Okonkwo", "Okonkwo"), ("Adeyemi", "Adeyemi"), ("Mensah", "Mensah"), ("Owusu", "Owusu")],
        &["African", "White and Black African"],
        &["Christian", "Christian", "Muslim"],
        &["English"],
        0,
    ),
    scripted(latin(
        4,
        &[("ዮናስ", "Yonas"), ("ዳዊት", "Dawit"), ("ሰለሞን", "Selomon")],
        &[("ሰላም", "Selam"), ("ሳባ", "Saba"), ("ሄለን", "Helen")],
        &[("ተስፋዬ", "Tesfaye"), ("ሃይለ", "Haile"), ("ብርሃነ", "Berhane"), ("ክፍሎም", "Kiflom")],
        &["African"],
        &["Christian", "Christian", "Muslim"],
        &["Tigrinya", "English"],
        55,
    )),
    scripted(latin(
        5,
        &[("ਗੁਰਦੀਪ", "Gurdeep"), ("ਜਸਵਿੰਦਰ", "Jaswinder"), ("ਮਨਜੀਤ", "Manjit")],
        &[("ਹਰਪ੍ਰੀਤ", "Harpreet"), ("ਮਨਜੀਤ", "Manjit"), ("ਜਸਵਿੰਦਰ", "Jaswinder")],
        &[("ਸੰਧੂ", "Sandhu"), ("ਗਿੱਲ", "Gill"), ("ਢਿੱਲੋਂ", "Dhillon"), ("ਸਿੱਧੂ", "Sidhu")],
        &["Indian"],
        &["Sikh", "Sikh", "Sikh", "Hindu"],
        &["Punjabi", "English"],
        15,
    )),
    scripted(latin(
        4,
        &[("داریوش", "Dariush"), ("رضا", "Reza"), ("علی", "Ali")],
        &[("مریم", "Maryam"), ("سارا", "Sara"), ("نازنین", "Nazanin")],
        &[("احمدی", "Ahmadi"), ("حسینی", "Hosseini"), ("رضایی", "Rezaei"), ("کریمی", "Karimi")],
        &["Any other ethnic group", "Any other Asian background"],
        &["Muslim", "No religion", "Any other religion"],
        &["Farsi", "Kurdish", "English"],
        50,
    )),
    latin(
        4,
        &[("Mehmet", "Mehmet"), ("Mustafa", "Mustafa"), ("Emre", "Emre")],
        &[("Ayşe", "Ayşe"), ("Elif", "Elif"), ("Zeynep", "Zeynep")],
        &[("Yılmaz", "Yılmaz"), ("Demir", "Demir"), ("Şahin", "Şahin"), ("Çelik", "Çelik"), ("Öztürk", "Öztürk")],
        &["Any other White background", "Any other ethnic group"],
        MUSLIM,
        &["Turkish", "Kurdish", "English"],
        40,
    ),
];

/// English names for alleged perpetrators, most of whom are white British neighbours.
pub(super) const ENGLISH: &Tradition = &TRADITIONS[0];

/// A person's name in the shape the domain keeps it.
pub(super) struct Name {
    pub given: String,
    pub family: Option<String>,
    pub family_first: bool,
    pub other_names: Vec<String>,
    /// Latin-letter given name and family name, for email addresses and timeline text.
    pub latin_given: &'static str,
    pub latin_family: Option<&'static str>,
    /// The family name in its own script and in Latin letters, to pass to a relative.
    pub family_pair: Option<(&'static str, &'static str)>,
    pub female: bool,
}

impl Name {
    /// The name in Latin letters, as a worker would write it in a note.
    pub(super) fn latin(&self) -> String {
        match (self.latin_family, self.family_first) {
            (Some(f), true) => format!("{f} {}", self.latin_given),
            (Some(f), false) => format!("{} {f}", self.latin_given),
            (None, _) => self.latin_given.to_string(),
        }
    }
}

fn one(rng: &mut StdRng, names: Names) -> (&'static str, &'static str) {
    *names.choose(rng).expect("name tables are not empty")
}

/// A new name in `t`'s tradition; `family` gives a relative's family name.
pub(super) fn name(
    rng: &mut StdRng,
    t: &Tradition,
    family: Option<(&'static str, &'static str)>,
) -> Name {
    let female = rng.random_bool(0.5);
    let given = one(rng, if female { t.female } else { t.male });
    let family = match family {
        Some(f) => Some(f),
        None if rng.random_range(0..100) < t.no_family_pct => None,
        None => Some(one(rng, t.family)),
    };
    let mut name = Name {
        given: given.1.to_string(),
        family: family.map(|f| f.1.to_string()),
        family_first: t.family_first,
        other_names: Vec::new(),
        latin_given: given.1,
        latin_family: family.map(|f| f.1),
        family_pair: family,
        female,
    };
    if family.is_none() && !t.own_script && t.no_family_pct > 0 && rng.random_bool(0.6) {
        // Somali usage: given name, father's name, grandfather's name, no surname.
        let father = one(rng, t.male).1;
        let grandfather = one(rng, t.family).1;
        name.given = format!("{} {father} {grandfather}", given.1);
    }
    if t.own_script {
        own_script(rng, &mut name, given.0, family.map(|f| f.0));
    }
    name
}

/// Writes the name in its own script, with the Latin form as another name, or the
/// other way round, or Latin only.
fn own_script(
    rng: &mut StdRng,
    name: &mut Name,
    given: &'static str,
    family: Option<&'static str>,
) {
    let native = match (family, name.family_first) {
        // Chinese names are written without a space.
        (Some(f), true) => format!("{f}{given}"),
        (Some(f), false) => format!("{given} {f}"),
        (None, _) => given.to_string(),
    };
    // Chinese names are mostly kept in characters, with the pinyin as another name.
    let roll = rng.random_range(0..if name.family_first { 6 } else { 10 });
    match roll {
        0..=3 => {
            let latin = name.latin();
            name.given = given.to_string();
            name.family = family.map(str::to_string);
            name.other_names.push(latin);
        }
        4..=7 => name.other_names.push(native),
        _ => {}
    }
}

/// Chooses a tradition by weight.
pub(super) fn tradition(rng: &mut StdRng) -> &'static Tradition {
    let total: u32 = TRADITIONS.iter().map(|t| t.weight).sum();
    let mut roll = rng.random_range(0..total);
    for t in TRADITIONS {
        if roll < t.weight {
            return t;
        }
        roll -= t.weight;
    }
    &TRADITIONS[0]
}
