//! Which server addresses the replica talks to. The credential and every change travel in the
//! request, so they go over TLS (`https://`) to any host; plain `http://` is accepted only to this
//! machine (a loopback address or `localhost`), e.g. a server on the same host or a local tunnel.

use reqwest::Url;
use url::Host;

/// Why a server address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Not a URL at all.
    #[error("{url:?} is not a URL: {reason}")]
    Invalid { url: String, reason: String },
    /// A scheme other than `https` or `http`.
    #[error("{url:?}: only https:// servers are supported")]
    Scheme { url: String },
    /// Plain HTTP to another machine: the credential would cross the network unencrypted.
    #[error(
        "{url:?}: plain http:// is only allowed to this machine (127.0.0.1, ::1, localhost); use https://"
    )]
    PlainHttp { url: String },
    /// A user name, password, query or fragment in the address.
    #[error("{url:?}: the address must not carry a user name, password, query or fragment")]
    Extra { url: String },
}

/// Parses `url` and accepts it when the replica may talk to it (see the module doc).
pub fn check(url: &str) -> Result<Url, UrlError> {
    let text = url.trim();
    let parsed = Url::parse(text).map_err(|e| UrlError::Invalid {
        url: text.to_owned(),
        reason: e.to_string(),
    })?;
    let owned = || text.to_owned();
    if !parsed.username().is_empty()
        || parsed.password().is_some()
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(UrlError::Extra { url: owned() });
    }
    match parsed.scheme() {
        "https" if parsed.host().is_some() => Ok(parsed),
        "http" if parsed.host().is_some_and(is_loopback) => Ok(parsed),
        "http" => Err(UrlError::PlainHttp { url: owned() }),
        _ => Err(UrlError::Scheme { url: owned() }),
    }
}

fn is_loopback(host: Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_to_this_machine() {
        for ok in [
            "https://sync.example.com",
            "https://10.0.0.5:8443/",
            "http://127.0.0.1:8080",
            "http://127.8.9.1",
            "http://[::1]:9000",
            "http://localhost:8080/",
            "HTTP://LOCALHOST",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for plain in [
            "http://sync.example.com",
            "http://10.0.0.5:8080",
            "http://[::2]",
            "http://localhost.example.com",
            "http://127.0.0.1.nip.io",
            "http://0.0.0.0:8080",
        ] {
            assert!(
                matches!(check(plain), Err(UrlError::PlainHttp { .. })),
                "{plain}"
            );
        }
        assert!(matches!(check("ftp://x"), Err(UrlError::Scheme { .. })));
        assert!(matches!(check("file:///etc"), Err(UrlError::Scheme { .. })));
        assert!(matches!(
            check("sync.example.com"),
            Err(UrlError::Invalid { .. })
        ));
        assert!(matches!(
            check("https://user:pw@sync.example.com"),
            Err(UrlError::Extra { .. })
        ));
        assert!(matches!(
            check("https://sync.example.com/?a=1"),
            Err(UrlError::Extra { .. })
        ));
    }
}
