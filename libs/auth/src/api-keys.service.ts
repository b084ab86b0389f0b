import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AuditLog } from '@app/audit';
import { DomainError } from '@app/kernel';
import { ApiKeyEntity } from './api-key.entity';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key.secret';
import { Principal, Role } from './role';

export interface IssuedApiKey {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Shown once; only its hash is stored. */
  readonly key: string;
  readonly createdAt: Date;
}

export interface ApiKeySummary {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly roles: readonly Role[];
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly audit: AuditLog,
  ) {}

  async issue(name: string, roles: readonly Role[], createdBy: string | null): Promise<IssuedApiKey> {
    const key = generateApiKey();
    const row = await this.keys.manager.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ApiKeyEntity, { name, roles: [...new Set(roles)], prefix: displayPrefix(key), keyHash: hashApiKey(key), createdBy }),
      );
      await this.audit.append(manager, {
        actor: createdBy ?? 'system:platform',
        action: 'api_key.issued',
        subject: { type: 'api_key', id: saved.id },
        details: { name: saved.name, roles: saved.roles, prefix: saved.prefix },
      });
      return saved;
    });
    return { id: row.id, name: row.name, roles: row.roles, key, createdAt: row.createdAt };
  }

  /** Registers a key chosen outside the platform (the bootstrap admin key) once. */
  async ensureKey(name: string, key: string, roles: readonly Role[]): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .insert()
      .values({ name, roles: [...roles], prefix: displayPrefix(key), keyHash: hashApiKey(key), createdBy: null })
      .orIgnore()
      .execute();
  }

  async authenticate(key: string): Promise<Principal | null> {
    const row = await this.keys.findOne({ where: { keyHash: hashApiKey(key), revokedAt: IsNull() } });
    return row ? { keyId: row.id, name: row.name, roles: row.roles } : null;
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.keys.find({ order: { createdAt: 'ASC' } });
    return rows.map(({ id, name, prefix, roles, createdAt, revokedAt }) => ({ id, name, prefix, roles, createdAt, revokedAt }));
  }

  async revoke(id: string, revokedBy: string): Promise<void> {
    await this.keys.manager.transaction(async (manager) => {
      const result = await manager.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!result.affected) throw new DomainError('not_found', `No active API key ${id}`);
      await this.audit.append(manager, { actor: revokedBy, action: 'api_key.revoked', subject: { type: 'api_key', id } });
    });
  }
}
