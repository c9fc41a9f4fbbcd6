//! User-facing account values, parsed at the edge.

use serde::{Deserialize, Serialize};

/// A login name: 3 to 64 characters, lower-case ASCII letters, digits, `.`, `_` or `-`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    /// Parses a user name, lowering its case.
    pub fn parse(raw: &str) -> Result<Username, &'static str> {
        let name = raw.trim().to_ascii_lowercase();
        if name.len() < 3 || name.len() > 64 {
            return Err("err.username_length");
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            return Err("err.username_chars");
        }
        Ok(Username(name))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: at least 8 characters with a letter and a digit, at most 128.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks a new password against the policy.
    pub fn parse(raw: &str) -> Result<Password, &'static str> {
        let n = raw.chars().count();
        if !(8..=128).contains(&n) {
            return Err("err.password_length");
        }
        if !raw.chars().any(|c| c.is_alphabetic()) || !raw.chars().any(|c| c.is_ascii_digit()) {
            return Err("err.password_mix");
        }
        Ok(Password(raw.to_string()))
    }

    /// Checks a password a person chose for the account `username`: the policy of [`parse`],
    /// and neither a common password (or a common word with digits and signs around it, such
    /// as "matkhau2026" or "Admin@123") nor one that holds the user name.
    ///
    /// [`parse`]: Password::parse
    pub fn parse_for(raw: &str, username: &str) -> Result<Password, &'static str> {
        let password = Self::parse(raw)?;
        let lower = raw.to_lowercase();
        let letters: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
        if COMMON_PASSWORDS.contains(&lower.as_str()) || COMMON_WORDS.contains(&letters.as_str()) {
            return Err("err.password_common");
        }
        let name = username.trim().to_lowercase();
        if name.chars().count() >= 3 && lower.contains(&name) {
            return Err("err.password_has_username");
        }
        Ok(password)
    }

    /// The password as text (only for hashing).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Passwords met in every leaked list that pass the length and letter-and-digit rules.
const COMMON_PASSWORDS: &[&str] = &[
    "password1",
    "password12",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword1",
    "abc12345",
    "abcd1234",
    "abc123456",
    "a1234567",
    "a12345678",
    "a123456789",
    "1234567a",
    "12345678a",
    "123456789a",
    "1234qwer",
    "qwer1234",
    "qwerty12",
    "qwerty123",
    "qwerty1234",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1qaz2wsx",
    "zaq12wsx",
    "q1w2e3r4",
    "asdf1234",
    "zxcv1234",
    "iloveyou1",
    "iloveyou2",
    "trustno1",
    "admin123",
    "admin@123",
    "admin1234",
    "welcome1",
    "welcome123",
    "letmein1",
    "changeme1",
    "monkey123",
    "dragon123",
    "football1",
    "baseball1",
    "sunshine1",
    "princess1",
    "superman1",
    "master123",
    "test1234",
    "user1234",
    "root1234",
    "anhyeuem1",
    "anhyeuem123",
    "emyeuanh1",
    "emyeuanh123",
    "matkhau1",
    "matkhau123",
    "vietnam1",
    "vietnam123",
    "hanoi123",
    "saigon123",
    "abc@1234",
    "aa123456",
    "aa12345678",
];

/// Words that are no password with digits or signs around them ("Matkhau@2026").
const COMMON_WORDS: &[&str] = &[
    "password",
    "passw",
    "pass",
    "matkhau",
    "admin",
    "administrator",
    "qwerty",
    "qwer",
    "asdf",
    "abc",
    "abcd",
    "abcde",
    "abcdef",
    "a",
    "aa",
    "q",
    "qw",
    "qwe",
    "iloveyou",
    "anhyeuem",
    "emyeuanh",
    "welcome",
    "letmein",
    "changeme",
    "vietnam",
    "hanoi",
    "saigon",
    "hochiminh",
    "cchc",
    "ubnd",
    "snv",
    "sonoivu",
    "test",
    "user",
    "root",
    "login",
    "quantri",
    "taikhoan",
];

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// An e-mail address, checked for shape only (delivery proves the rest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, something before, a dotted domain after, no spaces.
    pub fn parse(raw: &str) -> Result<Email, &'static str> {
        let s = raw.trim();
        let ok = s.len() <= 255
            && !s.contains(char::is_whitespace)
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if ok {
            Ok(Email(s.to_string()))
        } else {
            Err("err.email_invalid")
        }
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's full name: 2 to 255 characters once trimmed.
pub fn parse_full_name(raw: &str) -> Result<String, &'static str> {
    let s = raw.trim();
    let n = s.chars().count();
    if !(2..=255).contains(&n) {
        return Err("err.full_name_length");
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowered_and_checked() {
        assert_eq!(
            Username::parse(" Nguyen.Van_A ").map(|u| u.0),
            Ok("nguyen.van_a".into())
        );
        assert_eq!(Username::parse("ab"), Err("err.username_length"));
        assert_eq!(Username::parse("nguyễn"), Err("err.username_chars"));
        assert_eq!(Username::parse("a b c"), Err("err.username_chars"));
    }

    #[test]
    fn passwords_need_length_a_letter_and_a_digit() {
        assert!(Password::parse("cchc2025").is_ok());
        // A person choosing a password gets more rules.
        for common in [
            "Password123",
            "matkhau2026",
            "Admin@123",
            "cchc2025",
            "1q2w3e4r",
        ] {
            assert_eq!(
                Password::parse_for(common, "lan.pham"),
                Err("err.password_common"),
                "{common}"
            );
        }
        assert_eq!(
            Password::parse_for("lan.pham2026", "lan.pham"),
            Err("err.password_has_username")
        );
        assert!(Password::parse_for("Sông Hồng chảy 2026", "lan.pham").is_ok());
        assert!(Password::parse_for("ke-hoach-cchc-7x", "lan.pham").is_ok());
        assert!(Password::parse("Mật khẩu 2025").is_ok());
        assert_eq!(Password::parse("short1").err(), Some("err.password_length"));
        assert_eq!(
            Password::parse("onlyletters").err(),
            Some("err.password_mix")
        );
        assert_eq!(
            Password::parse("1234567890").err(),
            Some("err.password_mix")
        );
        assert_eq!(
            format!("{:?}", Password::parse("cchc2025")),
            "Ok(Password(***))"
        );
    }

    #[test]
    fn email_shapes() {
        assert!(Email::parse("cchc@sonv.sonha.gov.vn").is_ok());
        for bad in [
            "", "a", "a@b", "@b.vn", "a@.vn", "a@b.", "a b@c.vn", "a@b@c.vn",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn full_names_are_trimmed_and_bounded() {
        assert_eq!(
            parse_full_name("  Trần Thị Bích  "),
            Ok("Trần Thị Bích".into())
        );
        assert!(parse_full_name("A").is_err());
    }
}
