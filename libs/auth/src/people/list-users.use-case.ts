import { Injectable } from '@nestjs/common';
import type { UserRecord, UserSummary } from './user';
import { UserRepository } from './user.repository';

/** Every user, oldest first, without their password hashes. */
@Injectable()
export class ListUsersUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(): Promise<UserSummary[]> {
    return (await this.users.list()).map(userSummary);
  }
}

export function userSummary(user: UserRecord): UserSummary {
  return { id: user.id, email: user.email, name: user.name, roles: user.roles, createdAt: user.createdAt, disabled: user.disabled };
}
