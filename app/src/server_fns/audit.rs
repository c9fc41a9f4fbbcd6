//! The audit log (admin only).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::AuditPage;

/// One page of the audit log, newest first.
#[server(endpoint = "audit/list")]
pub async fn list_audit(object_type: Option<String>, page: u64) -> Result<AuditPage, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::audit::list(&app_state()?.db, &user, object_type, page).await
}
