import type { DemoPerson } from './mail/index.ts';

const FIRST = ['Alice', 'Bruno', 'Chen', 'Dana', 'Emeka', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Leila',
  'Marco', 'Nina', 'Omar', 'Paula', 'Quentin', 'Rosa', 'Sami', 'Tara', 'Ugo', 'Vera', 'Wei', 'Ximena'];
const LAST = ['Smith', 'Moreau', 'Li', 'Cohen', 'Okafor', 'Haddad', 'Berg', 'Sato', 'Petrov', 'Rossi', 'Mensah', 'Karimi'];

/** `count` staff of a demo company; the first is the CEO the BEC messages impersonate. */
export function demoStaff(count: number, domain: string, offset = 0): DemoPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST[(i + offset) % FIRST.length]!;
    const last = LAST[(i * 7 + offset) % LAST.length]!;
    return { name: `${first} ${last}`, address: `${first}.${last}`.toLowerCase() + `@${domain}` };
  });
}
