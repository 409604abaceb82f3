//! Catalogue profiles: the headings a catalogue uses, each with the field of an entry it fills.
//!
//! Catalogues name their fields in their own words, and one catalogue may use several words for
//! one field (the OSCE compendium writes "Organization" in some chapters and "Enacting
//! authority" in others). A [`Profile`] is that table. [`Profile::osce_compendium`] is built in;
//! [`Profile::read`] reads another from a JSON file:
//!
//! ```json
//! {"name": "my-catalogue", "headings": {"Title": "name", "Issuer": "organization", "Issued": "date"}}
//! ```
//!
//! ```
//! use resgraph::ingest::profile::{Field, Profile};
//! let profile = Profile::osce_compendium();
//! assert_eq!(profile.name, "osce-compendium");
//! assert_eq!(profile.field("Enacting authority"), Some(Field::Organization));
//! assert_eq!(profile.field("Date of publishing"), Some(Field::Date));
//! assert_eq!(profile.field("Initiative end date"), None);
//! ```

use crate::error::{Error, Result};
use crate::model::{Slug, AT_MARK};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::path::Path;

/// A field of a catalogue entry ([`crate::ingest::catalogue::CatalogueEntry`]), which a
/// profile's headings fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The resource's name (required in every record).
    Name,
    /// Its types, comma-separated.
    Type,
    /// The country or jurisdiction it applies to.
    Jurisdiction,
    /// The organization that issued or enacted it.
    Organization,
    /// The date it was launched, adopted, published or entered into force.
    Date,
    /// What it is, in one or more paragraphs.
    Description,
    /// Where it can be read: `LANG[, LANG…]: url` lines.
    Availability,
}

impl Field {
    /// Every field, in the order of a catalogue record.
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::Type,
        Field::Jurisdiction,
        Field::Organization,
        Field::Date,
        Field::Description,
        Field::Availability,
    ];

    /// The field's name in a profile file: `name`, `type`, `jurisdiction`, `organization`,
    /// `date`, `description` or `availability`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Type => "type",
            Field::Jurisdiction => "jurisdiction",
            Field::Organization => "organization",
            Field::Date => "date",
            Field::Description => "description",
            Field::Availability => "availability",
        }
    }

    /// The field of a name as [`Field::as_str`] writes it.
    ///
    /// ```
    /// use resgraph::ingest::profile::Field;
    /// assert_eq!(Field::parse("organization"), Ok(Field::Organization));
    /// assert_eq!(
    ///     Field::parse("issuer").unwrap_err(),
    ///     "\"issuer\" is not a field: use name, type, jurisdiction, organization, date, description or availability"
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Field, String> {
        Field::ALL
            .into_iter()
            .find(|f| f.as_str() == text)
            .ok_or_else(|| {
                format!(
                    "{text:?} is not a field: use name, type, jurisdiction, organization, date, description or availability"
                )
            })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::model::checked(deserializer, Field::parse)
    }
}

/// The headings of a catalogue, each mapped to the field it fills, under the profile's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The profile's name (an id such as `osce-compendium`), which error messages give.
    pub name: String,
    /// Each heading with its field, in the order given.
    headings: Vec<(String, Field)>,
}

/// The name of the built-in profile.
const OSCE_COMPENDIUM: &str = "osce-compendium";

/// The headings of the OSCE compendium, every variant its chapters use.
const OSCE_COMPENDIUM_HEADINGS: [(&str, Field); 11] = [
    ("Name of Resource", Field::Name),
    ("Type", Field::Type),
    ("Country / jurisdiction", Field::Jurisdiction),
    ("Organization", Field::Organization),
    ("Enacting authority", Field::Organization),
    ("Initiative launch date", Field::Date),
    ("Entry into force / date of approval", Field::Date),
    ("Date of publishing", Field::Date),
    ("Date of initial launch", Field::Date),
    ("Description", Field::Description),
    ("Availability", Field::Availability),
];

