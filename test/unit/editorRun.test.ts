/**
 * What an editor run that reached real contacts adds to the node's output and execution, and what a
 * live run leaves alone. (The editor showing it is tested in test/e2e/editor.test.ts.)
 */
import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';
import { EditorRunWatch, testRecipientNotice } from '../../nodes/shared/execution/editorRun';

/** The two things the watch asks of n8n's execute context: the run's mode and where hints go. */
function context(mode: string, withHints = true) {
	const hints: NodeExecutionHint[] = [];
	const ctx = {
		getMode: () => mode,
		...(withHints ? { addExecutionHints: (...h: NodeExecutionHint[]) => hints.push(...h) } : {}),
	};
	return { ctx: ctx as unknown as IExecuteFunctions, hints };
}

const ADVICE = 'Fill in Test Phone Number to text yourself instead.';

describe('an editor run', () => {
	it('flags the items that reached a contact and warns once, naming up to three of them', () => {
		const { ctx, hints } = context('manual');
		const watch = new EditorRunWatch(ctx, ADVICE);
		const outputs = [
			'+15550000001',
			'+15550000002',
			null,
			'+15550000003',
			'+15550000004',
			'+15550000005',
		].map((to) => watch.note({ sms: { to } }, to !== null, to));
		watch.warn();
		expect(outputs.map((o) => o.reached_real_contact ?? false)).toEqual([
			true,
			true,
			false,
			true,
			true,
			true,
		]);
		expect(hints).toEqual([
			{
				message: `This run from the editor reached 5 real contacts (+15550000001, +15550000002, +15550000003 and 2 more). ${ADVICE}`,
				type: 'warning',
				location: 'outputPane',
			},
		]);
	});

	it('adds nothing when every item went to the test recipient', () => {
		const { ctx, hints } = context('manual');
		const watch = new EditorRunWatch(ctx, ADVICE);
		expect(watch.note({ sms: { to: '+15550001000', test: true } }, false, '+15550001000')).toEqual({
			sms: { to: '+15550001000', test: true },
		});
		watch.warn();
		expect(hints).toEqual([]);
	});

	it('while a call rings or a task waits, warns about the contacts it will reach without flagging the item yet', () => {
		const { ctx, hints } = context('manual');
		const watch = new EditorRunWatch(
			ctx,
			'Calls have no test number: try this step with a contact of your own.',
			'is calling',
		);
		watch.willReach('+15550000001');
		watch.warn();
		expect(hints.map((h) => h.message)).toEqual([
			'This run from the editor is calling 1 real contact (+15550000001). Calls have no test number: try this step with a contact of your own.',
		]);
	});

	it('still flags the items on an n8n without execution hints', () => {
		const { ctx } = context('manual', false);
		const watch = new EditorRunWatch(ctx, ADVICE);
		expect(watch.note({}, true, 'jane@example.com')).toEqual({ reached_real_contact: true });
		expect(() => watch.warn()).not.toThrow();
	});
});

describe('a live run', () => {
	it.each(['webhook', 'trigger', 'retry', 'integrated'])('(%s) is left as it was', (mode) => {
		const { ctx, hints } = context(mode);
		const watch = new EditorRunWatch(ctx, ADVICE);
		expect(watch.note({ sms: { to: '+15550000001' } }, true, '+15550000001')).toEqual({
			sms: { to: '+15550000001' },
		});
		watch.willReach('+15550000002');
		watch.warn();
		expect(hints).toEqual([]);
	});
});

describe('the notice beside a test recipient', () => {
	it('shows only while the field is empty, for the types that have the field', () => {
		const notice = testRecipientNotice(
			{ displayName: 'Test Phone Number', name: 'testPhoneNumber' },
			'texts every real recipient',
			{ type: ['sms'] },
		);
		expect(notice).toMatchObject({
			type: 'notice',
			name: 'testPhoneNumberNotice',
			displayOptions: { show: { type: ['sms'], testPhoneNumber: [''] } },
		});
		expect(notice.displayName).toBe(
			'Test Phone Number is empty: running this step from the editor (Execute step or Execute workflow) texts every real recipient. Fill in Test Phone Number to send editor runs to yourself.',
		);
	});
});
