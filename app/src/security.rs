//! The browser-side defences sent with every answer (server only): the content security
//! policy of pages, with the per-response nonce that leptos puts on its own inline scripts,
//! and the fixed headers that forbid framing, sniffing and leaking the address.

use http::{header, HeaderMap, HeaderName, HeaderValue};

/// The policy of a rendered page. Scripts run only from this site or with this response's
/// nonce (leptos' island loader carries it), and the WebAssembly may be
/// compiled; no inline script without the nonce, no `eval`. Inline `style=` attributes (the
/// charts' colours and bar widths) are allowed, `<style>` elements only from this site. The
/// favicon is a `data:` URL. Nothing may frame the page.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The policy of everything that is not a page (files, exports, redirects, plain errors):
/// nothing runs, nothing frames it.
pub const NON_PAGE_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Sets the page's policy on the response being rendered (called by the application shell).
pub fn set_page_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce)) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Adds the fixed security headers to an answer, and the non-page policy when the answer has
/// none. `https`: the public address is HTTPS, so browsers are told to keep to it (HSTS).
pub fn add_headers(headers: &mut HeaderMap, https: bool) {
    let fixed: [(HeaderName, &'static str); 5] = [
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NON_PAGE_POLICY),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_only_nonced_inline_scripts() {
        let p = page_policy("abc");
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        let scripts = p
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or_default();
        let tokens: Vec<&str> = scripts.split_whitespace().collect();
        assert!(!tokens.contains(&"'unsafe-inline'") && !tokens.contains(&"'unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn fixed_headers_are_added_and_a_page_policy_is_kept() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("x"),
        );
        add_headers(&mut h, true);
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], "x");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert!(h.contains_key(header::STRICT_TRANSPORT_SECURITY));
        let mut h = HeaderMap::new();
        add_headers(&mut h, false);
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], NON_PAGE_POLICY);
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
    }
}
