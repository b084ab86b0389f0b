import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AuditLog } from '@app/audit';
import { DomainError } from '@app/kernel';
import { ApiKeyEntity } from './api-key.entity';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key.secret';
import { IdentityEntity } from './identity.entity';
import { findOrCreateIdentity, KeyHolder } from './key-holder';
import { IdentityView, Principal, Role } from './role';

/** The person the bootstrap admin key (CCM_ADMIN_KEY or the generated one) belongs to. */
export const BOOTSTRAP_ADMIN_IDENTITY_ID = '00000000-0000-4000-8000-00000000ad01';
/** Keys issued by keys issued by … : a chain longer than this is cut (and still counts up to here). */
const MAX_ISSUER_DEPTH = 32;

export interface IssueApiKey {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly holder: KeyHolder;
}

export interface IssuedApiKey {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly identity: IdentityView;
  /** Shown once; only its hash is stored. */
  readonly key: string;
  readonly createdAt: Date;
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

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly audit: AuditLog,
  ) {}

  /** Issues a key to a named person or machine; `issuer` null means the platform itself. */
  async issue(input: IssueApiKey, issuer: Principal | null): Promise<IssuedApiKey> {
    const roles = [...new Set(input.roles)];
    if (input.holder.kind === 'machine' && (roles.includes('reviewer') || roles.includes('admin'))) {
      throw new DomainError('validation_failed', 'A machine never approves: it cannot hold the reviewer or admin role', [
        { pointer: '/roles', message: 'a machine cannot hold the reviewer or admin role' },
      ]);
    }
    const key = generateApiKey();
    const issued = await this.keys.manager.transaction(async (manager) => {
      const identity = await findOrCreateIdentity(manager, input.holder);
      const saved = await manager.save(
        manager.create(ApiKeyEntity, { name: input.name, roles, prefix: displayPrefix(key), keyHash: hashApiKey(key), identityId: identity.id, createdBy: issuer?.keyId ?? null }),
      );
      await this.audit.append(manager, {
        actor: issuer?.keyId ?? 'system:platform',
        action: 'api_key.issued',
        subject: { type: 'api_key', id: saved.id },
        details: { name: saved.name, roles: saved.roles, prefix: saved.prefix, identity: { id: identity.id, kind: identity.kind, name: identity.name } },
      });
      return { saved, identity };
    });
    return { id: issued.saved.id, name: issued.saved.name, roles: issued.saved.roles, identity: view(issued.identity), key, createdAt: issued.saved.createdAt };
  }

  /** Registers the bootstrap admin key (chosen outside the platform) once, as the bootstrap admin person's. */
  async ensureBootstrapKey(name: string, key: string): Promise<void> {
    await this.keys.manager.transaction(async (manager) => {
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
        .values({ name, roles: ['admin'], prefix: displayPrefix(key), keyHash: hashApiKey(key), identityId: BOOTSTRAP_ADMIN_IDENTITY_ID, createdBy: null })
        .orIgnore()
        .execute();
    });
  }

  /** The active key's principal: its identity and every identity up its chain of issuers. */
  async authenticate(key: string): Promise<Principal | null> {
    const rows = (await this.keys.query(
      `WITH RECURSIVE chain (key_id, name, roles, identity_id, created_by, depth) AS (
         SELECT id, name, roles, identity_id, created_by, 0 FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL
         UNION ALL
         SELECT k.id, k.name, k.roles, k.identity_id, k.created_by, c.depth + 1
           FROM api_keys k JOIN chain c ON k.id = c.created_by
          WHERE c.depth < $2
       )
       SELECT c.key_id, c.name, c.roles, c.depth, i.id AS identity_id, i.kind, i.name AS identity_name, i.email
         FROM chain c JOIN identities i ON i.id = c.identity_id
        ORDER BY c.depth`,
      [hashApiKey(key), MAX_ISSUER_DEPTH],
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
    const rows = (await this.keys.query(
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

  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.keys.manager
      .createQueryBuilder(ApiKeyEntity, 'k')
      .innerJoinAndMapOne('k.identity', IdentityEntity, 'i', 'i.id = k.identity_id')
      .orderBy('k.created_at', 'ASC')
      .getMany();
    return rows.map((row) => {
      const { id, name, prefix, roles, createdAt, revokedAt } = row;
      return { id, name, prefix, roles, identity: view((row as ApiKeyEntity & { identity: IdentityEntity }).identity), createdAt, revokedAt };
    });
  }

  async revoke(id: string, revokedBy: string): Promise<void> {
    await this.keys.manager.transaction(async (manager: EntityManager) => {
      const result = await manager.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!result.affected) throw new DomainError('not_found', `No active API key ${id}`);
      await this.audit.append(manager, { actor: revokedBy, action: 'api_key.revoked', subject: { type: 'api_key', id } });
    });
  }
}

function view(identity: IdentityEntity): IdentityView {
  return { id: identity.id, kind: identity.kind, name: identity.name, email: identity.email };
}
