import { assignTask, hasContactAccess } from '../../core/manualActions/assignTo';
import type { Contact, TeamUser } from '../../core/store/types';

const user = (id: number, access: 'all' | 'assigned', active = true): TeamUser => ({
	id,
	name: `User ${id}`,
	email: null,
	phone: null,
	whatsapp: null,
	slack_user_id: null,
	role: 'user',
	team: null,
	contact_access: access,
	dnd: false,
	active,
});
const contact = (assigned: number | null): Contact => ({
	id: 1,
	first_name: 'Ana',
	last_name: null,
	email: null,
	phone: '+15550000001',
	assigned_user_id: assigned,
	dnd_all: false,
	dnd_email: false,
	dnd_sms: false,
	dnd_calls: false,
	sms_opted_out: false,
	email_unsubscribed: false,
	tags: [],
	custom_fields: {},
	created_at: '',
	updated_at: '',
});

describe('Assign To', () => {
	const owner = user(1, 'assigned');
	it('gives the task to the selected user when they have access to the contact', () => {
		expect(assignTask(user(2, 'all'), contact(1), owner)).toMatchObject({
			assignee: { id: 2 },
			rule: 'selected',
		});
		expect(assignTask(user(1, 'assigned'), contact(1), owner)).toMatchObject({
			assignee: { id: 1 },
			rule: 'selected',
		});
	});
	it('falls back to the contact owner when the selected user lacks access', () => {
		expect(assignTask(user(3, 'assigned'), contact(1), owner)).toMatchObject({
			assignee: { id: 1 },
			rule: 'contact_owner',
			note: 'User 3 has no access to this contact',
		});
		expect(assignTask(user(4, 'all', false), contact(1), owner)).toMatchObject({
			assignee: { id: 1 },
			rule: 'contact_owner',
		});
	});
	it('defaults to the contact owner with no user selected', () => {
		expect(assignTask(undefined, contact(1), owner)).toMatchObject({
			assignee: { id: 1 },
			rule: 'contact_owner',
		});
	});
	it('is Unassigned with neither', () => {
		expect(assignTask(undefined, contact(null), undefined)).toEqual({
			rule: 'unassigned',
			note: 'The contact has no owner',
		});
		expect(assignTask(user(3, 'assigned'), contact(null), undefined)).toMatchObject({
			rule: 'unassigned',
		});
	});
	it('reads contact access', () => {
		expect(hasContactAccess(user(5, 'assigned'), contact(5))).toBe(true);
		expect(hasContactAccess(user(5, 'assigned'), contact(6))).toBe(false);
	});
});
