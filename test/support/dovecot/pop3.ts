// A scripted POP3 session (RFC 1939) over a raw socket: sends each command and returns the
// first line of every reply, greeting first. Enough for login and STAT checks; multi-line
// replies (LIST, RETR, UIDL) are not read here.
import { LineConnection } from './line-connection.js';

export interface Pop3Target {
  host: string;
  pop3Port: number;
}

/** Replies as [greeting, reply to commands[0], …]; QUIT is sent at the end. */
export async function pop3Session(target: Pop3Target, commands: readonly string[]): Promise<string[]> {
  const conn = await LineConnection.open(target.host, target.pop3Port);
  try {
    const replies = [await conn.readLine()];
    for (const command of commands) {
      conn.writeLine(command);
      replies.push(await conn.readLine());
    }
    conn.writeLine('QUIT');
    await conn.readLine().catch(() => undefined);
    return replies;
  } finally {
    conn.close();
  }
}
