//! The 6-digit code a sign-in e-mail carries beside its link, for a link that would open in
//! another browser than the one that asked (an in-app browser, a webmail app).

use rand::Rng;

use super::Invalid;

/// How many wrong codes an e-mail's code survives before it stops working.
pub(crate) const MAX_TRIES: i64 = 5;

/// How many wrong codes an address may be sent in an hour, whatever the number of e-mails asked:
/// at most 240 guesses a day out of a million.
pub(crate) const MAX_WRONG_PER_HOUR: i64 = 10;

/// Six decimal digits, as typed: spaces, dashes and dots between them are ignored.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct LoginCode(String);

impl LoginCode {
    /// A fresh code, uniformly drawn from 000000 to 999999.
    pub(crate) fn random() -> Self {
        LoginCode(format!("{:06}", rand::rng().random_range(0..1_000_000u32)))
    }

    pub(crate) fn parse(raw: &str) -> Result<Self, Invalid> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}' | '\u{202f}')).collect();
        if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(LoginCode(digits))
        } else {
            Err(Invalid::new("invalid_code_format", "the code is the 6 digits of the sign-in e-mail"))
        }
    }

    /// The six digits, for hashing.
    pub(crate) fn digits(&self) -> &str {
        &self.0
    }

    /// As the e-mail writes it: two groups of three digits (« 123 456 »), easier to copy by eye.
    pub(crate) fn spaced(&self) -> String {
        format!("{} {}", &self.0[..3], &self.0[3..])
    }
}

/// `text` with every code written as [`LoginCode::spaced`] writes it (`123 456`) hidden, for
/// showing a sign-in e-mail's subject to staff without the code that signs its reader in.
pub(crate) fn masked(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let bounded = i == 0 || !digit(i - 1);
        if bounded
            && (0..3).all(|k| digit(i + k))
            && chars.get(i + 3) == Some(&' ')
            && (4..7).all(|k| digit(i + k))
            && !digit(i + 7)
        {
            out.push_str("••• •••");
            i += 7;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

impl std::fmt::Debug for LoginCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginCode([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_in_a_subject_is_hidden_and_nothing_else() {
        assert_eq!(masked("108 202 : votre code de connexion"), "••• ••• : votre code de connexion");
        assert_eq!(masked("108 202 is your sign-in code"), "••• ••• is your sign-in code");
        assert_eq!(masked("Jury : « Ligne 12 » attend 1 400 notes"), "Jury : « Ligne 12 » attend 1 400 notes");
        assert_eq!(masked("1234 567 et 123 4567"), "1234 567 et 123 4567");
    }

    #[test]
    fn codes_are_six_digits_typed_with_or_without_spaces() {
        let code = LoginCode::random();
        assert_eq!(code.digits().len(), 6);
        assert_eq!(LoginCode::parse(&code.spaced()).unwrap(), code);
        assert_eq!(LoginCode::parse("012 345").unwrap().digits(), "012345");
        assert_eq!(LoginCode::parse(" 012-345 ").unwrap().digits(), "012345");
        for bad in ["", "12345", "1234567", "12a456", "１２３４５６", "123 45"] {
            assert!(LoginCode::parse(bad).is_err(), "{bad:?}");
        }
        assert!(!format!("{code:?}").contains(code.digits()));
    }
}
