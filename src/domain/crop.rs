//! The crop of a winning photo for its cover slot: a rectangle in the upright original's pixels
//! with the slot's shape (trim + bleed), inside the photo; its print resolution; and the crop
//! suggested first (the largest one, placed on the photo's most detailed region).

use super::Invalid;
use super::cover::{CoverSpec, FitnessLevel};

/// A valid crop of a photo for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct CropRect {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

/// How far a crop's shape may stray from the slot's (pixels are whole numbers).
const SHAPE_TOLERANCE: f64 = 0.01;

impl CropRect {
    /// A crop of a `photo` (width, height) for `spec`: inside the photo, at least 16 pixels wide,
    /// with the slot's shape within 1 % (or one pixel).
    pub(crate) fn parse(
        x: i64,
        y: i64,
        width: i64,
        height: i64,
        photo: (u32, u32),
        spec: &CoverSpec,
    ) -> Result<Self, Invalid> {
        let (pw, ph) = (i64::from(photo.0), i64::from(photo.1));
        if x < 0 || y < 0 || width < 16 || height < 16 || x + width > pw || y + height > ph {
            return Err(Invalid::new(
                "crop_outside_photo",
                format!("the crop must lie inside the photo ({pw} × {ph} pixels) and be at least 16 pixels wide"),
            ));
        }
        let (w_mm, h_mm) = spec.bled_mm();
        let expected_height = width as f64 * h_mm / w_mm;
        if (height as f64 - expected_height).abs() > f64::max(1.0, expected_height * SHAPE_TOLERANCE) {
            return Err(Invalid::new(
                "crop_wrong_shape",
                format!("the crop must have the cover's shape: {width} pixels wide means {expected_height:.0} high"),
            ));
        }
        Ok(CropRect { x: x as u32, y: y as u32, width: width as u32, height: height as u32 })
    }

    /// The largest crop of the slot's shape, placed along the axis it can move on so that it holds
    /// the most detail; centred when the photo has the slot's shape or no detail map is known.
    pub(crate) fn suggested(photo: (u32, u32), spec: &CoverSpec, detail: Option<&DetailMap>) -> CropRect {
        let fit = spec.fitness(photo.0, photo.1);
        let (width, height) = (fit.crop_width, fit.crop_height);
        let slack_x = photo.0 - width;
        let slack_y = photo.1 - height;
        let place = |slack: u32, profile: Option<&[f64]>, window: u32, total: u32| -> u32 {
            match profile {
                Some(p) if slack > 0 && !p.is_empty() => {
                    best_offset(p, window, total).map_or(slack / 2, |o| o.min(slack))
                }
                _ => slack / 2,
            }
        };
        let x = place(slack_x, detail.map(|d| d.columns.as_slice()), width, photo.0);
        let y = place(slack_y, detail.map(|d| d.rows.as_slice()), height, photo.1);
        CropRect { x, y, width, height }
    }

    pub(crate) fn x(&self) -> u32 {
        self.x
    }
    pub(crate) fn y(&self) -> u32 {
        self.y
    }
    pub(crate) fn width(&self) -> u32 {
        self.width
    }
    pub(crate) fn height(&self) -> u32 {
        self.height
    }

    /// Pixels per inch of this crop on the printed cover (trim + bleed).
    pub(crate) fn effective_dpi(&self, spec: &CoverSpec) -> f64 {
        spec.dpi_of_width(self.width)
    }

    pub(crate) fn level(&self, spec: &CoverSpec) -> FitnessLevel {
        spec.level_at(self.effective_dpi(spec))
    }
}

/// How much detail a photo holds along each axis: the sum of gradient strength per column and per
/// row of a small copy of it (computed by the media layer).
#[derive(Debug, Clone, Default)]
pub(crate) struct DetailMap {
    pub columns: Vec<f64>,
    pub rows: Vec<f64>,
}

