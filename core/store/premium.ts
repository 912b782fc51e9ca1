import type { SqlDatabase } from './database';
import { now } from './rows';

export interface PremiumUsage {
	period: string;
	action_type: string;
	executions: number;
}

/** Premium actions (Slack): whether the workspace enabled them, and the executions they consumed. */
export class Premium {
	constructor(private readonly db: SqlDatabase) {}

	async record(entry: {
		action_type: string;
		workflow_id: string;
		action_name: string;
		execution_id: string | null;
	}): Promise<void> {
		await this.db.run(
			'INSERT INTO premium_executions (action_type, workflow_id, action_name, execution_id, created_at) VALUES (?, ?, ?, ?, ?)',
			[entry.action_type, entry.workflow_id, entry.action_name, entry.execution_id, now()],
		);
	}

	/** Executions per day or per month (UTC), newest first; timestamps are ISO text, so a prefix is the period. */
	async usage(per: 'day' | 'month', since?: string): Promise<PremiumUsage[]> {
		const length = per === 'day' ? 10 : 7;
		const rows = await this.db.all<{ period: string; action_type: string; n: unknown }>(
			`SELECT substr(created_at, 1, ${length}) AS period, action_type, COUNT(*) AS n FROM premium_executions
			 WHERE created_at >= ? GROUP BY substr(created_at, 1, ${length}), action_type ORDER BY period DESC, action_type`,
			[since ?? ''],
		);
		return rows.map((r) => ({
			period: r.period,
			action_type: r.action_type,
			executions: Number(r.n),
		}));
	}
}
