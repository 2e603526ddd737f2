export declare const CYRUS_ROOT: string;
export declare const CYRUS_PACKAGES: string[];
export declare const CYRUS_PROGRAMS: {
  master: string;
  ctlCyrusdb: string;
  imapd: string;
  lmtpd: string;
  httpd: string;
  squatter: string;
  saslpasswd2: string;
};
export declare function cyrusLibraryDir(root?: string): string | undefined;
export declare function cyrusProgram(name: keyof typeof CYRUS_PROGRAMS, root?: string): string;
