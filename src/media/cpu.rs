//! A bounded pool for CPU-heavy work (decoding, resizing, hashing passwords): never on the async runtime.

use std::sync::Arc;

use tokio::sync::Semaphore;

#[derive(Clone, Debug)]
pub(crate) struct CpuPool {
    permits: Arc<Semaphore>,
}

impl CpuPool {
    pub(crate) fn new(size: usize) -> Self {
        CpuPool { permits: Arc::new(Semaphore::new(size.max(1))) }
    }

    /// Runs `f` on a blocking thread once a permit is free; a panic becomes an error.
    /// The permit lives as long as the thread works, even if the caller stops waiting (deadline).
    pub(crate) async fn run<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = self.permits.clone().acquire_owned().await?;
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f()
        })
        .await?)
    }
}
