import {
	createHash,
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	sign,
	verify,
	type KeyObject,
} from 'node:crypto';
import type { Settings } from '../store/settings';
import { canonicalJson } from './canonical';
import type { SnapshotFile, SnapshotIntegrity } from './format';

const SIGNING_KEY_SETTING = 'snapshot_signing_key';

/**
 * The source workspace's Ed25519 key, made on its first export. The private half never leaves the
 * store; the file carries the public half, and a clinic that loaded one revision accepts newer
 * revisions only when the same key signed them.
 */
export async function publisherKey(settings: Settings): Promise<KeyObject> {
	const stored = await settings.get<string>(SIGNING_KEY_SETTING, '');
	if (stored) return createPrivateKey(stored);
	const { privateKey } = generateKeyPairSync('ed25519');
	await settings.set(SIGNING_KEY_SETTING, privateKey.export({ type: 'pkcs8', format: 'pem' }));
	// Two first exports at once would each make a key; whichever the store kept signs from now on.
	return createPrivateKey(await settings.get<string>(SIGNING_KEY_SETTING, ''));
}

type Unsigned = Omit<SnapshotFile, 'integrity'>;

export function signSnapshot(content: Unsigned, privateKey: KeyObject): SnapshotFile {
	const signature = sign(null, Buffer.from(canonicalJson(content)), privateKey);
	const integrity: SnapshotIntegrity = {
		algorithm: 'ed25519',
		public_key: createPublicKey(privateKey)
			.export({ type: 'spki', format: 'der' })
			.toString('base64'),
		signature: signature.toString('base64'),
	};
	return { ...content, integrity };
}

/** True when the file's signature covers exactly its content under the key it names. */
export function signatureHolds(file: SnapshotFile): boolean {
	const { integrity, ...content } = file;
	try {
		const key = createPublicKey({
			key: Buffer.from(integrity.public_key, 'base64'),
			format: 'der',
			type: 'spki',
		});
		if (key.asymmetricKeyType !== 'ed25519') return false;
		return verify(
			null,
			Buffer.from(canonicalJson(content)),
			key,
			Buffer.from(integrity.signature, 'base64'),
		);
	} catch {
		return false;
	}
}

/** A short, readable form of the publisher's key, for people to compare. */
export function keyFingerprint(publicKey: string): string {
	return createHash('sha256')
		.update(Buffer.from(publicKey, 'base64'))
		.digest('hex')
		.slice(0, 16)
		.replace(/(.{4})(?!$)/g, '$1:');
}
