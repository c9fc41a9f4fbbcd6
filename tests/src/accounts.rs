//! Account stories: an administrator resets a password or switches an account off.

use reqwest::{Client, Response};

use crate::TestApp;

impl TestApp {
    /// `admin` sets the password of the user with id `user` to `password` (to be changed at the
    /// next log-in).
    pub async fn reset_password(&self, admin: &Client, user: &str, password: &str) -> Response {
        let form = [("id", user), ("password", password)];
        self.write(admin, "users/reset_password", &form).await
    }

    /// `admin` switches the account of the user with id `user` on or off.
    pub async fn set_active(&self, admin: &Client, user: &str, active: bool) -> Response {
        let form = [
            ("id", user),
            ("active", if active { "true" } else { "false" }),
        ];
        self.write(admin, "users/set_active", &form).await
    }
}
