import type { ResumePost } from './resume';
import type { WorkspaceStore } from '../store';
import { wakeDueItems } from './wakeDueItems';

/** A workspace whose Workspace Endpoint runs in this process, as its endpoint registered it. */
export interface WakerWorkspace {
	/** The workspace's store in this process: two endpoints on one workspace are scanned once. */
	key: string;
	store(): Promise<WorkspaceStore>;
	post: ResumePost;
	log(message: string): void;
	/** What else each tick looks for in the workspace: the resumes of manual tasks n8n did not take. */
	sweep?(store: WorkspaceStore): Promise<void>;
}

export interface WakerClock {
	intervalMs: number;
	now(): Date;
}

/**
 * The one waker of an n8n process: a single timer that, at each interval, looks in every registered
 * workspace in turn for items whose calling window has opened, and for completed manual tasks whose
 * workflow n8n has not yet taken back. Fifty clinics cost one timer and one
 * connection at a time, not fifty timers scanning at once. Endpoints register when n8n starts their
 * workflow and leave when it stops, so a clinic published on a running n8n is scanned from then on.
 */
export class ProcessWaker {
	private readonly workspaces = new Map<string, WakerWorkspace[]>();
	private timer: NodeJS.Timeout | undefined;
	private scanning: Promise<void> | undefined;
	private again = false;

	constructor(private readonly clock: () => WakerClock) {}

	/** Adds a workspace and looks in it at once; the returned function takes it out again. */
	register(workspace: WakerWorkspace): () => void {
		const registered = [...(this.workspaces.get(workspace.key) ?? []), workspace];
		this.workspaces.set(workspace.key, registered);
		if (!this.timer) {
			this.timer = setInterval(() => void this.scan(), this.clock().intervalMs);
			// The waker alone must not keep a stopping n8n alive.
			this.timer.unref?.();
		}
		void this.scan();
		let removed = false;
		return () => {
			if (removed) return;
			removed = true;
			const left = (this.workspaces.get(workspace.key) ?? []).filter((w) => w !== workspace);
			if (left.length) this.workspaces.set(workspace.key, left);
			else this.workspaces.delete(workspace.key);
			if (this.workspaces.size === 0 && this.timer) {
				clearInterval(this.timer);
				this.timer = undefined;
			}
		};
	}

	/** How many workspaces it looks in, and whether its timer runs: what the tests read. */
	get size(): { workspaces: number; running: boolean } {
		return { workspaces: this.workspaces.size, running: this.timer !== undefined };
	}

	/**
	 * One pass over every workspace, one after another. A pass asked for while one runs (a clinic
	 * published meanwhile) follows it instead of running beside it.
	 */
	scan(): Promise<void> {
		if (this.scanning) {
			this.again = true;
			return this.scanning;
		}
		this.scanning = (async () => {
			do {
				this.again = false;
				for (const [first] of [...this.workspaces.values()]) await this.wake(first);
			} while (this.again);
		})().finally(() => (this.scanning = undefined));
		return this.scanning;
	}

	private async wake(workspace: WakerWorkspace): Promise<void> {
		let store: WorkspaceStore | undefined;
		try {
			store = await workspace.store();
			await wakeDueItems(store, workspace.post, this.clock().now(), workspace.log);
		} catch (error) {
			workspace.log(
				`Calling Hours: looking for items whose window opened failed: ${(error as Error).message}`,
			);
		}
		if (!store || !workspace.sweep) return;
		// A resume n8n could not take is otherwise tried again only when a request reaches the
		// workspace, which for a quiet clinic may be hours away. Not waited for: one clinic's
		// unanswered resume must not hold back the next clinics' calling windows.
		void workspace
			.sweep(store)
			.catch((error) =>
				workspace.log(
					`Manual Actions: trying again the resumes n8n did not take failed: ${(error as Error).message}`,
				),
			);
	}
}
