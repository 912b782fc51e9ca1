import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { executionRunData } from '../execution/runData';

/** The option every contact-facing action has: the package's stand-in for the CRM's workflow setting. */
export const stopOnResponseProperty: INodeProperties = {
	displayName: 'Stop on Response',
	name: 'stopOnResponse',
	type: 'boolean',
	default: false,
	description:
		"Whether this action ends the contact's run (no output item) once the contact has responded since the workflow run began: an inbound text, an email reply, or a call the contact answered",
};

/**
 * When this workflow run began: the start of the first node that ran (the trigger), as n8n keeps it
 * in the execution's run data, which survives waits. The first action that asks keeps the answer in
 * the execution's flow context, so every action of the run uses the same moment; if the run data is
 * not reachable, that first action's own start is used.
 */
export function runStartedAt(ctx: IExecuteFunctions): string {
	const flow = ctx.getContext('flow');
	if (typeof flow.aesthetixRunStartedAt === 'string') return flow.aesthetixRunStartedAt;
	const starts = Object.values(executionRunData(ctx)).flatMap((runs) =>
		runs.map((r) => r.startTime ?? Infinity),
	);
	const earliest = Math.min(Date.now(), ...starts);
	flow.aesthetixRunStartedAt = new Date(earliest).toISOString();
	return flow.aesthetixRunStartedAt;
}

/** The item's run ended: the reason goes into the execution (its hints) and the log. */
export function noteStopped(ctx: IExecuteFunctions, itemIndex: number, reason: string): null {
	const message = `Stop on Response: item ${itemIndex} of "${ctx.getNode().name}" ended its run. ${reason}.`;
	ctx.addExecutionHints({ message, location: 'outputPane' });
	ctx.logger.info(message);
	return null;
}
