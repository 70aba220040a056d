//! The address of the person behind a request. Behind a reverse proxy every connection comes
//! from the proxy, so the address the proxy saw is taken from `X-Forwarded-For`, but only
//! when the connection comes from a configured trusted proxy: anyone else could write any
//! address into that header.

use http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// Walks `X-Forwarded-For` from the right (the hop nearest to us) past trusted proxies; the
/// first address that is not a trusted proxy is the client. An entry that is not an address
/// stops the walk at the last trusted hop.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => return client,
        }
    }
    client
}

/// Parses `10.0.0.1, 192.168.0.0/16, ::1`: single addresses and networks.
pub fn parse_trusted(list: &str) -> Result<Vec<IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("{s:?} is not an IP address or network (like 10.0.0.1 or 10.0.0.0/8)")
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn xff(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forwarded_address_counts_only_from_a_trusted_proxy() {
        let trusted = parse_trusted("10.0.0.0/8, ::1").unwrap();
        let headers = xff("203.0.113.7");
        assert_eq!(
            client_ip(ip("10.1.2.3"), &headers, &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_ip(ip("198.51.100.1"), &headers, &trusted),
            ip("198.51.100.1")
        );
        assert_eq!(
            client_ip(ip("10.1.2.3"), &HeaderMap::new(), &[]),
            ip("10.1.2.3")
        );
    }

    #[test]
    fn an_address_the_client_wrote_itself_is_skipped() {
        // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the real address.
        let trusted = parse_trusted("10.0.0.1").unwrap();
        let headers = xff("1.1.1.1, 203.0.113.7");
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers, &trusted),
            ip("203.0.113.7")
        );
        // Two proxies in a row are both skipped.
        let trusted = parse_trusted("10.0.0.1, 10.0.0.2").unwrap();
        let headers = xff("1.1.1.1, 203.0.113.7, 10.0.0.2");
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers, &trusted),
            ip("203.0.113.7")
        );
        // Garbage stops the walk at the proxy.
        let headers = xff("203.0.113.7, bogus");
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers, &trusted),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn trusted_lists_refuse_what_is_not_an_address() {
        assert!(parse_trusted("").unwrap().is_empty());
        assert_eq!(parse_trusted("127.0.0.1").unwrap().len(), 1);
        assert!(
            parse_trusted("proxy.local")
                .unwrap_err()
                .contains("proxy.local")
        );
    }
}
