import { Mentions } from '../../core/store/mentions';

const perpetua = new Mentions({
	names: ['Perpetua Vandersloot'],
	emails: ['perpetua.vandersloot@example.com'],
	phones: ['+15550138462'],
	tokens: ['user:7'],
});
const by = { name: 'a former team user', address: 'erased' };

describe('mentions of a person', () => {
	it.each([
		'+15550138462',
		'+1 (555) 013-8462',
		'(555) 013-8462',
		'555.013.8462',
		'5550138462',
		'15550138462',
		'0015550138462',
		'call +1 555 013 8462 back',
	])('finds the number written as %s', (text) => {
		expect(perpetua.in(text)).toBe(true);
		expect(perpetua.replace(text, by)).not.toMatch(/013.?8462/);
	});

	it('does not take a longer number, or another one, for hers', () => {
		expect(perpetua.in('+155501384621')).toBe(false);
		expect(perpetua.in('95550138462')).toBe(false);
		expect(perpetua.in('+15550138463')).toBe(false);
		expect(perpetua.in('user:71')).toBe(false);
	});

	it('finds names and emails in any case, as whole words', () => {
		expect(perpetua.replace('PERPETUA.Vandersloot@Example.com wrote', by)).toBe('erased wrote');
		expect(perpetua.replace('Call perpetua  vandersloot today', by)).toBe(
			'Call a former team user today',
		);
		expect(perpetua.in('Perpetua Vanderslootson')).toBe(false);
	});

	it('replaces inside JSON, numbers included, and keeps the keys', () => {
		expect(
			perpetua.replaceInJson(
				{ caller: { phone: 5550138462, name: 'Perpetua Vandersloot' }, to: ['user:7'] },
				by,
			),
		).toEqual({ caller: { phone: 'erased', name: 'a former team user' }, to: ['erased'] });
	});

	it('narrows rows in SQL by every kind of mention', () => {
		const { sql, params } = perpetua.candidates('body');
		expect(sql).toContain('lower(body) LIKE ?');
		expect(params).toEqual(
			expect.arrayContaining([
				'%perpetua vandersloot%',
				'%perpetua.vandersloot@example.com%',
				'%0138462%',
				'%user:7%',
			]),
		);
	});
});
