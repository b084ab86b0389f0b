import { createHmac } from 'node:crypto';
import { Client } from 'pg';

/**
 * The group role that holds the runtime's privileges. Migrations grant to it
 * (and set default privileges so tables added later are covered); login roles
 * that run the platform are members of it and own nothing.
 */
export const RUNTIME_GROUP_ROLE = 'ccm_runtime';
/**
 * The login role the platform creates for itself when it owns the database:
 * one per database, so deployments sharing a server never reset each other's
 * password (each derives its own from its own secret).
 */
export function runtimeLoginRole(database: string): string {
  return `ccm_app_${database.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

/** Postgres error codes a concurrent CREATE ROLE or ALTER ROLE may raise; both mean "try again". */
const RACE_CODES = new Set(['42710', '23505', 'XX000', '40001']);

/**
 * The password of the runtime login role, derived from the platform's signing
 * secret: every process of one deployment computes the same one without
 * sharing a file, and it never has to be configured separately.
 */
export function runtimeRolePassword(signingSecret: string): string {
  return createHmac('sha256', signingSecret).update('ccm runtime database role').digest('base64url');
}

export type RuntimeRoleResult = { readonly url: string } | { readonly reason: string };

/**
 * Makes sure the login role `ccm_app_<database>` (member of `ccm_runtime`, not superuser,
 * no CREATEROLE, no CREATEDB) exists with `password`, connected as the owner of
 * the schema, and returns the URL the runtime should use. When the owner may not
 * create roles, or the group role is missing, or the new role cannot log in
 * (pg_hba), the reason is returned instead and the caller decides.
 */
export async function provisionRuntimeRole(ownerUrl: string, password: string): Promise<RuntimeRoleResult> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  let url: string;
  let login: string;
  try {
    const [{ database }] = (await owner.query<{ database: string }>('SELECT current_database() AS database')).rows;
    login = runtimeLoginRole(database);
    url = withCredentials(ownerUrl, login, password);
    const [me] = (
      await owner.query<{ rolsuper: boolean; rolcreaterole: boolean; group_exists: boolean; login_exists: boolean }>(
        `SELECT rolsuper, rolcreaterole,
                EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS group_exists,
                EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2) AS login_exists
           FROM pg_roles WHERE rolname = current_user`,
        [RUNTIME_GROUP_ROLE, login],
      )
    ).rows;
    if (!me?.group_exists) return { reason: `the role ${RUNTIME_GROUP_ROLE} does not exist (the migrations could not create it)` };
    // A role already set up with this password needs no catalog write: many
    // processes starting together then never race on ALTER ROLE.
    if (me.login_exists && (await canLogIn(url))) return { url };
    if (!me.rolsuper && !me.rolcreaterole) return { reason: 'the database user may not create roles' };
    const literal = owner.escapeLiteral(password);
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${literal}`;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const exists = (await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login])).rowCount;
        await owner.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${owner.escapeIdentifier(login)} WITH ${attributes}`);
        await owner.query(`GRANT ${RUNTIME_GROUP_ROLE} TO ${owner.escapeIdentifier(login)}`);
        break;
      } catch (error) {
        if (attempt >= 5 || !RACE_CODES.has((error as { code?: string }).code ?? '')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
      }
    }
  } finally {
    await owner.end();
  }
  return (await canLogIn(url)) ? { url } : { reason: `the role ${login} cannot log in (check pg_hba.conf)` };
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}
