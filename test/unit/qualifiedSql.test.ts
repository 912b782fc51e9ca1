import { qualified } from '../../core/store/qualifiedSql';

describe("a statement's tables named in the workspace schema", () => {
	it('names every table a statement reads or writes, wherever it stands', () => {
		expect(
			qualified(
				'UPDATE delivery_records SET status = $1 FROM contacts c WHERE delivery_records.contact_id = c.id AND EXISTS (SELECT 1 FROM early_delivery_reports WHERE provider_message_id = $2)',
				'clinic_07',
			),
		).toBe(
			'UPDATE "clinic_07".delivery_records SET status = $1 FROM "clinic_07".contacts c WHERE "clinic_07".delivery_records.contact_id = c.id AND EXISTS (SELECT 1 FROM "clinic_07".early_delivery_reports WHERE provider_message_id = $2)',
		);
		expect(qualified('INSERT INTO settings (key, value) VALUES ($1, $2)', 'glow')).toBe(
			'INSERT INTO "glow".settings (key, value) VALUES ($1, $2)',
		);
	});

	it('leaves columns, strings, quoted names and names already qualified as they are', () => {
		const sql =
			"SELECT contact_id, templates_count, 'contacts' AS kind, \"settings\" FROM information_schema.tables t, x.contacts WHERE t.table_name = 'notifications'";
		expect(qualified(sql, 'glow')).toBe(sql);
	});

	it('gives the same statement to every workspace but the schema', () => {
		const sql = 'SELECT * FROM contacts WHERE phone = $1';
		expect(qualified(sql, 'a')).toBe('SELECT * FROM "a".contacts WHERE phone = $1');
		expect(qualified(sql, 'b')).toBe('SELECT * FROM "b".contacts WHERE phone = $1');
		expect(qualified('SELECT 1', 'a')).toBe('SELECT 1');
	});
});
