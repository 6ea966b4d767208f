//! Printed cover slots: trim size, bleed and minimum resolution, and the pixels they need.

use super::Invalid;

/// The print specification of one cover.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverSpec {
    pub trim_width_mm: f64,
    pub trim_height_mm: f64,
    pub bleed_mm: f64,
    pub min_dpi: i64,
}

impl CoverSpec {
    pub fn parse(trim_width_mm: f64, trim_height_mm: f64, bleed_mm: f64, min_dpi: i64) -> Result<Self, Invalid> {
        let size_ok = |v: f64| v.is_finite() && (10.0..=2000.0).contains(&v);
        if !size_ok(trim_width_mm) || !size_ok(trim_height_mm) {
            return Err(Invalid::new("invalid_cover_spec", "trim width and height are between 10 and 2000 mm"));
        }
        if !bleed_mm.is_finite() || !(0.0..=20.0).contains(&bleed_mm) {
            return Err(Invalid::new("invalid_cover_spec", "bleed is between 0 and 20 mm"));
        }
        if !(72..=1200).contains(&min_dpi) {
            return Err(Invalid::new("invalid_cover_spec", "minimum resolution is between 72 and 1200 dpi"));
        }
        Ok(CoverSpec { trim_width_mm, trim_height_mm, bleed_mm, min_dpi })
    }

    /// Pixels (width, height) a photo needs to fill the trim plus bleed at the minimum resolution.
    pub fn required_pixels(&self) -> (u32, u32) {
        let px = |mm: f64| ((mm + 2.0 * self.bleed_mm) / 25.4 * self.min_dpi as f64).ceil() as u32;
        (px(self.trim_width_mm), px(self.trim_height_mm))
    }

    /// Whether a photo of `width × height` pixels covers the slot (trim + bleed) at its minimum resolution.
    pub fn fits(&self, width: u32, height: u32) -> bool {
        let (w, h) = self.required_pixels();
        let scale = f64::max(w as f64 / width as f64, h as f64 / height as f64);
        scale <= 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a5_at_300_dpi_with_bleed() {
        let a5 = CoverSpec::parse(148.0, 210.0, 3.0, 300).unwrap();
        // (148 + 2×3) / 25.4 × 300 = 1818.9 → 1819; (210 + 2×3) / 25.4 × 300 = 2551.2 → 2552
        assert_eq!(a5.required_pixels(), (1819, 2552));
        assert!(a5.fits(3000, 4000));
        assert!(!a5.fits(1080, 1440));
    }

    #[test]
    fn absurd_specs_are_refused() {
        assert!(CoverSpec::parse(0.0, 210.0, 3.0, 300).is_err());
        assert!(CoverSpec::parse(148.0, f64::NAN, 3.0, 300).is_err());
        assert!(CoverSpec::parse(148.0, 210.0, 50.0, 300).is_err());
        assert!(CoverSpec::parse(148.0, 210.0, 3.0, 10).is_err());
    }
}
