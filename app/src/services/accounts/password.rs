//! Password hashing with argon2id (default parameters, per-password random salt), and the one
//! comparison of secrets.
//!
//! argon2 is deliberately slow (tens of milliseconds of CPU and 19 MiB each). Run on the async
//! workers, two log-ins at once would stall every other request on a two-core server; so the
//! async entry points ([`HashTurn`], [`hash_off_workers`]) run it on the blocking pool, at most
//! [`concurrent_hashes`] at a time, and the rest of the site keeps answering.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

use crate::error::AppError;

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

/// Checks a password against a stored PHC string. A malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// How many hashes run at once: half the cores (at least one), so that a burst of log-ins
/// leaves the other half to every other request.
pub fn concurrent_hashes() -> usize {
    std::thread::available_parallelism()
        .map(|n| (n.get() / 2).max(1))
        .unwrap_or(1)
}

static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(concurrent_hashes()));

/// A turn at hashing: while it is held, this request may hash (at most
/// [`concurrent_hashes`] turns exist). A log-in takes its turn before it records its attempt,
/// so attempts waiting in line are not yet counted against their account or address.
pub struct HashTurn {
    _permit: tokio::sync::SemaphorePermit<'static>,
}

/// Waits for a turn at hashing.
pub async fn turn() -> Result<HashTurn, AppError> {
    HASHING
        .acquire()
        .await
        .map(|permit| HashTurn { _permit: permit })
        .map_err(|_| AppError::Internal)
}

impl HashTurn {
    /// [`hash`] on the blocking pool.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        blocking(move || hash(&password)).await?
    }

    /// [`verify`] on the blocking pool. `None` as the hash verifies against a dummy (an
    /// unknown user takes as long as a real one) and never matches.
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, AppError> {
        blocking(move || match phc {
            Some(phc) => verify(&password, &phc),
            None => {
                let _ = verify(&password, dummy_hash());
                false
            }
        })
        .await
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "password hashing task failed");
        AppError::Internal
    })
}

/// [`hash`] on the blocking pool, in its turn.
pub async fn hash_off_workers(password: String) -> Result<String, AppError> {
    turn().await?.hash(password).await
}

/// Compares two secrets (tokens, codes) in time that does not depend on where they differ.
/// Empty secrets never match.
pub fn secret_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    !a.is_empty() && !b.is_empty() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A hash of a random password, verified against when the user does not exist so that the
/// answer takes as long as for a real user.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash("not-a-real-password-0").unwrap_or_default());
    &DUMMY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("cchc2025").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("cchc2025", &h));
        assert!(!verify("cchc2026", &h));
        assert!(!verify("cchc2025", "not a hash"));
    }

    #[test]
    fn secrets_compare_exactly_and_empty_never_matches() {
        assert!(secret_eq("abc", "abc"));
        assert!(!secret_eq("abc", "abd"));
        assert!(!secret_eq("abc", "abcd"));
        assert!(!secret_eq("", ""));
    }
}
