// What the operator configures: the mail providers users may sign in to, and the few
// settings that decide how the proxy protects its sessions.

/** How a connection to an upstream server is secured. */
export type TlsMode = 'implicit' | 'starttls' | 'none';

export const TLS_MODES: readonly TlsMode[] = ['implicit', 'starttls', 'none'];

/** One upstream service (IMAP, SMTP or ManageSieve). */
export interface Endpoint {
  /** What the proxy connects to: a name from the providers file, or the checked IP of a user-typed host. */
  host: string;
  port: number;
  tls: TlsMode;
  /**
   * The name for TLS (SNI and certificate check) when `host` is an address the proxy
   * resolved itself (a user-typed host: the checked IP is dialled, the name is verified).
   */
  servername?: string;
  /**
   * The operator's private CA (PEM, read once at start from `caFile` or
   * BUZON_*_CA_FILE): it replaces the system's CAs for this server. Never from a user.
   */
  ca?: string;
}

export interface ProviderConfig {
  /** Stable id the browser sends at login; `[a-z0-9-]`, unique. */
  id: string;
  /** Shown to the user in the sign-in form. */
  name: string;
  imap: Endpoint;
  smtp?: Endpoint;
  sieve?: Endpoint;
  /** A real JMAP server's session resource; the proxy then passes JMAP through. */
  jmapSessionUrl?: string;
  /** SEND-16: plain text appended to every message sent through this provider. */
  mandatorySignature?: string;
  /** SEND-8: where `number@SMS` recipients go; none: they are reported undelivered. */
  sms?: GatewayConfig;
  /** SEND-9: where `number@FAX` recipients go. */
  fax?: GatewayConfig;
}

/** An SMS or fax gateway: exactly one of the two. */
export interface GatewayConfig {
  /** E-mail gateway: `number@SMS` goes out as `number@<emailDomain>`. */
  emailDomain?: string;
  /** HTTP gateway: a JSON POST per recipient (the operator's URL, trusted). */
  webhookUrl?: string;
}

/** The provider id the browser uses for a host it typed itself (only with allowCustomHosts). */
export const CUSTOM_PROVIDER_ID = 'custom';

/** A POP3 server offered by name in the "other accounts" form (EXTERNAL-1, ADR 0014). */
export interface Pop3Preset {
  /** Stable id the browser sends; `[a-z0-9-]`. */
  id: string;
  name: string;
  /** The operator's choice, so it may be anything, loopback included (unlike typed hosts). */
  endpoint: Endpoint;
}

export interface LoginLimits {
  /** Failed logins allowed per client IP within the window. */
  perIpFailures: number;
  /** Failed logins allowed per username within the window. */
  perUserFailures: number;
  windowMs: number;
}

/** SEND-15: the operator's SMTP account for the proxy's own notices (download notifications). */
export interface NoticeSmtpConfig {
  endpoint: Endpoint;
  /** Both or neither: a local relay may take mail without AUTH. */
  user?: string;
  pass?: string;
  /** The notices' From address. */
  from: string;
}

/** SEND-15: files sent as links, kept encrypted on disk until they expire (links/store.ts). */
export interface LinksConfig {
  /** BUZON_DATA_DIR: the proxy's own data; the link store is its `links/` folder. */
  dataDir: string;
  /** BUZON_LINK_DAYS: how long a link stays valid, 1 to 30 days. */
  days: number;
  /** Where download notifications go out; unset: no notices. */
  notice?: NoticeSmtpConfig;
  /** The store's clock (ms since the epoch); tests move it to expire links. */
  now?: () => number;
  /** Lower caps for tests; production uses the named constants in links/limits.ts. */
  limits?: Partial<LinkLimits>;
}

export interface LinkLimits {
  maxFileBytes: number;
  maxFilesPerUserPerDay: number;
  maxStoreBytes: number;
}

/** One line for the operator's log; already redacted by the caller. */
export type LogSink = (line: string) => void;

export interface BuzonConfig {
  providers: readonly ProviderConfig[];
  /** Whether a user may type an IMAP/SMTP host; such hosts are never loopback or private. */
  allowCustomHosts: boolean;
  /** The server half K2 of every session key (random per process unless BUZON_SECRET). */
  secret: Uint8Array;
  /**
   * The origin users reach Buzón at, e.g. `https://mail.example.org` behind a TLS proxy.
   * Unset: only plain HTTP on loopback is accepted for the API (development).
   */
  publicOrigin?: string;
  /** Trust the last X-Forwarded-For hop as the client IP (only behind your own reverse proxy). */
  trustProxy: boolean;
  /** The built PWA. */
  staticDir: string;
  loginLimits: LoginLimits;
  log: LogSink;
  /** POP3 servers users may pick by name (the providers file's `pop3Presets`). */
  pop3Presets?: readonly Pop3Preset[];
  /** Seen POP3 UIDLs kept per account (default 10,000); tests lower it to see the bound. */
  pop3MaxSeenUidls?: number;
  /** Whether users may type a POP3 host (SSRF-guarded, TLS only); default true. */
  allowPop3Hosts?: boolean;
  /**
   * True when `secret` comes from BUZON_SECRET: saved POP3 passwords then survive a
   * restart. False or unset: a random secret per process, and they do not.
   */
  secretIsPersistent?: boolean;
  /** SEND-15: the link store; unset, sending as a link is not offered. */
  links?: LinksConfig;
  /** Name resolution for user-typed hosts; the system resolver unless a test needs odd answers. */
  resolveHost?: (host: string) => Promise<readonly string[]>;
  /** PGP-1: test hooks for Web Key Directory lookups (src/proxy/wkd/); never set in production. */
  wkd?: WkdTestOptions;
}

/**
 * Tests only (never read from the environment or the providers file): lets a test point
 * WKD lookups at a loopback HTTPS server with a throwaway certificate. Unset, lookups use
 * the system resolver, the system's CAs, port 443, and refuse every non-public address.
 */
export interface WkdTestOptions {
  /** Name resolution instead of the system resolver. */
  resolve?: (host: string) => Promise<readonly string[]>;
  /** The CA (PEM) that signed the test server's certificate, in place of the system's CAs. */
  ca?: string;
  /** The HTTPS port instead of 443. */
  port?: number;
  /** Exact IPs the non-public-address rule lets through (the test server's 127.0.0.1). */
  allowAddresses?: readonly string[];
  /** A shorter time limit per request, so a test of the timeout does not wait the real one. */
  timeoutMs?: number;
}
