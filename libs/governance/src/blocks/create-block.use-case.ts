import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { isBlockName } from '@app/contracts';
import { BlockVersionsRepository } from '@app/template-store';
import { BlockView, toBlockView } from './block.view';

export interface CreateBlockInput {
  readonly name: string;
  readonly description?: string;
}

/** A new locked block, without versions: its first draft comes next. Reviewers and admins only (checked at the edge). */
@Injectable()
export class CreateBlockUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLogRepository,
    private readonly blocks: BlockVersionsRepository,
  ) {}

  async execute(input: CreateBlockInput, principal: Principal): Promise<BlockView> {
    if (!isBlockName(input.name)) {
      throw new DomainError('validation_failed', 'The block name is invalid', [{ pointer: '/name', message: 'must be lowercase letters, digits and single hyphens' }]);
    }
    return this.db.transaction(async (manager) => {
      const block = await this.blocks.insert(manager, { name: input.name, description: input.description ?? '' });
      if (!block) {
        throw new DomainError('conflict', `Locked block "${input.name}" already exists`, [{ pointer: '/name', message: 'is already taken' }]);
      }
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'block.created',
        subject: { type: 'locked_block', id: block.name },
        details: { description: block.description },
      });
      return toBlockView(block);
    });
  }
}
