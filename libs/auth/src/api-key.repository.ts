import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DomainError } from '@app/kernel';
import { ApiKeyEntity } from './api-key.entity';
import { IdentityEntity } from './identity.entity';
import { KeyHolder } from './key-holder';
import { IdentityView, Principal, Role } from './role';

/** The person the bootstrap admin key (CCM_ADMIN_KEY or the generated one) belongs to. */
export const BOOTSTRAP_ADMIN_IDENTITY_ID = '00000000-0000-4000-8000-00000000ad01';
/** Keys issued by keys issued by … : a chain longer than this is cut (and still counts up to here). */
const MAX_ISSUER_DEPTH = 32;

export interface NewApiKey {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly prefix: string;
  readonly keyHash: string;
  readonly identityId: string;
  /** The issuing key; null for the platform itself. */
  readonly createdBy: string | null;
}

export interface ApiKeySummary {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly roles: readonly Role[];
  readonly identity: IdentityView;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/**
 * The `api_keys` and `identities` tables. Writes that belong to a larger change
 * (an audited issue or revocation) take the caller's transaction.
 */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The identity a key is issued to. A person is one identity per email however
   * many keys they get (so a second key never makes them someone else); a
   * machine one per name. A name that is taken by the other kind is refused.
   */
  async findOrCreateIdentity(holder: KeyHolder, manager: EntityManager): Promise<IdentityEntity> {
    const repo = manager.getRepository(IdentityEntity);
    const find = () =>
      holder.kind === 'person'
        ? repo.createQueryBuilder('i').where('lower(i.email) = lower(:email)', { email: holder.email }).getOne()
        : repo.createQueryBuilder('i').where(`i.kind = 'machine' AND lower(i.name) = lower(:name)`, { name: holder.name }).getOne();
    const found = await find();
    if (found) return found;
    // Two requests naming the same new person at once: the unique index lets one insert, the other finds it.
    await manager
      .createQueryBuilder()
      .insert()
      .into(IdentityEntity)
      .values({ kind: holder.kind, name: holder.name, email: holder.kind === 'person' ? holder.email : null })
      .orIgnore()
      .execute();
    const created = await find();
    if (!created) throw new DomainError('conflict', `Could not record the ${holder.kind} ${holder.name}`);
    return created;
  }

  /** Inserts the key and returns it as stored (with its id and creation time). */
  insert(key: NewApiKey, manager: EntityManager): Promise<ApiKeyEntity> {
    return manager.save(manager.create(ApiKeyEntity, { ...key, roles: [...key.roles] }));
  }

  /**
   * A user's sign-in: the `api_keys` row their sessions act through. Its hash is
   * not a SHA-256, so no bearer key can ever match it; `createdBy` is the key
   * that granted it (the inviter's), or null for the platform.
   */
  insertSignInKey(signIn: { userId: string; email: string; roles: readonly Role[]; identityId: string; createdBy: string | null }, manager: EntityManager): Promise<ApiKeyEntity> {
    return manager.save(
      manager.create(ApiKeyEntity, {
        name: `sign-in of ${signIn.email}`,
        prefix: 'sign-in',
        keyHash: `sign-in:${signIn.userId}`,
        roles: [...signIn.roles],
        identityId: signIn.identityId,
        createdBy: signIn.createdBy,
        purpose: 'sign-in' as const,
      }),
    );
  }

  /** A user's roles, as their sessions carry them. */
  async setSignInRoles(keyId: string, roles: readonly Role[], manager: EntityManager): Promise<void> {
    await manager.update(ApiKeyEntity, { id: keyId, purpose: 'sign-in' }, { roles: [...roles] });
  }

