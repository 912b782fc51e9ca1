/**
 * The one door every error a user sees leaves through: the field it names, n8n's operation error for
 * input the user can fix, and n8n's API error (with the provider's HTTP status and kind) when a
 * provider refused or failed.
 */
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';
import { ActionError } from '../../core/run/errors';
import { SlackSendError } from '../../providers/slack/types';
import { TextSendError } from '../../providers/twilio/types';
import { toNodeError } from '../../nodes/shared/execution/errors';

const node: INode = {
	id: 'n',
	name: 'Send SMS',
	type: 'n8n-nodes-aesthetix.sendSms',
	typeVersion: 1.1,
	position: [0, 0],
	parameters: {},
};

describe('toNodeError', () => {
	it('keeps a whole sentence as it is, with its description and item', () => {
		const error = toNodeError(
			node,
			new ActionError('Contact', 'The contact has no phone number', 'Add a phone.'),
			3,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect([error.message, error.description, error.context.itemIndex]).toEqual([
			'The contact has no phone number',
			'Add a phone.',
			3,
		]);
	});

	it("names the field before a value's problem", () => {
		const error = toNodeError(
			node,
			ActionError.of('Task ID', 'no manual action task has the id 7'),
			0,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Task ID: no manual action task has the id 7');
	});

	it("makes a provider's refusal n8n's API error with its HTTP status, keeping its kind and words", () => {
		const refused = new TextSendError('invalid_number', '+1555… cannot receive texts', 21614, 400);
		const error = toNodeError(node, ActionError.fromProvider('Contact', refused), 1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect([
			error.message,
			(error as NodeApiError).httpCode,
			error.context.kind,
			error.description,
			error.context.itemIndex,
		]).toEqual(['+1555… cannot receive texts', '400', 'invalid_number', null, 1]);
	});

	it("reports a provider error that reached the node unwrapped as the provider's, without a status it lacks", () => {
		const error = toNodeError(node, new SlackSendError('not_in_channel', 'Invite the app first'));
		expect(error).toBeInstanceOf(NodeApiError);
		expect([error.message, (error as NodeApiError).httpCode, error.context.kind]).toEqual([
			'Invite the app first',
			null,
			'not_in_channel',
		]);
	});

	it('reports anything else as it came', () => {
		const error = toNodeError(node, new Error('disk full'), 2);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('disk full');
	});

	it('takes user names and passwords out of every URL in the error, whatever the error', () => {
		const url = 'https://clinic:s3cret-Pa55@files.glowmedspa.test/consent.pdf';
		const errors = [
			toNodeError(
				node,
				ActionError.of('Add Attachments', `File URL "${url}" could not be downloaded: 401`),
				0,
			),
			toNodeError(
				node,
				new ActionError('Attachment', 'The file could not be read', `Open ${url} to check it`),
			),
			toNodeError(node, new TextSendError('connection', `POST ${url} failed`)),
			toNodeError(node, new Error(`fetch ${url} failed`)),
		];
		for (const error of errors) {
			const shown = `${error.message} ${error.description ?? ''}`;
			expect(shown).not.toMatch(/clinic|s3cret/);
			expect(shown).toContain('https://***@files.glowmedspa.test/consent.pdf');
		}
	});
});
