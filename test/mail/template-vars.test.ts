import { describe, expect, it } from 'vitest';
import { fillTemplate, hasTemplateVariables, valuesFor } from '../../src/mail/template-vars.js';

describe('template variables (TEMPLATE-3)', () => {
  it('TEMPLATE-3 fills first name, last name, name and address, in English or Spanish, spaces and case aside', () => {
    const values = valuesFor(
      { name: 'José Ñúñez', address: 'jose@example.org' },
      { firstName: 'José', lastName: 'Ñúñez García' },
    );
    expect(
      fillTemplate('Hola {{ nombre }} {{Apellidos}}, ({{email}}) — {{firstName}}/{{NAME}}', values),
    ).toBe('Hola José Ñúñez García, (jose@example.org) — José/José Ñúñez');
  });

  it('TEMPLATE-3 without a contact, the display name gives the names ("Pérez, Ana" too)', () => {
    expect(valuesFor({ name: 'Ana María Pérez', address: 'a@x.org' })).toMatchObject({
      firstName: 'Ana',
      lastName: 'María Pérez',
    });
    expect(valuesFor({ name: 'Pérez, Ana', address: 'a@x.org' })).toMatchObject({
      firstName: 'Ana',
      lastName: 'Pérez',
    });
    expect(valuesFor({ name: '', address: 'a@x.org' })).toEqual({
      firstName: '',
      lastName: '',
      name: '',
      email: 'a@x.org',
    });
  });

  it('TEMPLATE-3 an unknown variable stays as written; plain text has none', () => {
    const values = valuesFor({ name: 'Ana', address: 'a@x.org' });
    expect(fillTemplate('{{company}} {{firstName}}', values)).toBe('{{company}} Ana');
    // A value nobody knows leaves no gap: "Hola {{nombre}}," reads "Hola,".
    expect(fillTemplate('Hola {{nombre}},', valuesFor({ name: '', address: 'x@y.org' }))).toBe(
      'Hola,',
    );
    expect(hasTemplateVariables('Hola {{company}}')).toBe(false);
    expect(hasTemplateVariables('Hola {{ nombre }}')).toBe(true);
  });
});
