// The environment of the release server that the browser tests and the slow-link bench start:
// the demo province on a fresh SQLite database in `dataDir`, served on 127.0.0.1:`port`.
export function serverEnv(port, dataDir) {
  return {
    LEPTOS_OUTPUT_NAME: 'cchc',
    LEPTOS_SITE_ROOT: 'target/site',
    LEPTOS_SITE_PKG_DIR: 'pkg',
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_ENV: 'PROD',
    CCHC_DATA_DIR: dataDir,
    DATABASE_URL: '',
    RUST_LOG: 'warn',
  };
}
