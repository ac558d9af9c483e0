//! The collector's HTTP side (axum): `POST /events` and its CORS
//! preflight, `GET /` and `/health` (a one-line status), `GET /schema`
//! (the event format's JSON Schema).
//!
//! A post goes through, in order: the origin (another site's page: 403,
//! no CORS headers), the client's rate limit (429 with `Retry-After`), the
//! content type (`application/json`, or `text/plain` as `sendBeacon` sends
//! without a preflight; else 415), the body's size (413), the format
//! (`Batch::parse`: 400 with the reason), the writer (503 when it cannot
//! store); 204 once the events are committed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::insights::collect::limit::RateLimiter;
use crate::insights::collect::log::Tally;
use crate::insights::collect::origins::Origins;
use crate::insights::collect::writer::{now, Inbox, NotStored};
use crate::insights::event::Batch;

/// Largest request body accepted, in bytes (a full batch of 50 events with
/// long comments fits several times).
pub(crate) const MAX_BODY: usize = 64 * 1024;
/// The event format's JSON Schema, served at `/schema`.
const SCHEMA: &str = include_str!("../../../schemas/insights-events-v1.json");

/// What every request handler shares.
#[derive(Clone, Debug)]
pub(crate) struct App {
    /// The way to the writer.
    pub(crate) inbox: Inbox,
    /// Who may post.
    pub(crate) origins: Arc<Origins>,
    /// Requests per client; `None` when off.
    pub(crate) limiter: Option<Arc<RateLimiter>>,
    /// Count clients by the address a reverse proxy put last in
    /// `X-Forwarded-For`, not the connection's.
    pub(crate) behind_proxy: bool,
    /// The counts reported once a second.
    pub(crate) tally: Tally,
}

/// The routes.
pub(crate) fn router(app: App) -> Router {
    Router::new()
        .route("/", get(status))
        .route("/health", get(status))
        .route("/schema", get(schema))
        .route(
            "/events",
            axum::routing::post(post_events).options(preflight),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}

async fn status() -> Response {
    text(
        StatusCode::OK,
        "helpbook collect: ok (POST events to /events; their format is at /schema)\n",
    )
}

async fn schema() -> Response {
    let mut response = Response::new(Body::from(SCHEMA));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/schema+json"),
    );
    response
}

async fn not_found() -> Response {
    text(
        StatusCode::NOT_FOUND,
        "not found: pages post events to /events\n",
    )
}

/// The CORS preflight a `fetch` with `Content-Type: application/json`
/// makes first.
async fn preflight(State(app): State<App>, headers: HeaderMap) -> Response {
    let Some(origin) = allowed_origin(&app, &headers) else {
        app.tally.add(|a| a.forbidden += 1);
        return forbidden();
    };
    let mut response = cors(text(StatusCode::NO_CONTENT, ""), &origin);
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    response
}

/// `POST /events`.
async fn post_events(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let headers = request.headers();
    // No `Origin`: not a browser (curl, a team's relay); CORS is about
    // other sites' pages, and the rate limit applies all the same.
    let origin = match headers.get(header::ORIGIN) {
        None => None,
        Some(_) => match allowed_origin(&app, headers) {
            Some(origin) => Some(origin),
            None => {
                app.tally.add(|a| a.forbidden += 1);
                return forbidden();
            }
        },
    };
    let answer = |response: Response| match &origin {
        Some(origin) => cors(response, origin),
        None => response,
    };
    if let Some(limiter) = &app.limiter {
        let client = client_address(peer.ip(), headers, app.behind_proxy);
        if let Err(wait) = limiter.take(client, Instant::now()) {
            app.tally.add(|a| a.limited += 1);
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
            let mut response = text(StatusCode::TOO_MANY_REQUESTS, "too many requests\n");
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            return answer(response);
        }
    }
    if let Err(why) = check_content_type(headers) {
        let why_ = why.clone();
        app.tally.add(|a| {
            a.invalid += 1;
            a.last_invalid = Some(why_);
        });
        return answer(text(StatusCode::UNSUPPORTED_MEDIA_TYPE, &why));
    }
    let too_large = || {
        app.tally.add(|a| a.too_large += 1);
        answer(text(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the body is larger than {MAX_BODY} bytes: send fewer events at a time\n"),
        ))
    };
    // A declared length over the limit is refused before the body comes.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        return too_large();
    }
    let body = match Bytes::from_request(request, &()).await {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return too_large()
        }
        Err(rejection) => return answer(text(rejection.status(), &rejection.body_text())),
    };
    let events = match Batch::parse(&body) {
        Ok(events) => events,
        Err(why) => {
            let why_ = why.clone();
            app.tally.add(|a| {
                a.invalid += 1;
                a.last_invalid = Some(why_);
            });
            return answer(text(StatusCode::BAD_REQUEST, &why));
        }
    };
    answer(match app.inbox.store(now(), events).await {
        Ok(()) => text(StatusCode::NO_CONTENT, ""),
        Err(NotStored::Busy) => {
            app.tally.add(|a| a.unavailable += 1);
            let mut response = text(StatusCode::SERVICE_UNAVAILABLE, "busy: try again\n");
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
        // The writer counted and reported the failure.
        Err(NotStored::Failed(why)) => text(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!("the events could not be stored: {why}\n"),
        ),
    })
}

/// The request's `Origin` when it is allowed.
fn allowed_origin(app: &App, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    app.origins
        .allows(origin.to_str().ok()?)
        .then(|| origin.clone())
}

/// The address a client counts as: the connection's, or behind a reverse
/// proxy the last one in `X-Forwarded-For` (the one the proxy added; the
/// ones before it are whatever the client sent).
fn client_address(peer: IpAddr, headers: &HeaderMap, behind_proxy: bool) -> IpAddr {
    if !behind_proxy {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .unwrap_or(peer)
}

/// `Ok` for JSON, plain text (what `sendBeacon` sends a string as) or no
/// type at all.
fn check_content_type(headers: &HeaderMap) -> Result<(), String> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let essence = value
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "text/plain" => Ok(()),
        _ => Err(format!(
            "the body's type is {essence:?}: send application/json or text/plain"
        )),
    }
}

/// Adds the headers that let the page at `origin` read the answer.
fn cors(mut response: Response, origin: &HeaderValue) -> Response {
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    h.insert(header::VARY, HeaderValue::from_static("origin"));
    response
}

fn forbidden() -> Response {
    text(
        StatusCode::FORBIDDEN,
        "this origin may not post events (see --allow-origin)\n",
    )
}

/// A plain-text answer.
fn text(status: StatusCode, body: &str) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    if !body.is_empty() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behind_a_proxy_the_client_is_the_address_it_added_last() {
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(client_address(peer, &headers, true), peer);
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.9, 198.51.100.4"),
        );
        assert_eq!(
            client_address(peer, &headers, true),
            "198.51.100.4".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_address(peer, &headers, false), peer);
        headers.insert("x-forwarded-for", HeaderValue::from_static("nonsense"));
        assert_eq!(client_address(peer, &headers, true), peer);
    }

    #[test]
    fn json_and_plain_text_bodies_are_accepted() {
        let mut headers = HeaderMap::new();
        assert!(check_content_type(&headers).is_ok());
        for ok in [
            "application/json",
            "text/plain;charset=UTF-8",
            "Application/JSON; charset=utf-8",
        ] {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ok));
            assert!(check_content_type(&headers).is_ok(), "{ok}");
        }
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        assert!(check_content_type(&headers)
            .unwrap_err()
            .contains("application/json or text/plain"));
    }
}
