import type { WorkspaceStore } from '../../core/store/workspaceStore';

/** A text's delivery record and its conversation entry, both at Delivered, found by Twilio's message id. */
export async function expectTextDelivered(store: WorkspaceStore, sid: string): Promise<void> {
	expect(await store.deliveries.byProviderId(sid)).toMatchObject({
		status: 'delivered',
		provider_status: 'delivered',
	});
	const [entry] = await store.db.all<{ status: string }>(
		'SELECT status FROM conversation_messages WHERE provider_message_id = ?',
		[sid],
	);
	expect(entry.status).toBe('delivered');
}