impl Profile {
    /// The OSCE compendium's headings, named `osce-compendium`: "Name of Resource" (name),
    /// "Type" (type), "Country / jurisdiction" (jurisdiction), "Organization" and "Enacting
    /// authority" (organization), "Initiative launch date", "Entry into force / date of
    /// approval", "Date of publishing" and "Date of initial launch" (date), "Description"
    /// (description) and "Availability" (availability).
    pub fn osce_compendium() -> Profile {
        Profile {
            name: OSCE_COMPENDIUM.to_owned(),
            headings: OSCE_COMPENDIUM_HEADINGS
                .iter()
                .map(|(heading, field)| ((*heading).to_owned(), *field))
                .collect(),
        }
    }

    /// A profile of these headings, checked as [`Profile::read`] checks a file: the name is an
    /// id, each heading is one line without spaces at its ends, no heading is given twice, and
    /// some heading fills the name.
    ///
    /// ```
    /// use resgraph::ingest::profile::{Field, Profile};
    /// let profile = Profile::new("my-catalogue", [("Title", Field::Name), ("Issuer", Field::Organization)]).unwrap();
    /// assert_eq!(profile.field("Issuer"), Some(Field::Organization));
    /// assert_eq!(
    ///     Profile::new("my-catalogue", [("Issuer", Field::Organization)]).unwrap_err(),
    ///     "no heading fills the field name, which every record needs"
    /// );
    /// ```
    pub fn new<H: Into<String>>(
        name: &str,
        headings: impl IntoIterator<Item = (H, Field)>,
    ) -> Result<Profile, String> {
        let name = check_name(name)?;
        let mut profile = Profile {
            name,
            headings: Vec::new(),
        };
        for (heading, field) in headings {
            profile.add(heading.into(), field)?;
        }
        profile.check_complete()?;
        Ok(profile)
    }

    /// Reads a profile from a JSON file such as `{"name": "my-catalogue", "headings": {"Title":
    /// "name", "Issuer": "organization"}}`. A problem is reported with the file, line and
    /// column.
    pub fn read(path: &Path) -> Result<Profile> {
        let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
        Profile::from_json(path, &text)
    }

    /// Reads a profile from the JSON text of the file `path` (see [`Profile::read`]).
    ///
    /// ```
    /// use resgraph::ingest::profile::{Field, Profile};
    /// let json = r#"{"name": "my-catalogue", "headings": {"Title": "name", "Issuer": "issuer"}}"#;
    /// assert_eq!(
    ///     Profile::from_json("p.json".as_ref(), json).unwrap_err().to_string(),
    ///     "p.json:1:66: headings.Issuer: \"issuer\" is not a field: use name, type, jurisdiction, organization, date, description or availability"
    /// );
    /// ```
    pub fn from_json(path: &Path, text: &str) -> Result<Profile> {
        let file: ProfileFile = crate::ingest::folder::parse_json_str(path, text, 1)?;
        Ok(file.headings.0.with_name(file.name.0))
    }

    fn with_name(mut self, name: String) -> Profile {
        self.name = name;
        self
    }

    /// The field that `heading` (a whole line, without spaces at its ends) fills, if the
    /// profile has that heading.
    pub fn field(&self, heading: &str) -> Option<Field> {
        self.headings
            .iter()
            .find(|(h, _)| h == heading)
            .map(|(_, field)| *field)
    }

