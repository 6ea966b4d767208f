//! The reverse proxies Déclic trusts to say who the client is: behind one (a TLS terminator on the
//! same machine, a load balancer), every connection comes from the proxy, and only its
//! `X-Forwarded-For` names the phone, which rate limits and vote screening need.

use std::net::IpAddr;

use super::Invalid;

/// Addresses and networks (`10.0.0.0/8`, `::1`) whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// A comma-separated list of addresses and networks; empty: none (the peer is the client).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let bad = |item: &str| {
            Invalid::new(
                "invalid_trusted_proxies",
                format!("`{item}` is not an IP address or network (10.0.0.0/8, ::1)"),
            )
        };
        let mut out = Vec::new();
        for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (addr, bits) = match item.split_once('/') {
                Some((a, b)) => (a, Some(b.parse::<u8>().map_err(|_| bad(item))?)),
                None => (item, None),
            };
            let addr: IpAddr = addr.parse().map_err(|_| bad(item))?;
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = bits.unwrap_or(max);
            if bits > max {
                return Err(bad(item));
            }
            out.push((addr, bits));
        }
        Ok(TrustedProxies(out))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|&(net, bits)| match (canonical(net), ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix(u128::from(u32::from(n)), u128::from(u32::from(a)), bits, 32),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix(u128::from(n), u128::from(a), bits, 128),
            _ => false,
        })
    }

    /// The client behind `peer`: when `peer` is a trusted proxy, the last address of
    /// `X-Forwarded-For` that is not one of ours (the ones before it could be made up by the
    /// client); otherwise, or when the header is missing or malformed, `peer` itself.
    pub fn client_of(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.contains(peer) {
            return peer;
        }
        let Some(list) = forwarded_for else { return peer };
        let mut client = peer;
        for item in list.rsplit(',').map(str::trim) {
            let Ok(ip) = item.parse::<IpAddr>() else { return peer };
            client = canonical(ip);
            if !self.contains(client) {
                return client;
            }
        }
        client
    }
}

fn prefix(net: u128, addr: u128, bits: u8, width: u32) -> bool {
    let shift = width - u32::from(bits);
    shift >= width || (net >> shift) == (addr >> shift)
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_are_parsed_and_matched() {
        let p = TrustedProxies::parse(" 127.0.0.1, 10.0.0.0/8 ,fd00::/8").unwrap();
        assert!(p.contains(ip("127.0.0.1")) && p.contains(ip("::ffff:127.0.0.1")));
        assert!(p.contains(ip("10.200.3.4")) && !p.contains(ip("11.0.0.1")));
        assert!(p.contains(ip("fd12::1")) && !p.contains(ip("fe80::1")));
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        for bad in ["localhost", "10.0.0.0/33", "1.2.3.4/x", "::1/129"] {
            assert_eq!(TrustedProxies::parse(bad).unwrap_err().code, "invalid_trusted_proxies", "{bad}");
        }
    }

    #[test]
    fn the_client_is_the_last_address_a_trusted_proxy_did_not_add() {
        let p = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        // Not from a proxy: the header is the client's own say, ignored.
        assert_eq!(p.client_of(ip("203.0.113.9"), Some("1.1.1.1")), ip("203.0.113.9"));
        // From the proxy: the address it added; one the client made up stands before it.
        assert_eq!(p.client_of(ip("127.0.0.1"), Some("6.6.6.6, 198.51.100.7")), ip("198.51.100.7"));
        // Through two of ours.
        assert_eq!(p.client_of(ip("127.0.0.1"), Some("198.51.100.7, 10.0.0.5")), ip("198.51.100.7"));
        // Nothing usable: the proxy itself.
        assert_eq!(p.client_of(ip("127.0.0.1"), None), ip("127.0.0.1"));
        assert_eq!(p.client_of(ip("127.0.0.1"), Some("garbage, 198.51.100.7")), ip("198.51.100.7"));
        assert_eq!(p.client_of(ip("127.0.0.1"), Some("198.51.100.7, garbage")), ip("127.0.0.1"));
        // None trusted: the peer, always.
        assert_eq!(TrustedProxies::default().client_of(ip("127.0.0.1"), Some("1.2.3.4")), ip("127.0.0.1"));
    }
}
