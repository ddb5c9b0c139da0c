/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Dev mode only: a token to sign in with automatically. */
  readonly VITE_XTRACE_API_TOKEN?: string;
}
