//! A contest's own colours: an accent for links and buttons (white text on it, so it must keep
//! WCAG AA contrast with white) and a header band (its text turns black or white, whichever reads
//! best), turned into a small stylesheet.

use std::fmt;

use super::Invalid;

/// A colour written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour([u8; 3]);

/// WCAG 2.1 AA contrast for normal text.
pub(crate) const AA_CONTRAST: f64 = 4.5;

impl Colour {
    pub const WHITE: Colour = Colour([255, 255, 255]);
    pub const BLACK: Colour = Colour([0, 0, 0]);

    /// `#rrggbb` or `#rgb`, any case.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new("invalid_colour", format!("`{}` is not a colour like #1d4ed8", raw.trim()));
        let hex = raw.trim().strip_prefix('#').ok_or_else(bad)?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let full = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect::<String>(),
            6 => hex.to_string(),
            _ => return Err(bad()),
        };
        let byte = |i: usize| u8::from_str_radix(&full[i..i + 2], 16).map_err(|_| bad());
        Ok(Colour([byte(0)?, byte(2)?, byte(4)?]))
    }

    /// Its red, green and blue.
    pub fn rgb(self) -> [u8; 3] {
        self.0
    }

    /// Relative luminance (WCAG 2.1).
    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.0[0]) + 0.7152 * lin(self.0[1]) + 0.0722 * lin(self.0[2])
    }

    /// Contrast ratio with `other` (1 to 21).
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Black or white, whichever reads better on this colour.
    pub fn text_on(self) -> Colour {
        if self.contrast(Colour::BLACK) >= self.contrast(Colour::WHITE) { Colour::BLACK } else { Colour::WHITE }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0[0], self.0[1], self.0[2])
    }
}

/// A contest's colours (each optional: Déclic's own otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Theme {
    pub accent: Option<Colour>,
    pub header: Option<Colour>,
}

impl Theme {
    /// Reads the colours given (empty: none); the accent must keep AA contrast with white.
    pub fn parse(accent: Option<&str>, header: Option<&str>) -> Result<Self, Invalid> {
        let colour = |raw: Option<&str>| raw.map(str::trim).filter(|s| !s.is_empty()).map(Colour::parse).transpose();
        let accent = colour(accent)?;
        if let Some(a) = accent {
            let ratio = a.contrast(Colour::WHITE);
            if ratio < AA_CONTRAST {
                return Err(Invalid::new(
                    "low_contrast",
                    format!(
                        "white text on {a} has a contrast of {ratio:.1}:1; accessibility (WCAG AA) needs {AA_CONTRAST}:1: choose a darker colour"
                    ),
                ));
            }
        }
        Ok(Theme { accent, header: colour(header)? })
    }

    /// The stored columns (written by [`Theme::parse`]); anything unreadable is left out.
    pub fn from_stored(accent: Option<&str>, header: Option<&str>) -> Self {
        let read = |raw: Option<&str>| raw.and_then(|s| Colour::parse(s).ok());
        Theme { accent: read(accent), header: read(header) }
    }

    pub fn is_empty(&self) -> bool {
        self.accent.is_none() && self.header.is_none()
    }

    /// The stylesheet that applies the colours over Déclic's.
    pub fn css(&self) -> String {
        let mut css = String::new();
        if let Some(a) = self.accent {
            css.push_str(&format!(":root {{ --accent: {a}; }}\n"));
        }
        if let Some(h) = self.header {
            let text = h.text_on();
            css.push_str(&format!(
                "header.site {{ background: {h}; color: {text}; }}\nheader.site a, header.site .brand, header.site button.link {{ color: {text}; }}\n"
            ));
        }
        css
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_in_both_lengths_and_refuse_anything_else() {
        assert_eq!(Colour::parse("#1D4ED8").unwrap().to_string(), "#1d4ed8");
        assert_eq!(Colour::parse(" #fa0 ").unwrap().to_string(), "#ffaa00");
        for bad in ["1d4ed8", "#1d4ed", "#ggg", "red", "#1d4ed8; }", ""] {
            assert_eq!(Colour::parse(bad).unwrap_err().code, "invalid_colour", "{bad}");
        }
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((Colour::BLACK.contrast(Colour::WHITE) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = Colour::parse("#767676").unwrap();
        assert!((grey.contrast(Colour::WHITE) - 4.54).abs() < 0.01);
        assert_eq!(Colour::parse("#ffdd00").unwrap().text_on(), Colour::BLACK);
        assert_eq!(Colour::parse("#003366").unwrap().text_on(), Colour::WHITE);
    }

    #[test]
    fn an_accent_too_light_for_white_text_is_refused() {
        assert_eq!(Theme::parse(Some("#ffdd00"), None).unwrap_err().code, "low_contrast");
        let t = Theme::parse(Some("#c8102e"), Some("#ffdd00")).unwrap();
        let css = t.css();
        assert!(css.contains("--accent: #c8102e") && css.contains("background: #ffdd00; color: #000000"), "{css}");
        assert!(Theme::parse(Some(""), Some(" ")).unwrap().is_empty());
    }
}
