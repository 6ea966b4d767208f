//! Printed cover slots: trim size, bleed and minimum resolution, and the pixels they need.

use super::Invalid;

/// The print specification of one cover.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CoverSpec {
    pub trim_width_mm: f64,
    pub trim_height_mm: f64,
    pub bleed_mm: f64,
    pub min_dpi: i64,
}

impl CoverSpec {
    pub(crate) fn parse(trim_width_mm: f64, trim_height_mm: f64, bleed_mm: f64, min_dpi: i64) -> Result<Self, Invalid> {
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

    /// `portrait`, `landscape` or `square`, from the trim.
    pub(crate) fn orientation(&self) -> &'static str {
        match self.trim_width_mm.partial_cmp(&self.trim_height_mm) {
            Some(std::cmp::Ordering::Less) => "portrait",
            Some(std::cmp::Ordering::Greater) => "landscape",
            _ => "square",
        }
    }

    /// Pixels (width, height) a photo needs to fill the trim plus bleed at the minimum resolution.
    pub(crate) fn required_pixels(&self) -> (u32, u32) {
        let px = |mm: f64| ((mm + 2.0 * self.bleed_mm) / 25.4 * self.min_dpi as f64).ceil() as u32;
        (px(self.trim_width_mm), px(self.trim_height_mm))
    }

    /// Whether a photo of `width × height` pixels covers the slot (trim + bleed) at its minimum resolution.
    pub(crate) fn fits(&self, width: u32, height: u32) -> bool {
        let (w, h) = self.required_pixels();
        let scale = f64::max(w as f64 / width as f64, h as f64 / height as f64);
        scale <= 1.0
    }
}

/// How well a photo prints on a cover slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FitnessLevel {
    /// At or above the slot's minimum resolution.
    Fit,
    /// Below it by at most 15 %.
    Tight,
    Unfit,
}

impl FitnessLevel {
    pub(crate) fn code(self) -> &'static str {
        match self {
            FitnessLevel::Fit => "fit",
            FitnessLevel::Tight => "tight",
            FitnessLevel::Unfit => "unfit",
        }
    }
}

/// The largest crop of a photo with the slot's shape (trim + bleed), and the resolution it prints at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fitness {
    /// The crop in the photo's pixels.
    pub crop_width: u32,
    pub crop_height: u32,
    /// Pixels per inch of that crop on the printed cover (trim + bleed).
    pub effective_dpi: f64,
    pub level: FitnessLevel,
}

impl CoverSpec {
    /// The printed size with bleed, in millimetres.
    pub(crate) fn bled_mm(&self) -> (f64, f64) {
        (self.trim_width_mm + 2.0 * self.bleed_mm, self.trim_height_mm + 2.0 * self.bleed_mm)
    }

    /// Print fitness of a `width × height` photo: the largest crop of the slot's shape (centred
    /// choice left to the crop editor), its effective resolution, and fit / tight (within 15 %
    /// below the minimum) / unfit.
    pub(crate) fn fitness(&self, width: u32, height: u32) -> Fitness {
        let (w_mm, h_mm) = self.bled_mm();
        let aspect = w_mm / h_mm;
        let (w, h) = (f64::from(width), f64::from(height));
        // The photo is wider than the slot: full height, cropped sides; else full width.
        let (crop_w, crop_h) = if w / h > aspect { (h * aspect, h) } else { (w, w / aspect) };
        let crop_width = (crop_w.floor() as u32).clamp(1, width.max(1));
        let crop_height = (crop_h.floor() as u32).clamp(1, height.max(1));
        let effective_dpi = self.dpi_of_width(crop_width);
        Fitness { crop_width, crop_height, effective_dpi, level: self.level_at(effective_dpi) }
    }

    /// Pixels per inch of a crop `width_px` wide on the printed cover (trim + bleed).
    pub(crate) fn dpi_of_width(&self, width_px: u32) -> f64 {
        f64::from(width_px) / (self.bled_mm().0 / 25.4)
    }

    /// Fit at or above the minimum resolution, tight within 15 % below it, else unfit.
    pub(crate) fn level_at(&self, effective_dpi: f64) -> FitnessLevel {
        let min = self.min_dpi as f64;
        if effective_dpi >= min {
            FitnessLevel::Fit
        } else if effective_dpi >= 0.85 * min {
            FitnessLevel::Tight
        } else {
            FitnessLevel::Unfit
        }
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
    fn print_fitness_against_hand_computed_cases() {
        // A5 with 3 mm bleed: 154 × 216 mm, shape 0.71296.
        let a5 = CoverSpec::parse(148.0, 210.0, 3.0, 300).unwrap();
        // 12 MP landscape 4000 × 3000: full height, 3000 × 0.71296 = 2138.9 → 2138 px wide;
        // 2138 px over 154 mm (6.0630 in) = 352.6 dpi: fit.
        let f = a5.fitness(4000, 3000);
        assert_eq!((f.crop_width, f.crop_height), (2138, 3000));
        assert!((f.effective_dpi - 352.63).abs() < 0.01, "{}", f.effective_dpi);
        assert_eq!(f.level, FitnessLevel::Fit);
        // Portrait 1700 × 4000 (narrower than the slot): full width 1700 px, height 1700 / 0.71296
        // = 2384.4 → 2384; 1700 px over 6.0630 in = 280.4 dpi, 6.5 % under 300: tight.
        let f = a5.fitness(1700, 4000);
        assert_eq!((f.crop_width, f.crop_height), (1700, 2384));
        assert!((f.effective_dpi - 280.39).abs() < 0.01, "{}", f.effective_dpi);
        assert_eq!(f.level, FitnessLevel::Tight);
        // A phone screenshot 1080 × 1920: 1080 px over 6.0630 in = 178.1 dpi: unfit.
        assert_eq!(a5.fitness(1080, 1920).level, FitnessLevel::Unfit);
        // Exactly 15 % under: 255 dpi is still tight.
        let edge = (0.85 * 300.0 * 154.0 / 25.4_f64).ceil() as u32;
        assert_eq!(a5.fitness(edge, 10_000).level, FitnessLevel::Tight);
    }

    #[test]
    fn absurd_specs_are_refused() {
        assert!(CoverSpec::parse(0.0, 210.0, 3.0, 300).is_err());
        assert!(CoverSpec::parse(148.0, f64::NAN, 3.0, 300).is_err());
        assert!(CoverSpec::parse(148.0, 210.0, 50.0, 300).is_err());
        assert!(CoverSpec::parse(148.0, 210.0, 3.0, 10).is_err());
    }
}
