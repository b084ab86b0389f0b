import { DataSource } from 'typeorm';
import type { INestApplication } from '@nestjs/common';
import { Role } from '../../libs/auth/src';
import { hashPassword } from '../../libs/auth/src/people/password';
import { UserCreator } from '../../libs/auth/src/people/user-creator';

/** A studio user recorded through the platform's own service, as an accepted invitation would. */
export async function createPerson(app: INestApplication, person: { email: string; name: string; password: string; roles: Role[] }): Promise<void> {
  const passwordHash = await hashPassword(person.password);
  await app.get(DataSource).transaction((manager) =>
    app.get(UserCreator).create({ email: person.email, name: person.name, roles: person.roles, passwordHash, grantedBy: null }, 'system:test', manager),
  );
}
