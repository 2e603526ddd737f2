import { describe, expect, it } from 'vitest';
import { threadMessages } from '../../../src/mail/threading/jwz.js';
import { SUBJECT_MERGE_WINDOW_MS } from '../../../src/mail/threading/links.js';
import { baseSubject, isDistinctiveSubject } from '../../../src/mail/threading/subject.js';
import type { ThreadInput } from '../../../src/mail/threading/types.js';

const DAY = 24 * 60 * 60 * 1000;
const t0 = Date.UTC(2025, 3, 1);

function msg(id: string, subject: string, date: number): ThreadInput {
  return { id, messageId: `${id}@example.com`, inReplyTo: null, references: [], subject, date };
}

function threadCount(inputs: ThreadInput[]): number {
  return threadMessages(inputs).length;
}

describe('THREAD-1 base subjects', () => {
  it.each([
    ['RE: Presupuesto', 'presupuesto'],
    ['RV: RE: Reunión del martes', 'reunion del martes'],
    ['Re[2]: [lista-dev] Re: Release', 'release'],
    ['[lista-dev] Re: Release', 'release'],
    ['AW: WG: Angebot', 'angebot'],
    ['SV: VS: Tilbud', 'tilbud'],
    ['Enc: Proposta', 'proposta'],
    ['R: Preventivo', 'preventivo'],
    ['Fw: Fwd: Contract', 'contract'],
    ['Re(3): Contract', 'contract'],
    ['Re：Contract', 'contract'],
    ['Contract (fwd)', 'contract'],
  ])('THREAD-1 reads "%s" as a reply/forward of "%s"', (subject, expected) => {
    expect(baseSubject(subject)).toEqual({ base: expected, replyForm: true });
  });

  it.each([
    ['Meeting', 'meeting'],
    ['[announce]', '[announce]'],
    ['Reunión', 'reunion'],
    ['Rerun the tests', 'rerun the tests'],
    ['Fwding rules', 'fwding rules'],
  ])('THREAD-1 reads "%s" as an original', (subject, expected) => {
    expect(baseSubject(subject)).toEqual({ base: expected, replyForm: false });
  });

  it('THREAD-1 treats short and greeting subjects as too generic to merge on', () => {
    for (const s of [
      '',
      'ok',
      'hi',
      'hello',
      'hola',
      'question',
      'pregunta',
      '(no subject)',
      'sin asunto',
    ]) {
      expect(isDistinctiveSubject(baseSubject(s).base), s).toBe(false);
    }
    expect(isDistinctiveSubject(baseSubject('RE: Presupuesto').base)).toBe(true);
  });
});

describe('THREAD-1 subject fallback', () => {
  it('THREAD-1 joins an orphan Spanish "RE:" reply to the message it answers', () => {
    expect(
      threadCount([
        msg('a', 'Presupuesto cocina', t0),
        msg('b', 'RE: presupuesto cocina', t0 + DAY),
      ]),
    ).toBe(1);
  });

  it('THREAD-1 never joins two messages that both lack a reply prefix', () => {
    expect(threadCount([msg('a', 'Meeting', t0), msg('b', 'Meeting', t0 + 60_000)])).toBe(2);
  });

  it('THREAD-1 never joins by a generic subject', () => {
    expect(threadCount([msg('a', 'Hola', t0), msg('b', 'Re: Hola', t0 + 60_000)])).toBe(2);
    expect(
      threadCount([msg('a', '(sin asunto)', t0), msg('b', 'RE: (sin asunto)', t0 + 60_000)]),
    ).toBe(2);
  });

  it('THREAD-1 joins by subject only inside the window, and only towards older messages', () => {
    const inside = SUBJECT_MERGE_WINDOW_MS;
    expect(threadCount([msg('a', 'Budget', t0), msg('b', 'Re: Budget', t0 + inside)])).toBe(1);
    expect(threadCount([msg('a', 'Budget', t0), msg('b', 'Re: Budget', t0 + inside + 1)])).toBe(2);
    // An orphan "Re:" older than the original is not its reply.
    expect(threadCount([msg('a', 'Budget', t0 + DAY), msg('b', 'Re: Budget', t0)])).toBe(2);
  });

  it('THREAD-1 never joins by subject a reply whose headers point elsewhere', () => {
    const reply = { ...msg('b', 'Re: Budget', t0 + DAY), inReplyTo: 'other@example.com' };
    expect(threadCount([msg('a', 'Budget', t0), reply])).toBe(2);
  });
});