  /** Records the bootstrap admin person and their key once; a second call (or a second process) changes nothing. */
  async insertBootstrapAdminKey(name: string, prefix: string, keyHash: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(IdentityEntity)
        .values({ id: BOOTSTRAP_ADMIN_IDENTITY_ID, kind: 'person', name: 'Bootstrap admin', email: null })
        .orIgnore()
        .execute();
      await manager
        .createQueryBuilder()
        .insert()
        .into(ApiKeyEntity)
        .values({ name, roles: ['admin'], prefix, keyHash, identityId: BOOTSTRAP_ADMIN_IDENTITY_ID, createdBy: null })
        .orIgnore()
        .execute();
    });
  }

  /**
   * The principal of the active bearer key with this hash: its identity and
   * every identity up its chain of issuers. A disabled user's keys stop with them.
   */
  principalByKeyHash(keyHash: string): Promise<Principal | null> {
    return this.principalOf(`key_hash = $1 AND purpose = 'api'`, keyHash);
  }

  /** The principal a user's session acts as: their sign-in key, with its chain of issuers (the inviter's). */
  principalOfSignInKey(keyId: string): Promise<Principal | null> {
    return this.principalOf(`id = $1 AND purpose = 'sign-in'`, keyId);
  }

  private async principalOf(condition: string, value: string): Promise<Principal | null> {
    const rows = (await this.db.query(
      `WITH RECURSIVE chain (key_id, name, roles, identity_id, created_by, depth) AS (
         SELECT id, name, roles, identity_id, created_by, 0 FROM api_keys
          WHERE ${condition} AND revoked_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM users u WHERE u.identity_id = api_keys.identity_id AND u.disabled)
         UNION ALL
         SELECT k.id, k.name, k.roles, k.identity_id, k.created_by, c.depth + 1
           FROM api_keys k JOIN chain c ON k.id = c.created_by
          WHERE c.depth < $2
       )
       SELECT c.key_id, c.name, c.roles, c.depth, i.id AS identity_id, i.kind, i.name AS identity_name, i.email
         FROM chain c JOIN identities i ON i.id = c.identity_id
        ORDER BY c.depth`,
      [value, MAX_ISSUER_DEPTH],
    )) as Array<{ key_id: string; name: string; roles: Role[]; depth: number; identity_id: string; kind: 'person' | 'machine'; identity_name: string; email: string | null }>;
    const [own, ...issuers] = rows;
    if (!own || own.depth !== 0) return null;
    return {
      keyId: own.key_id,
      name: own.name,
      roles: own.roles,
      identity: { id: own.identity_id, kind: own.kind, name: own.identity_name, email: own.email },
      issuedBy: [...new Set(issuers.map((row) => row.identity_id))],
    };
  }

  /**
   * Everyone who issued a key the identity holds, revoked ones included, and the
   * issuers of those keys in turn: each of them could have acted as that identity.
   */
  async issuersOfKeysHeldBy(identityId: string): Promise<string[]> {
    const rows = (await this.db.query(
      `WITH RECURSIVE chain (created_by, depth) AS (
         SELECT created_by, 0 FROM api_keys WHERE identity_id::text = $1
         UNION
         SELECT k.created_by, c.depth + 1 FROM api_keys k JOIN chain c ON k.id = c.created_by WHERE c.depth < $2
       )
       SELECT DISTINCT k.identity_id::text AS id FROM chain c JOIN api_keys k ON k.id = c.created_by`,
      [identityId, MAX_ISSUER_DEPTH],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id).filter((id) => id !== identityId);
  }

  /** Every bearer key, oldest first, with the person or machine it belongs to (users' sign-ins are not keys). */
  async listWithHolders(): Promise<ApiKeySummary[]> {
    const rows = await this.db.manager
      .createQueryBuilder(ApiKeyEntity, 'k')
      .innerJoinAndMapOne('k.identity', IdentityEntity, 'i', 'i.id = k.identity_id')
      .where(`k.purpose = 'api'`)
      .orderBy('k.created_at', 'ASC')
      .getMany();
    return rows.map((row) => {
      const { id, name, prefix, roles, createdAt, revokedAt } = row;
      return { id, name, prefix, roles, identity: identityView((row as ApiKeyEntity & { identity: IdentityEntity }).identity), createdAt, revokedAt };
    });
  }

  /** Marks the key revoked; false when there is no such key or it was revoked already. */
  async revoke(id: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.update(ApiKeyEntity, { id, purpose: 'api', revokedAt: IsNull() }, { revokedAt: new Date() });
    return Boolean(result.affected);
  }
}

export function identityView(identity: IdentityEntity): IdentityView {
  return { id: identity.id, kind: identity.kind, name: identity.name, email: identity.email };
}
