//! Requests and answers: sending (aborting reads), versions in ETags, and the server's
//! errors as store errors the UI knows how to explain.

use super::*;

impl HttpStore {
    pub(super) async fn send(
        &self,
        req: RequestBuilder,
        read: bool,
    ) -> Result<Response, StoreError> {
        self.send_json(req, None::<&()>, read).await
    }

    /// Sends `req` with the token, and `json` as its body if given.
    pub(super) async fn send_json(
        &self,
        req: RequestBuilder,
        json: Option<&impl Serialize>,
        read: bool,
    ) -> Result<Response, StoreError> {
        let started = if read { self.start_read() } else { None };
        let signal = started.as_ref().map(|(_, signal)| signal.clone());
        let req = req
            .header(
                "Authorization",
                &format!("Bearer {}", self.config.token.trim()),
            )
            .abort_signal(signal.as_ref());
        let req = match json {
            Some(value) => req.json(value),
            None => req.build(),
        }
        .map_err(client_error)?;
        self.pending.update(|n| *n += 1);
        let sent = req.send().await;
        self.pending.update(|n| *n = n.saturating_sub(1));
        if let Some((id, _)) = started {
            self.end_read(id);
        }
        let resp = sent.map_err(|e| network_error(&e, &self.config.base()))?;
        if resp.ok() {
            Ok(resp)
        } else {
            Err(error_of(resp).await)
        }
    }

    /// A read for the page on screen: cancelled if the page is left.
    pub(super) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, StoreError> {
        let resp = self.send(Request::get(&self.url(path)), true).await?;
        body(resp).await
    }

    /// A read for the whole app (the customer list every page shares): never cancelled.
    pub(super) async fn get_kept<T: DeserializeOwned>(&self, path: &str) -> Result<T, StoreError> {
        let resp = self.send(Request::get(&self.url(path)), false).await?;
        body(resp).await
    }
}

pub(super) fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

pub(super) fn etag_of(resp: &Response) -> Option<i64> {
    resp.headers()
        .get("etag")?
        .trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .ok()
}

pub(super) fn network_error(e: &gloo_net::Error, base: &str) -> StoreError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => StoreError::Cancelled,
        _ => StoreError::Offline(base.to_string()),
    }
}

pub(super) fn client_error(e: gloo_net::Error) -> StoreError {
    StoreError::Server {
        status: 0,
        message: e.to_string(),
    }
}

pub(super) async fn body<T: DeserializeOwned>(resp: Response) -> Result<T, StoreError> {
    resp.json::<T>()
        .await
        .map_err(|e| StoreError::UnreadableAnswer {
            status: resp.status(),
            why: e.to_string(),
        })
}

/// The server's JSON error as a store error the UI knows how to explain.
pub(super) async fn error_of(resp: Response) -> StoreError {
    let status = resp.status();
    let body: ErrorBody = resp.json().await.unwrap_or_else(|_| ErrorBody {
        message: resp.status_text(),
        ..ErrorBody::default()
    });
    let message = body.message;
    match status {
        401 => StoreError::Unauthorized(message),
        403 => StoreError::Forbidden(message),
        404 => StoreError::NotFound(message),
        412 | 428 => StoreError::Conflict(message),
        400 | 409 | 413 | 422 => {
            let field = body
                .field
                .or_else(|| body.errors.first().map(|e| e.field.clone()));
            let message = match body.errors.first() {
                Some(e) if body.errors.len() == 1 => e.message.clone(),
                _ => message,
            };
            StoreError::Invalid { field, message }
        }
        _ => StoreError::Server { status, message },
    }
}
