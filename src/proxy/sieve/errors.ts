// What can go wrong talking ManageSieve (RFC 5804), as typed errors. A server's NO or BYE
// becomes a SieveCommandError (or the subclass its response code names) carrying the
// server's own human text, which for CHECKSCRIPT/PUTSCRIPT holds the script's line numbers.

/** Any ManageSieve failure. */
export class SieveError extends Error {
  override name = 'SieveError';
}

/** Could not connect, TLS failed, or the server does not offer the security asked for. */
export class SieveUnavailableError extends SieveError {
  override name = 'SieveUnavailableError';
}

/** The server stayed silent past a deadline. */
export class SieveTimeoutError extends SieveError {
  override name = 'SieveTimeoutError';
}

/** The server said something that is not ManageSieve, or more than we accept. */
export class SieveProtocolError extends SieveError {
  override name = 'SieveProtocolError';
}

/** A value we were asked to send cannot be sent (a script name with a control character). */
export class SieveInputError extends SieveError {
  override name = 'SieveInputError';
}

/** A response code (RFC 5804 §1.3): `QUOTA/MAXSIZE`, `SASL "…"`, `TAG "…"`. */
export interface SieveResponseCode {
  /** Upper-cased, e.g. `NONEXISTENT` or `QUOTA/MAXSCRIPTS`. */
  name: string;
  /** The code's string arguments, if any. */
  args: string[];
}

/** The server answered NO (or BYE) to a command. */
export class SieveCommandError extends SieveError {
  override name = 'SieveCommandError';
  constructor(
    /** The command's name, e.g. `PUTSCRIPT`. */
    readonly command: string,
    readonly code: SieveResponseCode | null,
    /** The server's human-readable text, or '' when it sent none. */
    readonly serverText: string,
  ) {
    super(
      `${command} refused${code ? ` (${code.name})` : ''}${serverText ? `: ${serverText}` : ''}`,
    );
  }
}

/** The server ended the connection (BYE). */
export class SieveByeError extends SieveCommandError {
  override name = 'SieveByeError';
}

/** AUTHENTICATE was refused: wrong credentials or mechanism. */
export class SieveAuthError extends SieveCommandError {
  override name = 'SieveAuthError';
}

/** CHECKSCRIPT or PUTSCRIPT found the script invalid; `serverText` has the errors. */
export class SieveScriptError extends SieveCommandError {
  override name = 'SieveScriptError';
}

/** `QUOTA`, `QUOTA/MAXSCRIPTS`, `QUOTA/MAXSIZE`: the server's limit on scripts. */
export class SieveQuotaError extends SieveCommandError {
  override name = 'SieveQuotaError';
}

/** `NONEXISTENT`: no script of that name. */
export class SieveNonexistentError extends SieveCommandError {
  override name = 'SieveNonexistentError';
}

/** `ACTIVE`: the script is active, so it cannot be deleted. */
export class SieveActiveError extends SieveCommandError {
  override name = 'SieveActiveError';
}

/** `ALREADYEXISTS`: RENAMESCRIPT onto a name in use. */
export class SieveAlreadyExistsError extends SieveCommandError {
  override name = 'SieveAlreadyExistsError';
}

/** `TRYLATER`: a temporary failure; the same command may succeed later. */
export class SieveTryLaterError extends SieveCommandError {
  override name = 'SieveTryLaterError';
}

type CommandErrorClass = new (
  command: string,
  code: SieveResponseCode | null,
  serverText: string,
) => SieveCommandError;

/**
 * The error for a NO answer: by response code first; a code-less NO to a command that
 * carries a script is the server refusing the script itself.
 */
export function commandError(
  command: string,
  code: SieveResponseCode | null,
  serverText: string,
): SieveCommandError {
  const byCode: CommandErrorClass | undefined =
    code === null
      ? undefined
      : code.name === 'QUOTA' || code.name.startsWith('QUOTA/')
        ? SieveQuotaError
        : code.name === 'NONEXISTENT'
          ? SieveNonexistentError
          : code.name === 'ACTIVE'
            ? SieveActiveError
            : code.name === 'ALREADYEXISTS'
              ? SieveAlreadyExistsError
              : code.name === 'TRYLATER'
                ? SieveTryLaterError
                : undefined;
  if (byCode) return new byCode(command, code, serverText);
  if (command === 'AUTHENTICATE') return new SieveAuthError(command, code, serverText);
  if (command === 'CHECKSCRIPT' || command === 'PUTSCRIPT')
    return new SieveScriptError(command, code, serverText);
  return new SieveCommandError(command, code, serverText);
}
