import { Injectable } from '@nestjs/common';
import { ApiKeyRepository } from './api-key.repository';
import { hashApiKey } from './api-key.secret';
import { Principal } from './role';

/** The principal of an active key, or null for a key that is unknown or revoked. */
@Injectable()
export class AuthenticateApiKeyUseCase {
  constructor(private readonly keys: ApiKeyRepository) {}

  execute(key: string): Promise<Principal | null> {
    return this.keys.principalByKeyHash(hashApiKey(key));
  }
}
