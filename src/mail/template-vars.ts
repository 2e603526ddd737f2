// TEMPLATE-3: the variables a template may hold, filled in for the recipient when the
// message is sent — `{{firstName}}` `{{lastName}}` `{{name}}` `{{email}}`, and the Spanish
// `{{nombre}}` `{{apellidos}}`. Spaces inside the braces and the case of the name do not
// matter; an unknown variable is left as written, so nothing is silently lost.

export interface TemplateValues {
  firstName: string;
  lastName: string;
  /** The whole display name ('' when none is known). */
  name: string;
  email: string;
}

const NAMES: Record<string, keyof TemplateValues> = {
  firstname: 'firstName',
  nombre: 'firstName',
  lastname: 'lastName',
  apellido: 'lastName',
  apellidos: 'lastName',
  name: 'name',
  fullname: 'name',
  email: 'email',
  correo: 'email',
};

const VARIABLE = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
/** A variable with the spaces before it: an empty value takes them too ("Hola {{nombre}}," → "Hola,"). */
const SPACED_VARIABLE = /[ \t]*\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Whether the text holds a variable this module knows. */
export function hasTemplateVariables(text: string): boolean {
  return [...text.matchAll(VARIABLE)].some((m) => (m[1] ?? '').toLowerCase() in NAMES);
}

export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(SPACED_VARIABLE, (whole, name: string) => {
    const key = NAMES[name.toLowerCase()];
    if (key === undefined) return whole;
    const value = values[key];
    // Unknown for this recipient: no dangling space where the name would have been.
    return value === '' ? '' : whole.replace(/\{\{[^}]*\}\}/, value);
  });
}

/**
 * The values for a recipient: a contact's names when the address book has them, else
 * what the display name says ("Ana María Pérez" → first "Ana", last "María Pérez"; a
 * quoted "Pérez, Ana" → first "Ana", last "Pérez").
 */
export function valuesFor(
  recipient: { name: string; address: string },
  contact?: { firstName: string; lastName: string } | null,
): TemplateValues {
  const name = recipient.name.trim();
  let firstName = contact?.firstName.trim() ?? '';
  let lastName = contact?.lastName.trim() ?? '';
  if (!firstName && !lastName && name) {
    const comma = name.indexOf(',');
    if (comma > 0) {
      lastName = name.slice(0, comma).trim();
      firstName = name.slice(comma + 1).trim();
    } else {
      const [first = '', ...rest] = name.split(/\s+/);
      firstName = first;
      lastName = rest.join(' ');
    }
  }
  const full = name || [firstName, lastName].filter(Boolean).join(' ');
  return { firstName, lastName, name: full, email: recipient.address };
}