    /// Every heading with its field, in the order given.
    pub fn headings(&self) -> impl Iterator<Item = (&str, Field)> + '_ {
        self.headings.iter().map(|(h, field)| (h.as_str(), *field))
    }

    /// The headings that fill `field`, in the order given.
    pub fn headings_of(&self, field: Field) -> impl Iterator<Item = &str> + '_ {
        self.headings()
            .filter(move |(_, f)| *f == field)
            .map(|(h, _)| h)
    }

    /// Adds a heading, refusing one that is not a heading line or is given twice.
    fn add(&mut self, heading: String, field: Field) -> Result<(), String> {
        if heading.is_empty() {
            return Err("a heading cannot be empty".into());
        }
        if heading.chars().any(char::is_control) {
            return Err(format!(
                "the heading {heading:?} is not one line of text: it holds a control character"
            ));
        }
        if heading.trim() != heading {
            return Err(format!(
                "the heading {heading:?} starts or ends with a space, which a heading line never keeps"
            ));
        }
        if heading == "." {
            return Err("the heading \".\" is the line that closes a record".into());
        }
        if self.field(&heading).is_some() {
            return Err(format!("the heading {heading:?} is given twice"));
        }
        self.headings.push((heading, field));
        Ok(())
    }

    /// Refuses a profile in which no heading fills the name.
    fn check_complete(&self) -> Result<(), String> {
        match self.headings_of(Field::Name).next() {
            Some(_) => Ok(()),
            None => Err("no heading fills the field name, which every record needs".into()),
        }
    }
}

/// Checks a profile's name: an id.
fn check_name(name: &str) -> Result<String, String> {
    Slug::parse(name)
        .map(|slug| slug.as_str().to_owned())
        .map_err(|_| {
            format!("{name:?} is not a profile name: use lowercase letters and digits in words joined by single hyphens, e.g. my-catalogue")
        })
}

/// A profile file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: ProfileName,
    headings: Headings,
}

/// A profile's name in a file, checked where it stands.
struct ProfileName(String);

impl<'de> Deserialize<'de> for ProfileName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::model::checked(deserializer, check_name).map(ProfileName)
    }
}

/// The headings of a profile file, in the file's order (the profile's name is set after).
struct Headings(Profile);

impl<'de> Deserialize<'de> for Headings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(HeadingsVisitor)
    }
}

struct HeadingsVisitor;

impl<'de> Visitor<'de> for HeadingsVisitor {
    type Value = Headings;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of headings, each with its field")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Headings, A::Error> {
        let mut profile = Profile {
            name: String::new(),
            headings: Vec::new(),
        };
        while let Some(HeadingKey { text, address }) = map.next_key()? {
            // The field first, so that a bad field is reported before a repeated heading.
            let field: Field = map.next_value()?;
            profile.add(text, field).map_err(|message| match address {
                Some(address) => de::Error::custom(format!("{AT_MARK}{address}{AT_MARK}{message}")),
                None => de::Error::custom(message),
            })?;
        }
        profile.check_complete().map_err(de::Error::custom)?;
        Ok(Headings(profile))
    }
}

/// A heading as a key of the `headings` object, with the address of its opening quote in the
/// JSON text when the reader lends it (a key without escapes), so that an error can point at it.
struct HeadingKey {
    text: String,
    address: Option<usize>,
}

