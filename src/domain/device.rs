//! The kind of device a request comes from, read from its User-Agent: phone, tablet or desktop.
//! Only the class is kept (for the dashboard's device split), never the User-Agent. iPads since
//! iPadOS 13 say they are Macs: they count as desktops.

/// A kind of device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeviceClass {
    Phone,
    Tablet,
    Desktop,
}

impl DeviceClass {
    pub const ALL: [DeviceClass; 3] = [DeviceClass::Phone, DeviceClass::Tablet, DeviceClass::Desktop];

    /// The class of a User-Agent; `None` when there is none to read.
    pub fn of_user_agent(ua: &str) -> Option<DeviceClass> {
        let ua = ua.trim().to_ascii_lowercase();
        if ua.is_empty() {
            return None;
        }
        let has = |s: &str| ua.contains(s);
        Some(if has("ipad") || has("tablet") || has("kindle") || has("silk/") || (has("android") && !has("mobile")) {
            DeviceClass::Tablet
        } else if has("iphone") || has("ipod") || has("mobile") || has("windows phone") || has("android") {
            DeviceClass::Phone
        } else {
            DeviceClass::Desktop
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DeviceClass::Phone => "phone",
            DeviceClass::Tablet => "tablet",
            DeviceClass::Desktop => "desktop",
        }
    }

    pub fn from_stored(raw: &str) -> Option<DeviceClass> {
        DeviceClass::ALL.into_iter().find(|d| d.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_browsers_are_classified() {
        let cases = [
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
                Some(DeviceClass::Phone),
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36",
                Some(DeviceClass::Phone),
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
                Some(DeviceClass::Tablet),
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 12_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
                Some(DeviceClass::Tablet),
            ),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Some(DeviceClass::Desktop)),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
                Some(DeviceClass::Desktop),
            ),
            ("curl/8.5.0", Some(DeviceClass::Desktop)),
            ("  ", None),
        ];
        for (ua, class) in cases {
            assert_eq!(DeviceClass::of_user_agent(ua), class, "{ua}");
        }
        for d in DeviceClass::ALL {
            assert_eq!(DeviceClass::from_stored(d.as_str()), Some(d));
        }
    }
}
