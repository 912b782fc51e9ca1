import type { INodeProperties } from 'n8n-workflow';

/**
 * The setting every sending action has: what a retry does with the sends n8n stopped in the middle
 * of. Skipping is the default because a message that arrives twice cannot be taken back (and a
 * contact rung twice notices), while the few skipped ones are named in the retry's output.
 */
export function interruptedSendsProperty(kind: 'send' | 'call'): INodeProperties {
	const noun = kind === 'call' ? 'calls' : 'messages';
	return {
		displayName: kind === 'call' ? 'Interrupted Calls on Retry' : 'Interrupted Sends on Retry',
		name: 'interruptedSends',
		type: 'options',
		default: 'skip',
		options: [
			{
				name: kind === 'call' ? 'Call Again' : 'Send Them Again',
				value: 'sendAgain',
				description: `Everyone is reached; the ${noun} that had gone out before n8n stopped go out twice, marked sent_again in the output`,
			},
			{
				name: 'Skip Them',
				value: 'skip',
				description: `Nobody gets a second one; the retry's output lists the skipped ${noun} with status "interrupted"`,
			},
		],
		description: `When n8n stops in the middle of this action (a crash, an out-of-memory kill, a restart) and you retry the execution, what happens to the ${noun} that were being ${kind === 'call' ? 'placed' : 'sent'} at that moment, which may or may not have gone out. Everything that went out before is never repeated, and everything not yet started is ${kind === 'call' ? 'placed' : 'sent'}.`,
	};
}
