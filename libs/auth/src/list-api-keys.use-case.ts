import { Injectable } from '@nestjs/common';
import { ApiKeyRepository, ApiKeySummary } from './api-key.repository';

/** Every key with the person or machine it belongs to; never the keys themselves (only their hashes are stored). */
@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly keys: ApiKeyRepository) {}

  execute(): Promise<ApiKeySummary[]> {
    return this.keys.listWithHolders();
  }
}
