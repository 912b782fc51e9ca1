import type { RateLimiterRes } from 'rate-limiter-flexible';
import type { SqlDatabase } from '../store/database';
import { storeLimiter, type StoreLimiter } from './throttle';

/**
 * Drafts Write with AI asks the model for, each a paid request: per person and per workspace, in a
 * window of an hour from the first draft.
 */
export const DRAFT_LIMITS = { person: 20, workspace: 100, seconds: 3600 };

export type DraftAllowance =
	{ allowed: true } | { allowed: false; message: string; retryAfterSeconds: number };

const tryAgain = (seconds: number) => {
	const minutes = Math.max(1, Math.ceil(seconds / 60));
	return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
};

/** Takes one draft from the person's and the workspace's allowance, or says when there will be one. */
export class DraftLimit {
	private readonly person: StoreLimiter;
	private readonly workspace: StoreLimiter;

	constructor(db: SqlDatabase) {
		const window = { keyPrefix: 'writewithai', duration: DRAFT_LIMITS.seconds, blockDuration: 0 };
		this.person = storeLimiter(db, { ...window, points: DRAFT_LIMITS.person });
		this.workspace = storeLimiter(db, { ...window, points: DRAFT_LIMITS.workspace });
	}

	async take(userId: number): Promise<DraftAllowance> {
		const key = `user:${userId}`;
		const mine = await taken(this.person.consume(key));
		if (mine)
			return refused(
				`Write with AI has written ${DRAFT_LIMITS.person} drafts for you in the last hour, as many as one person may.`,
				mine,
			);
		const everyone = await taken(this.workspace.consume('workspace'));
		if (everyone) {
			// The person's draft was not written: it does not count against them.
			await this.person.reward(key, 1);
			return refused(
				`Write with AI has written ${DRAFT_LIMITS.workspace} drafts in this workspace in the last hour, as many as it allows.`,
				everyone,
			);
		}
		return { allowed: true };
	}
}

/** The limiter's answer when the key is over its points; undefined when the point was taken. */
async function taken(work: Promise<RateLimiterRes>): Promise<RateLimiterRes | undefined> {
	return work.then(
		() => undefined,
		(reason: unknown) => {
			if (reason instanceof Error) throw reason;
			return reason as RateLimiterRes;
		},
	);
}

function refused(why: string, res: RateLimiterRes): DraftAllowance {
	const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
	return { allowed: false, message: `${why} ${tryAgain(retryAfterSeconds)}`, retryAfterSeconds };
}
