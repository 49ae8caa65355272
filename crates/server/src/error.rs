//! Every error the API returns: JSON `{ "message", "field"? }` with the status that says
//! what kind of failure it is. Forms may get `errors` too, one per field at fault.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::api::{ErrorBody, FieldErrorBody};
use clientele_domain::book::BookError;
use clientele_domain::validate::FieldError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub field: Option<String>,
    /// Every field at fault, for a form that shows them all; the first is `field`.
    pub errors: Vec<FieldError>,
    /// The record's current ETag, sent with a 412 so the client can reload and retry.
    pub etag: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            field: None,
            errors: Vec::new(),
            etag: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message).with_field(field)
    }

    /// A 422 for a form: the first error is the message, all are listed.
    pub fn fields(errors: Vec<FieldError>) -> Self {
        let first = errors
            .first()
            .cloned()
            .unwrap_or_else(|| FieldError::new("", "The request is not valid."));
        Self {
            errors,
            ..Self::invalid(first.field, first.message)
        }
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server failed to handle the request; nothing was changed. Try again later.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            message: self.message,
            field: self.field,
            errors: self
                .errors
                .into_iter()
                .map(|e| FieldErrorBody {
                    field: e.field,
                    message: e.message,
                })
                .collect(),
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"clientele\""),
            );
        }
        if let Some(etag) = self.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
            response.headers_mut().insert(header::ETAG, etag);
        }
        response
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            // Two requests creating the same record at once: the second loses cleanly.
            if db.is_unique_violation() {
                return Self::conflict("A record with that ID already exists.");
            }
        }
        tracing::error!(error = %e, "database error");
        Self::internal()
    }
}

/// The status and field for each rule of the book.
impl From<BookError> for ApiError {
    fn from(e: BookError) -> Self {
        let message = e.to_string();
        match e {
            BookError::DuplicateCustomer(_) => Self::conflict(message),
            BookError::CustomerNotFound(_) | BookError::SubscriptionNotFound(_) => {
                Self::not_found(message)
            }
            BookError::InvalidName(_) => Self::invalid("company_name", message),
            BookError::InvalidQuantity(_) => Self::invalid("quantity", message),
            // The request is well formed but the record's state forbids it.
            BookError::StatusChange { .. } => Self::conflict(message).with_field("status"),
            BookError::ActiveSubscriptions(_)
            | BookError::NotRemoved(_)
            | BookError::ChangedSinceImport(_) => Self::conflict(message),
            // Someone else's change since the client read the record: as a stale If-Match.
            BookError::ChangedSincePreview(_) => {
                Self::new(StatusCode::PRECONDITION_FAILED, message)
            }
            BookError::NotARecord(_) => Self::invalid("action", message),
            BookError::InvalidTag(_) => Self::invalid("tags", message),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