/// The start (in photo pixels) of the window of `window` pixels out of `total` holding the most of
/// the `profile` (sampled evenly over `total`); `None` when no window holds clearly more (2 %)
/// than the centred one.
fn best_offset(profile: &[f64], window: u32, total: u32) -> Option<u32> {
    let n = profile.len();
    let span = ((f64::from(window) / f64::from(total)) * n as f64).round().clamp(1.0, n as f64) as usize;
    let sums: Vec<f64> = profile.windows(span).map(|w| w.iter().sum()).collect();
    let centred = sums[(n - span) / 2];
    let (best, best_sum) =
        sums.iter().copied().enumerate().fold((0, f64::MIN), |b, (i, s)| if s > b.1 { (i, s) } else { b });
    (best_sum > centred * 1.02 + 1e-9).then(|| ((best as f64 / n as f64) * f64::from(total)).round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A5 portrait, 3 mm bleed: 154 × 216 mm.
    fn a5() -> CoverSpec {
        CoverSpec::parse(148.0, 210.0, 3.0, 300).unwrap()
    }

    #[test]
    fn a_crop_lies_inside_the_photo_and_keeps_the_slot_shape() {
        // 2138 wide → 2138 × 216 / 154 = 2998.75 high.
        let ok = CropRect::parse(0, 0, 2138, 2999, (4000, 3000), &a5()).unwrap();
        assert_eq!((ok.x(), ok.y(), ok.width(), ok.height()), (0, 0, 2138, 2999));
        assert_eq!(CropRect::parse(0, 0, 2138, 2000, (4000, 3000), &a5()).unwrap_err().code, "crop_wrong_shape");
        assert_eq!(CropRect::parse(2000, 0, 2138, 2999, (4000, 3000), &a5()).unwrap_err().code, "crop_outside_photo");
        assert_eq!(CropRect::parse(-1, 0, 2138, 2999, (4000, 3000), &a5()).unwrap_err().code, "crop_outside_photo");
        assert_eq!(CropRect::parse(0, 0, 10, 14, (4000, 3000), &a5()).unwrap_err().code, "crop_outside_photo");
    }

    #[test]
    fn effective_resolution_of_a_crop() {
        // 2138 px over 154 mm (6.063 in) = 352.6 dpi: fit at 300.
        let full = CropRect::parse(931, 0, 2138, 2999, (4000, 3000), &a5()).unwrap();
        assert!((full.effective_dpi(&a5()) - 352.63).abs() < 0.01);
        assert_eq!(full.level(&a5()), FitnessLevel::Fit);
        // 1600 px: 263.9 dpi, within 15 % below 300 (255): tight; 1400 px: 230.9, unfit.
        let tight = CropRect::parse(0, 0, 1600, 2244, (4000, 3000), &a5()).unwrap();
        assert_eq!(tight.level(&a5()), FitnessLevel::Tight);
        let unfit = CropRect::parse(0, 0, 1400, 1964, (4000, 3000), &a5()).unwrap();
        assert_eq!(unfit.level(&a5()), FitnessLevel::Unfit);
    }

    #[test]
    fn the_suggested_crop_is_the_largest_on_the_detail() {
        // No detail known, or even detail: centred, full height, (4000 − 2138) / 2 = 931.
        let centred = CropRect::suggested((4000, 3000), &a5(), None);
        assert_eq!((centred.x(), centred.y(), centred.width(), centred.height()), (931, 0, 2138, 3000));
        let even = DetailMap { columns: vec![1.0; 40], rows: vec![1.0; 30] };
        assert_eq!(CropRect::suggested((4000, 3000), &a5(), Some(&even)), centred);
        // All the detail on the right edge: the crop goes flush right (x = 4000 − 2138).
        let mut columns = vec![0.0; 40];
        columns[35..].fill(1.0);
        let right = CropRect::suggested((4000, 3000), &a5(), Some(&DetailMap { columns, rows: vec![1.0; 30] }));
        assert_eq!(right.x(), 1862);
        // Detail on the left: flush left.
        let mut columns = vec![0.0; 40];
        columns[..4].fill(1.0);
        let left = CropRect::suggested((4000, 3000), &a5(), Some(&DetailMap { columns, rows: vec![1.0; 30] }));
        assert_eq!(left.x(), 0);
        // A portrait photo taller than the slot moves vertically: detail at the top.
        let mut rows = vec![0.0; 40];
        rows[..5].fill(1.0);
        let top = CropRect::suggested((2000, 4000), &a5(), Some(&DetailMap { columns: vec![1.0; 20], rows }));
        assert_eq!((top.x(), top.y(), top.width()), (0, 0, 2000));
        // Every suggestion is a valid crop.
        for c in [centred, right, left, top] {
            let photo = if c == top { (2000, 4000) } else { (4000, 3000) };
            let (x, y, w, h) = (c.x().into(), c.y().into(), c.width().into(), c.height().into());
            assert_eq!(CropRect::parse(x, y, w, h, photo, &a5()).unwrap(), c);
        }
    }
}
