/**
 * Send Review Request through n8n's engine in process: the spec's example (an email on behalf of the
 * client's provider when an appointment is completed) worded by the Reputation settings set through
 * the Workspace node, the workspace sender for unassigned contacts, the SMTP-user warning, n8n's
 * Retry On Fail without a second request, and every reason a request is not sent. Texts that become
 * Delivered or Failed by Twilio's status callbacks run in a real host: test/e2e/reviewRequest.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startDoubles } = require('../support/inProcess');
const { exampleWorkflow, variant } = require('../support/stack');
const { SmtpDouble } = require('../support/smtpDouble');
const review = require('../support/reviewRequests');
import { optOutByOwner } from '../support/optOut';

const { example, ACTION, REVIEW_LINK, SETTINGS, WORKSPACE } = review;

type Stack = Awaited<ReturnType<typeof startDoubles>>;
let stack: Stack;
let store: WorkspaceStore;
let authedSmtp: InstanceType<typeof SmtpDouble>;

const smtpUserVariant = variant(example, {
	id: 'aeReviewRequest3',
	path: 'review-via-login',
	nodes: {
		[ACTION]: {
			credentials: {
				aesthetixSmtpApi: { id: 'aeSmtpWithLogin1', name: 'SMTP with a login' },
				aesthetixWorkspaceApi: WORKSPACE,
			},
		},
	},
});

/** One item per contact, as n8n's Split Out leaves them, with Retry On Fail on the action. */
const retrying = variant(example, {
	id: 'aeReviewRequest4',
	path: 'review-batch',
	nodes: {
		[ACTION]: {
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 100,
			parameters: { contact: '={{ $json.contact }}', reviewType: 'email' },
		},
	},
});

async function setReputation(settings: Record<string, unknown>) {
	const res = await stack.trigger('set-reputation', settings);
	expect(res.status).toBe('success');
	return res.json;
}

async function statistics(workflowId: string) {
	return (await stack.trigger('review-statistics', { workflow_id: workflowId })).json;
}

/** Runs a review workflow and returns the action's output item (or the run's error). */
async function request(path: string, contact: Record<string, unknown>) {
	const { run } = await stack.trigger(path, {
		contact,
		appointment: { service: 'HydraFacial', status: 'Completed' },
	});
	return run.error
		? { error: run.error.message as string }
		: { output: run.output(ACTION)[0].review_request };
}

beforeAll(async () => {
	authedSmtp = await new SmtpDouble({
		user: 'relay@glowmedspa.test',
		password: 'relay-pass',
	}).start();
	stack = await startDoubles({
		workflows: [example, review.smsVariant, smtpUserVariant, ...review.reputationWorkflows],
		extraCredentials: () => [
			{
				id: 'aeSmtpWithLogin1',
				name: 'SMTP with a login',
				type: 'aesthetixSmtpApi',
				data: {
					host: '127.0.0.1',
					port: authedSmtp.port,
					secure: false,
					starttls: 'never',
					user: 'relay@glowmedspa.test',
					password: 'relay-pass',
					poolSize: 1,
					rateLimit: 0,
				},
			},
		],
	});
	// Marketing email needs the unsubscribe address the published Workspace Endpoint gives.
	await stack.publish(exampleWorkflow('workspace-endpoint.json'));
	store = await stack.openWorkspace();
	await review.addTeam(store);
});

afterAll(async () => {
	await stack?.stop();
	await authedSmtp?.stop();
});

