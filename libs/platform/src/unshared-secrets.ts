import type { AppConfig } from '@app/config';

/**
 * The secrets this process would generate into its own data folder although
 * it runs on a database other processes may share (`DATABASE_URL`). Every
 * process of one deployment needs the same ones: another signing secret
 * refuses the others' action links and resets the runtime role's password
 * under their pools; other audit keys sign entries the others cannot verify.
 */
export function unsharedSecrets(config: Pick<AppConfig, 'databaseUrl' | 'secret' | 'auditKeys' | 'adminKey'>): string[] {
  if (!config.databaseUrl) return [];
  const unset: string[] = [];
  if (!config.secret) unset.push('CCM_SECRET');
  if (!config.auditKeys?.length) unset.push('CCM_AUDIT_KEYS');
  if (!config.adminKey) unset.push('CCM_ADMIN_KEY');
  return unset;
}
