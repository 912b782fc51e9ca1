import { Consent } from './consent';
import { Contacts } from './contacts';
import { Conversations } from './conversations';
import type { SqlDatabase } from './database';
import { Deliveries } from './deliveries';
import { DeferredItems } from './deferredItems';
import { DeliveryEvents } from './deliveryEvents';
import { EmailReplies } from './emailReplies';
import { ExecutionOrigins } from './executionOrigins';
import { WebhookTokens } from './webhookTokens';
import { Erasure } from './erasure';
import { InboundDeliveries } from './inboundDeliveries';
import { Settings } from './settings';
import { TeamUsers } from './teamUsers';
import { ManualTasks } from './manualTasks';
import { Notifications } from './notifications';
import { Premium } from './premium';
import { Templates } from './templates';
import { TemplateSync } from './templateSync';
import { TrackedLinks } from './trackedLinks';
import { WebhookReceipts } from './webhookReceipts';
import { VoiceCalls } from './voiceCalls';
import { VoicemailAudio } from './voicemailAudio';

/** Everything the CRM keeps for a workspace, on whichever database the workspace credential names. */
export class WorkspaceStore {
	readonly teamUsers: TeamUsers;
	readonly contacts: Contacts;
	readonly consent: Consent;
	readonly conversations: Conversations;
	readonly templates: Templates;
	readonly templateSync: TemplateSync;
	readonly deliveries: Deliveries;
	readonly deliveryEvents: DeliveryEvents;
	readonly emailReplies: EmailReplies;
	readonly webhookTokens: WebhookTokens;
	readonly settings: Settings;
	readonly trackedLinks: TrackedLinks;
	readonly notifications: Notifications;
	readonly premium: Premium;
	readonly manualTasks: ManualTasks;
	readonly erasure: Erasure;
	readonly webhookReceipts: WebhookReceipts;
	readonly inboundDeliveries: InboundDeliveries;
	readonly voiceCalls: VoiceCalls;
	readonly voicemailAudio: VoicemailAudio;
	readonly deferredItems: DeferredItems;
	readonly executionOrigins: ExecutionOrigins;

	constructor(readonly db: SqlDatabase) {
		this.teamUsers = new TeamUsers(db);
		this.contacts = new Contacts(db);
		this.consent = new Consent(db);
		this.conversations = new Conversations(db);
		this.templates = new Templates(db);
		this.templateSync = new TemplateSync(db);
		this.deliveries = new Deliveries(db);
		this.deliveryEvents = new DeliveryEvents(db);
		this.emailReplies = new EmailReplies(db);
		this.webhookTokens = new WebhookTokens(db);
		this.settings = new Settings(db);
		this.trackedLinks = new TrackedLinks(db);
		this.notifications = new Notifications(db);
		this.premium = new Premium(db);
		this.manualTasks = new ManualTasks(db);
		this.erasure = new Erasure(db);
		this.webhookReceipts = new WebhookReceipts(db);
		this.inboundDeliveries = new InboundDeliveries(db);
		this.voiceCalls = new VoiceCalls(db);
		this.voicemailAudio = new VoicemailAudio(db);
		this.deferredItems = new DeferredItems(db);
		this.executionOrigins = new ExecutionOrigins(db);
	}

	close(): Promise<void> {
		return this.db.close();
	}
}
