//! Listening: HTTPS with a certificate and key, or plain HTTP on loopback (or behind a proxy when
//! told so), until SIGTERM or Ctrl-C.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use sqlx::PgPool;

/// How to listen.
#[derive(Debug, Clone)]
pub struct Listen {
    /// The address and port (port 0: any free port).
    pub addr: SocketAddr,
    /// The PEM certificate chain and private key for HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Allow plain HTTP on a non-loopback address (a TLS-terminating proxy in front).
    pub behind_proxy: bool,
}

/// A refused start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Plain HTTP on a reachable address without `--behind-proxy`.
    #[error(
        "refusing plain HTTP on {0}, which is not a loopback address: give --tls-cert and --tls-key, \
         or --behind-proxy when a TLS proxy is in front"
    )]
    PlainHttp(SocketAddr),
    /// The certificate or key could not be read.
    #[error("TLS certificate or key: {0}")]
    Tls(std::io::Error),
    /// Binding or serving failed.
    #[error("listening on {0}: {1}")]
    Io(SocketAddr, std::io::Error),
}

/// Serves until SIGTERM or Ctrl-C, then lets open requests finish (at most 10 s). Prints
/// `listening on URL` on stdout once bound.
pub async fn serve(pool: PgPool, listen: Listen) -> Result<(), ServeError> {
    if listen.tls.is_none() && !listen.behind_proxy && !listen.addr.ip().is_loopback() {
        return Err(ServeError::PlainHttp(listen.addr));
    }
    let app = crate::api::router(pool, listen.behind_proxy)
        .into_make_service_with_connect_info::<SocketAddr>();
    let handle: Handle<SocketAddr> = Handle::new();
    let shutdown =
        shutdown_on_signal(handle.clone()).map_err(|e| ServeError::Io(listen.addr, e))?;
    tokio::spawn(shutdown);
    tokio::spawn(announce(handle.clone(), listen.tls.is_some()));
    let addr = listen.addr;
    let served = match listen.tls {
        Some((cert, key)) => {
            // Several providers may be compiled in; this process uses ring. An error means one is set.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = RustlsConfig::from_pem_file(cert, key)
                .await
                .map_err(ServeError::Tls)?;
            axum_server::bind_rustls(addr, config)
                .handle(handle)
                .serve(app)
                .await
        }
        None => axum_server::bind(addr).handle(handle).serve(app).await,
    };
    served.map_err(|e| ServeError::Io(addr, e))?;
    tracing::info!("stopped");
    Ok(())
}

async fn announce(handle: Handle<SocketAddr>, tls: bool) {
    if let Some(addr) = handle.listening().await {
        let scheme = if tls { "https" } else { "http" };
        tracing::info!(%addr, tls, "listening");
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {scheme}://{addr}");
        let _ = out.flush();
    }
}

/// Waits for SIGTERM or Ctrl-C (the handlers are installed before this returns), then shuts down
/// gracefully.
fn shutdown_on_signal(handle: Handle<SocketAddr>) -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = term.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing open requests");
        handle.graceful_shutdown(Some(Duration::from_secs(10)));
    })
}