impl<'de> Deserialize<'de> for HeadingKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = HeadingKey;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a heading")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<HeadingKey, E> {
                Ok(HeadingKey {
                    text: text.to_owned(),
                    address: Some(text.as_ptr() as usize - 1),
                })
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<HeadingKey, E> {
                Ok(HeadingKey {
                    text: text.to_owned(),
                    address: None,
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_json(text: &str) -> std::result::Result<Profile, String> {
        Profile::from_json(Path::new("p.json"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn the_built_in_profile_holds_every_heading_of_the_compendium() {
        let profile = Profile::osce_compendium();
        let table: Vec<(&str, &str)> = profile.headings().map(|(h, f)| (h, f.as_str())).collect();
        assert_eq!(
            table,
            [
                ("Name of Resource", "name"),
                ("Type", "type"),
                ("Country / jurisdiction", "jurisdiction"),
                ("Organization", "organization"),
                ("Enacting authority", "organization"),
                ("Initiative launch date", "date"),
                ("Entry into force / date of approval", "date"),
                ("Date of publishing", "date"),
                ("Date of initial launch", "date"),
                ("Description", "description"),
                ("Availability", "availability"),
            ]
        );
        assert_eq!(
            profile.headings_of(Field::Date).collect::<Vec<_>>(),
            [
                "Initiative launch date",
                "Entry into force / date of approval",
                "Date of publishing",
                "Date of initial launch"
            ]
        );
        assert_eq!(profile.field("organization"), None);
        assert_eq!(profile.field(" Type"), None);
    }

    #[test]
    fn a_profile_file_is_read_in_its_order() {
        let profile = from_json(
            "{\n  \"name\": \"my-catalogue\",\n  \"headings\": {\n    \"Title\": \"name\",\n    \"Issuer\": \"organization\",\n    \"Issued\": \"date\",\n    \"Kinds\": \"type\"\n  }\n}\n",
        )
        .unwrap();
        assert_eq!(profile.name, "my-catalogue");
        assert_eq!(
            profile.headings().collect::<Vec<_>>(),
            [
                ("Title", Field::Name),
                ("Issuer", Field::Organization),
                ("Issued", Field::Date),
                ("Kinds", Field::Type)
            ]
        );
        assert_eq!(
            Profile::new(
                "my-catalogue",
                [
                    ("Title", Field::Name),
                    ("Issuer", Field::Organization),
                    ("Issued", Field::Date),
                    ("Kinds", Field::Type)
                ]
            ),
            Ok(profile)
        );
    }

    #[test]
    fn a_bad_profile_file_is_refused_with_line_and_column() {
        let cases = [
            (
                "{\"name\": \"my-catalogue\",\n \"headings\": {\"Title\": \"titel\"}}",
                "p.json:2:24: headings.Title: \"titel\" is not a field: use name, type, jurisdiction, organization, date, description or availability",
            ),
            (
                "{\"name\": \"My catalogue\", \"headings\": {\"Title\": \"name\"}}",
                "p.json:1:10: name: \"My catalogue\" is not a profile name: use lowercase letters and digits in words joined by single hyphens, e.g. my-catalogue",
            ),
            (
                "{\"name\": \"c\",\n \"headings\": {\n  \"Title\": \"name\",\n  \"Title\": \"type\"}}",
                "p.json:4:3: headings: the heading \"Title\" is given twice",
            ),
            (
                "{\"name\": \"c\", \"headings\": {\"Title\": \"name\", \"Issued \": \"date\"}}",
                "p.json:1:45: headings: the heading \"Issued \" starts or ends with a space, which a heading line never keeps",
            ),
            (
                "{\"name\": \"c\", \"headings\": {\"\": \"name\"}}",
                "p.json:1:28: headings: a heading cannot be empty",
            ),
            (
                "{\"name\": \"c\", \"headings\": {\".\": \"name\"}}",
                "p.json:1:28: headings: the heading \".\" is the line that closes a record",
            ),
            (
                "{\"name\": \"c\", \"headings\": {\"A\\nB\": \"name\"}}",
                "p.json:1:42: headings: the heading \"A\\nB\" is not one line of text: it holds a control character",
            ),
            (
                "{\"name\": \"c\",\n \"headings\": {\"Issuer\": \"organization\"}\n}",
                "p.json:2:39: headings: no heading fills the field name, which every record needs",
            ),
            (
                "{\"name\": \"c\", \"heading\": {\"Title\": \"name\"}}",
                "p.json:1:23: heading: unknown field `heading`, expected `name` or `headings`",
            ),
            (
                "{\"headings\": {\"Title\": \"name\"}}",
                "p.json:1:31: missing field `name`",
            ),
            ("{\"name\": \"c\",", "p.json:1:13: EOF while parsing a value"),
        ];
        for (json, message) in cases {
            assert_eq!(from_json(json).unwrap_err(), message, "{json}");
        }
    }

    #[test]
    fn a_profile_file_that_cannot_be_read_names_the_file() {
        let error = Profile::read(Path::new("no/such/profile.json")).unwrap_err();
        assert!(
            error.to_string().starts_with("no/such/profile.json: "),
            "{error}"
        );
    }
}
