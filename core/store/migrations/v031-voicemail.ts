import type { Migration } from './migration';

export const migration: Migration = {
	version: 31,
	name: "Voicemail: audio files kept in the workspace, and each team user's connected number",
	statements: [
		`CREATE TABLE voicemail_audio (
			id {{id}},
			sha256 TEXT NOT NULL,
			file_name TEXT,
			content_type TEXT NOT NULL,
			format TEXT NOT NULL,
			bitrate_kbps INTEGER,
			size INTEGER NOT NULL,
			data TEXT NOT NULL,
			created_at TEXT NOT NULL
		)`,
		`CREATE UNIQUE INDEX voicemail_audio_sha256 ON voicemail_audio (sha256)`,
		`ALTER TABLE team_users ADD COLUMN connected_number TEXT`,
	],
};
