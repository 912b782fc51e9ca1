/**
 * How a send finds its contact, on both stores: by email before phone, by phone when the email
 * names nobody, and the contact another process created between the look-up and the insert. Every
 * send looks its contact up, so the statements it costs are counted too.
 */
import { migrate } from '../../core/store/migrations';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import type { SqlDatabase } from '../../core/store/database';
import { storeBackends } from '../support/storeBackends';
import { watchStatements } from '../support/watchedStatements';

jest.setTimeout(60_000);

const backends = storeBackends('contacts');

describe.each(backends)('finding contacts on $name', (backend) => {
	let connect: () => SqlDatabase;
	let store: WorkspaceStore;
	const opened: WorkspaceStore[] = [];
	const open = (db: SqlDatabase) => {
		const next = new WorkspaceStore(db);
		opened.push(next);
		return next;
	};

	beforeEach(async () => {
		connect = await backend.create();
		const db = connect();
		await migrate(db);
		store = open(db);
	});

	afterEach(async () => {
		for (const each of opened.splice(0)) await each.close();
	});

	const count = async () =>
		Number((await store.db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM contacts'))!.n);

	it('takes the contact with the email over another that has the phone, whichever is older', async () => {
		const ana = await store.contacts.findOrCreate({
			email: 'ana@example.com',
			phone: '+15550200001',
		});
		const bea = await store.contacts.findOrCreate({
			email: 'bea@example.com',
			phone: '+15550200002',
		});
		expect((await store.contacts.findByEmailOrPhone('bea@example.com', '+15550200001'))?.id).toBe(
			bea.id,
		);
		expect(
			(await store.contacts.findByEmailOrPhone('ANA@example.com ', '+1 555 020 0002'))?.id,
		).toBe(ana.id);
		// The phone stays with the contact that has it; the name is the trigger's.
		const found = await store.contacts.findOrCreate({
			email: 'bea@example.com',
			phone: '+15550200001',
			first_name: 'Bea',
		});
		expect(found).toMatchObject({ id: bea.id, phone: '+15550200002', first_name: 'Bea' });
		expect(await store.contacts.get(ana.id)).toMatchObject({ phone: '+15550200001' });
		expect(await count()).toBe(2);
	});

	it('takes the contact with the phone when the email names nobody, or no email is given', async () => {
		const ana = await store.contacts.findOrCreate({
			email: 'ana@example.com',
			phone: '+15550200001',
		});
		expect((await store.contacts.findByEmailOrPhone(null, '+15550200001'))?.id).toBe(ana.id);
		expect(
			(await store.contacts.findByEmailOrPhone('nobody@example.com', '+15550200001'))?.id,
		).toBe(ana.id);
		expect((await store.contacts.findByEmailOrPhone('ana@example.com', null))?.id).toBe(ana.id);
		expect(await store.contacts.findByEmailOrPhone('nobody@example.com', '+15550209999')).toBe(
			undefined,
		);
		expect(await store.contacts.findByEmailOrPhone(' ', '')).toBe(undefined);
		const byPhone = await store.contacts.findOrCreate({ phone: '+1 (555) 020-0001' });
		expect(byPhone.id).toBe(ana.id);
		expect(await count()).toBe(1);
	});

	it.each([
		['the same email', { email: 'cy@example.com' }],
		['the same phone', { phone: '+15550200003' }],
	])(
		'returns the contact another process created with %s between the look-up and the insert',
		async (_what, rival) => {
			const other = open(connect());
			let theirs: number | undefined;
			const { db } = watchStatements(connect(), async (sql) => {
				if (theirs === undefined && sql.startsWith('INSERT INTO contacts'))
					theirs = (await other.contacts.findOrCreate({ ...rival, first_name: 'Rival' })).id;
			});
			const mine = await open(db).contacts.findOrCreate({
				email: 'cy@example.com',
				phone: '+15550200003',
				first_name: 'Cy',
			});
			expect(theirs).toBeDefined();
			expect(mine.id).toBe(theirs);
			expect(await count()).toBe(1);
		},
	);

	it('creates one contact when two processes bring the same new contact at the same moment', async () => {
		const other = open(connect());
		for (let i = 0; i < 10; i++) {
			const contact = {
				email: `dee${i}@example.com`,
				phone: `+1555021${String(i).padStart(4, '0')}`,
			};
			const [a, b] = await Promise.all([
				store.contacts.findOrCreate(contact),
				other.contacts.findOrCreate(contact),
			]);
			expect(a.id).toBe(b.id);
		}
		expect(await count()).toBe(10);
	});

	it('costs a send one statement to find its contact, and two to create it', async () => {
		const watched = watchStatements(connect());
		const contacts = open(watched.db).contacts;
		await contacts.findOrCreate({
			email: 'eve@example.com',
			phone: '+15550200004',
			first_name: 'Eve',
		});
		expect(watched.statements).toHaveLength(2);
		watched.statements.length = 0;
		await contacts.findOrCreate({
			email: 'eve@example.com',
			phone: '+15550200004',
			first_name: 'Eve',
		});
		await contacts.findOrCreate({ phone: '+15550200004' });
		expect(watched.statements).toHaveLength(2);
	});
});
