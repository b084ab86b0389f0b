import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/kernel';
import { IdentityEntity } from './identity.entity';

/** Whom a new key belongs to: a person named by email, or a machine named by name. */
export type KeyHolder =
  | { readonly kind: 'person'; readonly email: string; readonly name: string }
  | { readonly kind: 'machine'; readonly name: string };

/**
 * The identity a key is issued to. A person is one identity per email however
 * many keys they get (so a second key never makes them someone else); a
 * machine one per name. A name that is taken by the other kind is refused.
 */
export async function findOrCreateIdentity(manager: EntityManager, holder: KeyHolder): Promise<IdentityEntity> {
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