describe("the spec's example", () => {
	it('emails the review request on behalf of the provider, worded by the Reputation settings', async () => {
		const [saved] = await setReputation(SETTINGS);
		expect(saved).toMatchObject({
			review_link: REVIEW_LINK,
			enabled: true,
			email_subject: SETTINGS.email_subject,
			sender_email: 'hello@glowmedspa.test',
		});
		const { output } = await request('appointment-completed', {
			first_name: 'Jane',
			email: 'jane@example.com',
			assigned_user: 'maya@glowmedspa.test',
		});
		expect(output).toMatchObject({
			status: 'Sent',
			review_type: 'email',
			sent_as: 'assigned_user',
			from: 'Maya Lopez <maya@glowmedspa.test>',
			to: 'jane@example.com',
			review_link: REVIEW_LINK,
		});
		expect(output.sender_warning).toBeUndefined();
		const [email] = await stack.smtp.waitForMessages(1);
		expect(email.from).toEqual({ name: 'Maya Lopez', address: 'maya@glowmedspa.test' });
		expect(email.to).toEqual(['jane@example.com']);
		expect(email.subject).toBe('How was your HydraFacial, Jane?');
		expect(email.text).toContain(
			`Thank you for visiting Glow Med Spa. Please review us: ${REVIEW_LINK}`,
		);
		expect(email.text).toContain('Maya Lopez');
		// From version 1.1 a review request is marketing email: it carries the one-click unsubscribe.
		expect(output.email_type).toBe('marketing');
		expect(email.headers.get('list')).toEqual({
			unsubscribe: { url: output.unsubscribe_link },
			'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
		});
		const contact = await store.contacts.findByEmailOrPhone('jane@example.com', null);
		const log = await store.conversations.forContact(contact!.id);
		expect(log.map((m) => [m.channel, m.status, m.action_name, m.meta.review_type])).toEqual([
			['review_request', 'sent', ACTION, 'email'],
		]);
		const [stats] = await statistics('aeReviewRequest1');
		// Email never reports Delivered: once the server took it, the request is Sent.
		expect(stats).toMatchObject({
			action_name: ACTION,
			review_requests: { queued: 0, sent: 1, delivered: 0, failed: 0 },
		});
	});

	it('sends from the workspace sender for an unassigned contact', async () => {
		const { output } = await request('appointment-completed', {
			first_name: 'Omar',
			email: 'omar@example.com',
		});
		expect(output).toMatchObject({
			status: 'Sent',
			sent_as: 'workspace',
			from: 'Glow Med Spa <hello@glowmedspa.test>',
		});
		const email = stack.smtp.messages.find((m: { to: string[] }) =>
			m.to.includes('omar@example.com'),
		);
		expect(email.from).toEqual({ name: 'Glow Med Spa', address: 'hello@glowmedspa.test' });
	});

	it('says so in the output when the SMTP credential signs in as someone other than the sender', async () => {
		const { output } = await request('review-via-login', {
			first_name: 'Lena',
			email: 'lena@example.com',
			assigned_user: 'sam@glowmedspa.test',
		});
		expect(output.status).toBe('Sent');
		expect(output.sender_warning).toBe(
			'The SMTP credential signs in as "relay@glowmedspa.test" but this request is sent from "sam@glowmedspa.test": with a custom SMTP integration the sender must be the user email matching it, or the server may rewrite or refuse the sender.',
		);
		const [email] = await authedSmtp.waitForMessages(1);
		expect(email.envelope.from).toBe('sam@glowmedspa.test');
	});
});

describe('retries', () => {
	it('does not send a request twice when n8n retries the node', async () => {
		stack.smtp.refuseRecipient('flaky@example.com', '4.2.1 Try again later', 1);
		const before = stack.smtp.messages.length;
		const contacts = [
			{ first_name: 'Ana', email: 'ana@example.com', assigned_user: 'maya@glowmedspa.test' },
			{ first_name: 'Flaky', email: 'flaky@example.com', assigned_user: 'maya@glowmedspa.test' },
		];
		const run = await stack.run(retrying, {
			items: contacts.map((contact) => ({ json: { contact } })),
		});
		expect(run.status).toBe('success');
		// Retry On Fail tries again within the one run: the first try sent Ana and was refused Flaky.
		expect(run.runs(ACTION)).toHaveLength(1);
		const recipients = stack.smtp.messages
			.slice(before)
			.map((m: { envelope: { to: string[] } }) => m.envelope.to[0]);
		expect(recipients.sort()).toEqual(['ana@example.com', 'flaky@example.com']);
		const [ana, flaky] = run.output(ACTION);
		expect(ana.review_request).toMatchObject({ status: 'Sent', already_sent: true });
		expect(flaky.review_request).toMatchObject({ status: 'Sent', to: 'flaky@example.com' });
		const [stats] = await statistics('aeReviewRequest4');
		expect(stats.review_requests).toEqual({ queued: 0, sent: 2, delivered: 0, failed: 0 });
	});
});

describe('requests that are not sent', () => {
	it('skips a contact in Do Not Disturb or opted out of texts, naming why', async () => {
		const dnd = await store.contacts.findOrCreate({
			email: 'quiet@example.com',
			first_name: 'Quinn',
		});
		await optOutByOwner(store, dnd.id, 'dnd_email');
		expect(
			(await request('appointment-completed', { email: 'quiet@example.com' })).output,
		).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(
				/^The contact is in Do Not Disturb for email: by Ivy Chen in the Inbox \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
			),
		});
		const stopped = await store.contacts.findOrCreate({ phone: '+15554440003' });
		await store.consent.record({
			contactId: stopped.id,
			flag: 'sms_opted_out',
			optedOut: true,
			source: 'text_reply',
			detail: 'replied STOP',
		});
		expect((await request('review-by-sms', { phone: '+15554440003' })).output).toMatchObject({
			status: 'skipped',
			reason: 'The contact replied STOP and has opted out of texts',
		});
		expect(stack.twilio.messages.some((m: { to: string }) => m.to === '+15554440003')).toBe(false);
	});

	it('fails with the problem named: no email, no number, no review link, requests turned off', async () => {
		expect(
			await request('appointment-completed', { first_name: 'Nora', phone: '+15554440004' }),
		).toEqual({ error: 'The contact has no email address' });
		expect(
			await request('review-by-sms', { first_name: 'Nora', email: 'nora@example.com' }),
		).toEqual({ error: 'The contact has no phone number' });
		await setReputation({ ...SETTINGS, review_link: '' });
		expect(await request('appointment-completed', { email: 'jane@example.com' })).toEqual({
			error: 'The Reputation settings have no review link',
		});
		await setReputation({ ...SETTINGS, enabled: false });
		expect(await request('appointment-completed', { email: 'jane@example.com' })).toEqual({
			error: 'Review requests are turned off in the Reputation settings',
		});
		await setReputation(SETTINGS);
	});
});
