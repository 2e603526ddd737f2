// The offline window choices (issue 3): how far back an account's mail is kept on this
// device. Shared by the sign-in dialog and the setting that changes it later.
import { msg } from '@lit/localize';
import type { OfflineWindowDays } from '../../state/types.js';

/** Issue 3: a month of mail offline unless the user picks otherwise. */
export const DEFAULT_DAYS: OfflineWindowDays = 30;

/** The <select> values of the offline window; "all" keeps everything (null). */
export const WINDOWS: readonly { value: string; days: OfflineWindowDays }[] = [
  { value: '7', days: 7 },
  { value: '30', days: 30 },
  { value: '90', days: 90 },
  { value: 'all', days: null },
];

export function windowValue(days: OfflineWindowDays): string {
  return days === null ? 'all' : String(days);
}

export function windowDays(value: string): OfflineWindowDays {
  const chosen = WINDOWS.find((w) => w.value === value);
  // `days` is null for "everything": only an unknown value falls back to the default.
  return chosen ? chosen.days : DEFAULT_DAYS;
}

export function windowLabel(days: OfflineWindowDays): string {
  switch (days) {
    case 7:
      return msg('The last 7 days', { id: 'signIn.window7' });
    case 30:
      return msg('The last 30 days', { id: 'signIn.window30' });
    case 90:
      return msg('The last 90 days', { id: 'signIn.window90' });
    case null:
      return msg('Everything', { id: 'signIn.windowAll' });
  }
}
