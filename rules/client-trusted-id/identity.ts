// Which names hold an identity (whose data) or a privilege (what the caller may do).
import type { Config } from '../../src/core/config.js';

export type IdentityKind = 'id' | 'privilege';

const ID_NAMES = [
  'userId', 'user_id', 'uid', 'ownerId', 'authorId', 'accountId', 'customerId', 'memberId', 'tenantId', 'orgId',
  'organizationId', 'teamId', 'workspaceId', 'createdBy', 'creatorId', 'profileId',
];
const PRIVILEGE_NAMES = ['role', 'roles', 'isAdmin', 'is_admin', 'admin', 'permissions', 'plan', 'isSuperuser', 'isSuperAdmin', 'isStaff'];
/** Suffixes that make a longer name an identity too (`targetUserId`, `stripeCustomerId`); `uid` is too short to use. */
const ID_SUFFIXES = ID_NAMES.map(normalise).filter((name) => name.length >= 5);
/** Entities whose `id` is an identity (`user.id`, `where: { id }` on the users table). */
const ENTITY_WORDS = ['user', 'owner', 'author', 'account', 'customer', 'member', 'tenant', 'org', 'organization', 'team', 'workspace', 'profile', 'creator'];
/** Boolean-ish privilege names whose mere truthiness gates a branch. */
const FLAG_NAMES = new Set(['isadmin', 'admin', 'issuperuser', 'issuperadmin', 'isstaff']);

export function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export class IdentityNames {
  private readonly ids: Set<string>;
  private readonly privileges: Set<string>;

  constructor(config: Config) {
    this.ids = new Set(ID_NAMES.map(normalise));
    this.privileges = new Set(PRIVILEGE_NAMES.map(normalise));
    for (const extra of config.identityNames) this.ids.add(normalise(extra));
  }

  /** The kind of a single name: `orgId` → id, `role` → privilege, `title` → undefined. */
  kindOf(name: string | undefined): IdentityKind | undefined {
    if (!name) return undefined;
    const plain = normalise(name);
    if (!plain) return undefined;
    if (this.privileges.has(plain)) return 'privilege';
    if (this.ids.has(plain)) return 'id';
    const singular = plain.endsWith('ids') ? plain.slice(0, -1) : plain;
    if (this.ids.has(singular)) return 'id';
    if (ID_SUFFIXES.some((suffix) => singular.endsWith(suffix))) return 'id';
    return undefined;
  }

  /** The kind of a property path: `['user', 'id']` is an id, like `userId`. */
  kindOfPath(path: readonly string[]): IdentityKind | undefined {
    const last = path[path.length - 1];
    const previous = path[path.length - 2];
    if (last && previous && /^_?id$/i.test(last) && isEntityWord(previous)) return 'id';
    return this.kindOf(last);
  }

  isFlag(name: string | undefined): boolean {
    return name !== undefined && FLAG_NAMES.has(normalise(name));
  }
}

export function isEntityWord(name: string): boolean {
  const plain = normalise(name).replace(/s$/, '');
  return ENTITY_WORDS.includes(plain);
}

/** A table or model whose primary key is itself an identity (users, memberships, teams…). */
export function isIdentityModel(model: string | undefined): boolean {
  if (!model) return false;
  const plain = normalise(model).replace(/s$/, '');
  return ENTITY_WORDS.some((word) => plain === word || plain.endsWith(word) || plain.startsWith(word + 'member'));
}

/** A key that selects one row by its primary key. */
export function isRowKey(key: string | undefined): boolean {
  return key !== undefined && /^(_?id|uuid|pk|slug)$/i.test(key);
}
