import { Mailbox } from './mailbox.ts';

/** Admin SDK Directory user, the fields MailWarden reads. */
export interface DirectoryUser {
  id: string;
  primaryEmail: string;
  name: { fullName: string; givenName: string; familyName: string };
  isAdmin: boolean;
  suspended: boolean;
  archived: boolean;
  orgUnitPath: string;
}

/** A Workspace customer: its users, and the domain-wide delegation grants (client id → scopes) its admin made. */
export interface Customer {
  customerId: string;
  domain: string;
  users: Map<string, DirectoryUser>;
  /** Admin console → Security → API controls → Domain-wide delegation. */
  grants: Map<string, Set<string>>;
  /** Set by the control API: Gmail answers "Mail service not enabled" for these. */
  gmailDisabled: Set<string>;
}

let userSeq = 100_000_000_000_000_000_000n;

/** Customers, users and mailboxes; every user gets a mailbox on creation. */
export class DirectoryState {
  readonly customers = new Map<string, Customer>();
  readonly mailboxes = new Map<string, Mailbox>();

  addCustomer(domain: string): Customer {
    const existing = this.customers.get(domain);
    if (existing) return existing;
    const c: Customer = {
      customerId: `C0${Math.random().toString(36).slice(2, 9)}`,
      domain,
      users: new Map(),
      grants: new Map(),
      gmailDisabled: new Set(),
    };
    this.customers.set(domain, c);
    return c;
  }

  addUser(email: string, options: { admin?: boolean; suspended?: boolean; fullName?: string } = {}): DirectoryUser {
    const address = email.toLowerCase();
    const domain = address.split('@')[1];
    const customer = this.addCustomer(domain);
    const [given] = address.split('@');
    const user: DirectoryUser = {
      id: String(userSeq++),
      primaryEmail: address,
      name: { fullName: options.fullName ?? given, givenName: given, familyName: '' },
      isAdmin: options.admin ?? false,
      suspended: options.suspended ?? false,
      archived: false,
      orgUnitPath: '/',
    };
    customer.users.set(address, user);
    if (!this.mailboxes.has(address)) this.mailboxes.set(address, new Mailbox(address));
    return user;
  }

  customerOf(email: string): Customer | undefined {
    return this.customers.get(email.toLowerCase().split('@')[1] ?? '');
  }

  user(email: string): DirectoryUser | undefined {
    return this.customerOf(email)?.users.get(email.toLowerCase());
  }

  grant(domain: string, clientId: string, scopes: string[]): void {
    this.addCustomer(domain).grants.set(clientId, new Set(scopes));
  }

  revoke(domain: string, clientId: string): void {
    this.customers.get(domain)?.grants.delete(clientId);
  }
}
