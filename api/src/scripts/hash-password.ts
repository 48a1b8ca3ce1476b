/**
 * `npm run -w api hash-password [-- <password>]` prints a scrypt hash for config/users.yaml.
 * Without an argument it reads the password from stdin (so it stays out of the shell history).
 * `--token` makes a random API token instead and prints it with its sha256 hash.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword, hashToken } from '../auth/password.ts';

const args = process.argv.slice(2);
if (args[0] === '--token') {
  const token = randomBytes(32).toString('base64url');
  console.log(
    `token:      ${token}\n` +
      `users.yaml: - { name: <who uses it>, scopes: [read], token_hash: ${hashToken(token)} }\n` +
      '            (scopes: read, operate, metrics — give each token only what it needs)',
  );
} else {
  let password = args[0];
  if (!password) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    password = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  if (!password) {
    console.error('usage: npm run -w api hash-password -- <password>   (or pipe the password on stdin)');
    process.exit(2);
  }
  console.log(await hashPassword(password));
}
