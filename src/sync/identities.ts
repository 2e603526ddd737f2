// The addresses the user may send from, as the server says (Identity/get, RFC 8621 §6).
import { SUBMISSION_CAPABILITY } from '../protocol/jmap-submission.js';
import type { Identity } from '../protocol/jmap-submission.js';
import type { GetResponse } from '../protocol/jmap-methods.js';
import type { MailAddress } from '../mail/types.js';
import type { JmapClient } from './jmap-client.js';

export async function fetchSenders(client: JmapClient): Promise<MailAddress[]> {
  const session = await client.session();
  if (!(SUBMISSION_CAPABILITY in session.capabilities)) return [];
  const got = await client.call<GetResponse<Identity>>(
    'Identity/get',
    { accountId: await client.accountId(), ids: null },
    undefined,
    [SUBMISSION_CAPABILITY],
  );
  return got.list.map((i) => ({ name: i.name, address: i.email }));
}
