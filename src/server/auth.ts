// HTTP Basic authentication from a users file, in the format of Jetty's HashLoginService realm
// files that ksqlDB deployments use:
//
//   # comment
//   alice: secret,admin,developer        user: password[,role...]
//   bob:MD5:5f4dcc3b5aa765d61d8327deb882cf99
//
// The password runs to the first comma (roles follow); `MD5:<hex>` stores the MD5 digest of the
// password instead of the password. Jetty's OBF: and CRYPT: forms are refused when the file loads.

import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KsqlError } from '../errors.js';
import { ErrorCodes, HttpError, genericError } from './error-entities.js';

export interface User {
  readonly name: string;
  readonly roles: readonly string[];
  /** SHA-256 of the password, or of the MD5 hex digest for MD5: entries (see `md5`). */
  readonly digest: Buffer;
  readonly md5: boolean;
}

export class UserTable {
  private readonly users = new Map<string, User>();

  constructor(users: readonly User[]) {
    for (const u of users) this.users.set(u.name, u);
  }

  get size(): number {
    return this.users.size;
  }

  static parse(text: string, source = 'users file'): UserTable {
    const users: User[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new KsqlError('INVALID_STATEMENT', `${source}:${i + 1}: expected "user: password[,role...]".`);
      const name = line.slice(0, colon).trim();
      const [password = '', ...roles] = line.slice(colon + 1).split(',');
      let secret = password.trim();
      let md5 = false;
      if (/^MD5:/i.test(secret)) {
        md5 = true;
        secret = secret.slice(4).toLowerCase();
      } else if (/^(OBF|CRYPT):/i.test(secret))
        throw new KsqlError('INVALID_STATEMENT', `${source}:${i + 1}: ${secret.slice(0, secret.indexOf(':'))}: passwords are not supported; use a plain or MD5: password.`);
      users.push({ name, roles: roles.map((r) => r.trim()).filter((r) => r !== ''), digest: sha256(secret), md5 });
    });
    return new UserTable(users);
  }

  static load(path: string): UserTable {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new KsqlError('INVALID_STATEMENT', `Cannot read the users file ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return UserTable.parse(text, path);
  }

  /** The user an `Authorization` header proves, or undefined. */
  authenticate(header: string | undefined): User | undefined {
    if (header === undefined) return undefined;
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!m) return undefined;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = this.users.get(decoded.slice(0, colon));
    const password = decoded.slice(colon + 1);
    // Compare digests of equal length in constant time, even for unknown users.
    const given = sha256(user?.md5 ? createHash('md5').update(password).digest('hex') : password);
    const expected = user?.digest ?? sha256('\u0000no such user');
    return timingSafeEqual(given, expected) && user !== undefined ? user : undefined;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** ksqlDB's answer to a request without valid credentials. */
export function unauthorized(realm: string): HttpError {
  return new HttpError(401, genericError(ErrorCodes.UNAUTHORIZED, 'Unauthorized'), { 'www-authenticate': `Basic realm="${realm}"` });
}
