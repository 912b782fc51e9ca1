import { resolveRecipients, type RecipientSelection } from '../../core/notifications/recipients';
import { withAttachmentLinks } from '../../core/attachments/attachmentLinks';
import type { TeamUser } from '../../core/store/types';
import { explainSlackError } from '../../providers/slack';

const user = (id: number, extra: Partial<TeamUser> = {}): TeamUser => ({
	id,
	name: `User ${id}`,
	email: `u${id}@glow.test`,
	phone: null,
	whatsapp: null,
	slack_user_id: null,
	role: 'user',
	team: null,
	contact_access: 'all',
	dnd: false,
	active: true,
	...extra,
});
const team = [
	user(1, { role: 'owner' }),
	user(2, { team: 'Front Desk' }),
	user(3, { team: 'Front Desk', role: 'owner' }),
];
const select = (s: Partial<RecipientSelection>): RecipientSelection => ({
	categories: [],
	userIds: [],
	customEmails: '',
	roles: [],
	teams: [],
	...s,
});
const context = { hasContact: true, contactAddresses: ['lena@example.com'] };

describe('internal notification recipients', () => {
	it('merges every category and de-duplicates users and typed addresses', () => {
		const { recipients } = resolveRecipients(
			team,
			select({
				categories: ['roles', 'teams', 'particularUsers', 'customEmail'],
				roles: ['owner'],
				teams: ['Front Desk'],
				userIds: [1],
				customEmails: 'U2@glow.test, boss@partner.test',
			}),
			context,
		);
		expect(recipients.map((r) => r.key)).toEqual([
			'user:1',
			'user:3',
			'user:2',
			'email:boss@partner.test',
		]);
	});

	it("counts a team member's address typed as a Custom Email as that member, once", () => {
		const { recipients } = resolveRecipients(
			team,
			select({
				categories: ['customEmail'],
				customEmails: 'U3@Glow.test, u3@glow.test, boss@partner.test',
			}),
			context,
		);
		expect(recipients.map((r) => [r.key, r.user?.id])).toEqual([
			['user:3', 3],
			['email:boss@partner.test', undefined],
		]);
	});

	it("refuses a selected user who is not active, and the contact's own address", () => {
		const { recipients, refused } = resolveRecipients(
			team,
			select({
				categories: ['particularUsers', 'customEmail'],
				userIds: [9],
				customEmails: 'lena@example.com, nope',
			}),
			context,
		);
		expect(recipients).toEqual([]);
		expect(refused.map((r) => r.reason)).toEqual([
			'is not an active team user',
			"is the contact's address: internal notifications never go to contacts",
			'"nope" needs exactly one @ with a name before it',
		]);
	});

	it('notes why Assigned User sent nothing', () => {
		expect(
			resolveRecipients(team, select({ categories: ['assignedUser'] }), {
				...context,
				hasContact: false,
			}).notes,
		).toEqual(['Assigned User: the workflow has no contact, so no assigned user was notified']);
		expect(
			resolveRecipients(team, select({ categories: ['assignedUser'] }), {
				...context,
				assignedUser: team[1],
			}).recipients.map((r) => r.key),
		).toEqual(['user:2']);
	});
});

describe('SMS attachment links', () => {
	it('appends each URL on its own line, and refuses one that is not a web address', () => {
		expect(withAttachmentLinks(' Hi ', ['https://a.test/x.pdf', ' ', 'http://b.test/y'])).toBe(
			'Hi\nhttps://a.test/x.pdf\nhttp://b.test/y',
		);
		expect(() => withAttachmentLinks('Hi', ['ftp://a.test/x'], 'Add Attachment')).toThrow(
			'Attachment URL "ftp://a.test/x" must be a web address starting with http:// or https://',
		);
	});
});

describe("Slack's errors", () => {
	it('names the missing scope and the fix', () => {
		expect(
			explainSlackError({ data: { error: 'missing_scope', needed: 'users:read.email' } }, 'x')
				.message,
		).toBe(
			'The Slack token lacks the scope "users:read.email": add it to the app\'s OAuth scopes and reinstall the app',
		);
	});
});
