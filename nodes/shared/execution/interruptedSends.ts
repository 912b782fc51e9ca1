import type { IExecuteFunctions } from 'n8n-workflow';
import {
	channelNoun,
	type InterruptedSend,
	type InterruptedSends,
} from '../../../core/run/interruptedSends';

/** The node's setting, read once per run. */
export function interruptedSendsSetting(ctx: IExecuteFunctions): InterruptedSends {
	return ctx.getNodeParameter('interruptedSends', 0, 'skip') === 'sendAgain' ? 'sendAgain' : 'skip';
}

/** Each interrupted send, as decided, goes into the execution's hints and the log. */
export function noteInterrupted(ctx: IExecuteFunctions, send: InterruptedSend): void {
	const what = `the ${channelNoun(send.channel)} to ${send.recipient}`;
	const outcome =
		send.decision === 'skip'
			? 'it was not sent again, since it may have gone out'
			: 'it was sent again, and may arrive twice';
	const where = `item ${send.itemIndex} of "${ctx.getNode().name}"`;
	ctx.addExecutionHints({
		message: `Interrupted send, ${where}: n8n stopped while the execution this one retries was sending ${what}; ${outcome}.`,
		location: 'outputPane',
	});
	ctx.logger.warn(`Interrupted send, ${where}: ${outcome}.`);
}
