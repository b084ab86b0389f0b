import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { DomainError } from '@app/kernel';
import { ApiKeyRepository } from './api-key.repository';

/** Revokes an active key, audited; it stops working at once. */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(id: string, revokedBy: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      if (!(await this.keys.revoke(id, manager))) throw new DomainError('not_found', `No active API key ${id}`);
      await this.audit.append(manager, { actor: revokedBy, action: 'api_key.revoked', subject: { type: 'api_key', id } });
    });
  }
}
