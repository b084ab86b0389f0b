import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { DomainError } from '@app/kernel';
import { ApiKeyRepository, identityView } from './api-key.repository';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key.secret';
import { KeyHolder } from './key-holder';
import { IdentityView, Principal, Role } from './role';

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

/** Issues a key to a named person or machine, audited; `issuer` null means the platform itself. */
@Injectable()
export class IssueApiKeyUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(input: IssueApiKey, issuer: Principal | null): Promise<IssuedApiKey> {
    const roles = [...new Set(input.roles)];
    if (input.holder.kind === 'machine' && (roles.includes('reviewer') || roles.includes('admin'))) {
      throw new DomainError('validation_failed', 'A machine never approves: it cannot hold the reviewer or admin role', [
        { pointer: '/roles', message: 'a machine cannot hold the reviewer or admin role' },
      ]);
    }
    const key = generateApiKey();
    const issued = await this.db.transaction(async (manager) => {
      const identity = await this.keys.findOrCreateIdentity(input.holder, manager);
      const saved = await this.keys.insert(
        { name: input.name, roles, prefix: displayPrefix(key), keyHash: hashApiKey(key), identityId: identity.id, createdBy: issuer?.keyId ?? null },
        manager,
      );
      await this.audit.append(manager, {
        actor: issuer?.keyId ?? 'system:platform',
        action: 'api_key.issued',
        subject: { type: 'api_key', id: saved.id },
        details: { name: saved.name, roles: saved.roles, prefix: saved.prefix, identity: { id: identity.id, kind: identity.kind, name: identity.name } },
      });
      return { saved, identity };
    });
    return { id: issued.saved.id, name: issued.saved.name, roles: issued.saved.roles, identity: identityView(issued.identity), key, createdAt: issued.saved.createdAt };
  }
}
