/**
 * How the workspace store protects its data at rest and in transit: the SQLite file is its owner's
 * alone, and PostgreSQL connections follow libpq's SSL modes against a real TLS-enabled server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeAllStores, openStore } from '../../core/store';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { storeConfig } from '../../nodes/shared/transport/workspace';

const { startPostgres } = require('../support/postgres');

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'aesthetix-store-security-'));

afterAll(async () => {
	await closeAllStores();
	rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite file', () => {
	it('is created readable and writable by its owner only, with its WAL files', async () => {
		const previous = process.umask(0o022);
		try {
			const file = join(dir, 'nested', 'workspace.sqlite');
			const store = await openStore(storeConfig({ storeType: 'sqlite', sqliteFile: file }));
			await store.teamUsers.create({ name: 'Maya Lopez', email: 'maya@glowmedspa.test' });
			expect(statSync(file).mode & 0o777).toBe(0o600);
			expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
			expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
		} finally {
			process.umask(previous);
		}
	});
});

describe('PostgreSQL SSL modes', () => {
	let pg: { config: { port: number }; stop: () => Promise<void> };
	let ca: string;

	beforeAll(async () => {
		const certs = join(dir, 'certs');
		execFileSync('mkdir', ['-p', certs]);
		const openssl = (...args: string[]) =>
			execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
		openssl(
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'ca.key',
			'-out',
			'ca.crt',
			'-days',
			'2',
			'-subj',
			'/CN=Glow Test CA',
		);
		openssl(
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'server.key',
			'-out',
			'server.csr',
			'-subj',
			'/CN=localhost',
		);
		writeFileSync(join(certs, 'san.ext'), 'subjectAltName=DNS:localhost\n');
		openssl(
			'x509',
			'-req',
			'-in',
			'server.csr',
			'-CA',
			'ca.crt',
			'-CAkey',
			'ca.key',
			'-CAcreateserial',
			'-out',
			'server.crt',
			'-days',
			'2',
			'-extfile',
			'san.ext',
		);
		ca = readFileSync(join(certs, 'ca.crt'), 'utf8');
		pg = await startPostgres({
			ssl: {
				cert: readFileSync(join(certs, 'server.crt'), 'utf8'),
				key: readFileSync(join(certs, 'server.key'), 'utf8'),
			},
		});
	});

	afterAll(async () => {
		await closeAllStores();
		await pg?.stop();
	});

	const credential = (
		host: string,
		extra: ICredentialDataDecryptedObject,
	): ICredentialDataDecryptedObject => ({
		storeType: 'postgres',
		pgHost: host,
		pgPort: pg.config.port,
		pgDatabase: 'postgres',
		pgUser: 'postgres',
		...extra,
	});
	const encrypted = async (data: ICredentialDataDecryptedObject) => {
		const store = await openStore(storeConfig(data));
		const row = await store.db.get<{ ssl: boolean }>(
			'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
		);
		return row!.ssl;
	};

	it('Verify Full connects over TLS when the CA signed a certificate naming the host', async () => {
		await expect(
			encrypted(credential('localhost', { pgSslMode: 'verify-full', pgSslCa: ca })),
		).resolves.toBe(true);
	});

	it('Verify Full refuses a certificate that names another host, and one from an unknown CA', async () => {
		await expect(
			openStore(storeConfig(credential('127.0.0.1', { pgSslMode: 'verify-full', pgSslCa: ca }))),
		).rejects.toThrow(/Hostname\/IP does not match certificate's altnames/);
		await expect(
			openStore(storeConfig(credential('localhost', { pgSslMode: 'verify-full' }))),
		).rejects.toThrow(/unable to verify the first certificate/);
	});

	it('Verify CA checks the signature but not the host name', async () => {
		await expect(
			encrypted(credential('127.0.0.1', { pgSslMode: 'verify-ca', pgSslCa: ca })),
		).resolves.toBe(true);
		await expect(
			openStore(storeConfig(credential('127.0.0.1', { pgSslMode: 'verify-ca' }))),
		).rejects.toThrow(/unable to verify the first certificate/);
	});

	it('Require encrypts without checking; Disable stays plain', async () => {
		await expect(encrypted(credential('127.0.0.1', { pgSslMode: 'require' }))).resolves.toBe(true);
		await expect(encrypted(credential('127.0.0.1', { pgSslMode: 'disable' }))).resolves.toBe(false);
	});

	it('reads credentials saved with the former SSL switch: on verifies fully, off stays plain, unset verifies fully', async () => {
		expect(storeConfig(credential('localhost', { pgSsl: true }))).toMatchObject({
			sslMode: 'verify-full',
		});
		expect(storeConfig(credential('localhost', { pgSsl: false }))).toMatchObject({
			sslMode: 'disable',
		});
		expect(storeConfig(credential('localhost', {}))).toMatchObject({ sslMode: 'verify-full' });
		await expect(encrypted(credential('127.0.0.1', { pgSsl: false }))).resolves.toBe(false);
	});
});
