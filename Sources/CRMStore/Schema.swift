import GRDB

/// The database schema, one migration per version. Migrations only ever get appended.
package enum Schema {
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE manager (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'manager')),
                    pbx_account TEXT UNIQUE COLLATE NOCASE,
                    active INTEGER NOT NULL DEFAULT 1,
                    created_at REAL NOT NULL
                );

                CREATE TABLE contact (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    company TEXT NOT NULL DEFAULT '',
                    notes TEXT NOT NULL DEFAULT '',
                    responsible_id TEXT REFERENCES manager(id) ON DELETE SET NULL,
                    -- Folded name, company and every written form of every phone: what search matches.
                    search_text TEXT NOT NULL DEFAULT '',
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX contact_by_name ON contact(name);

                -- Phones in canonical E.164 (or as typed when not a plain number).
                CREATE TABLE contact_phone (
                    contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    phone TEXT NOT NULL,
                    PRIMARY KEY (contact_id, position)
                ) WITHOUT ROWID;
                CREATE INDEX contact_phone_by_phone ON contact_phone(phone, contact_id);

                -- Substring search over search_text: trigrams, so `ванов` and `123-45` match mid-word.
                CREATE VIRTUAL TABLE contact_search USING fts5(
                    search_text, content='contact', content_rowid='id', tokenize='trigram'
                );
                CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN
                    INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text);
                END;
                CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN
                    INSERT INTO contact_search(contact_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                END;
                CREATE TRIGGER contact_search_update AFTER UPDATE OF search_text ON contact BEGIN
                    INSERT INTO contact_search(contact_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                    INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text);
                END;

                -- One row per call leg, (callid, user): history is idempotent on that pair.
                CREATE TABLE call (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    callid TEXT NOT NULL,
                    user TEXT NOT NULL,
                    manager_id TEXT REFERENCES manager(id) ON DELETE SET NULL,
                    direction TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
                    diversion TEXT,
                    start REAL NOT NULL,
                    duration INTEGER NOT NULL,
                    status TEXT,
                    recordings TEXT NOT NULL DEFAULT '[]',
                    ext TEXT,
                    telnum TEXT,
                    group_name TEXT,
                    rating INTEGER,
                    extras TEXT NOT NULL DEFAULT '{}',
                    received_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    UNIQUE (callid, user)
                );
                CREATE INDEX call_by_start ON call(start);
                CREATE INDEX call_by_contact ON call(contact_id, start);
                CREATE INDEX call_by_manager ON call(manager_id, start);
                CREATE INDEX call_by_phone ON call(phone);

                -- Every event as received, repeats included.
                CREATE TABLE call_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    callid TEXT NOT NULL,
                    user TEXT NOT NULL,
                    manager_id TEXT,
                    type TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    diversion TEXT,
                    applied INTEGER NOT NULL,
                    extras TEXT NOT NULL DEFAULT '{}',
                    received_at REAL NOT NULL
                );
                CREATE INDEX call_event_by_callid ON call_event(callid);

                -- The live state of each leg, as events moved it.
                CREATE TABLE call_leg (
                    callid TEXT NOT NULL,
                    user TEXT NOT NULL,
                    manager_id TEXT,
                    state TEXT NOT NULL,
                    is_open INTEGER NOT NULL,
                    direction TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    contact_id INTEGER,
                    diversion TEXT,
                    group_name TEXT,
                    started_at REAL NOT NULL,
                    answered_at REAL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (callid, user)
                ) WITHOUT ROWID;
                CREATE INDEX call_leg_open ON call_leg(is_open, updated_at);

                -- Ratings may arrive before the history they rate.
                CREATE TABLE call_rating (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    callid TEXT NOT NULL,
                    user TEXT,
                    rating INTEGER NOT NULL,
                    received_at REAL NOT NULL
                );
                CREATE INDEX call_rating_by_callid ON call_rating(callid);

                CREATE TABLE setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );

                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time REAL NOT NULL,
                    cmd TEXT,
                    callid TEXT,
                    params TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    latency_ms REAL NOT NULL,
                    error TEXT
                );
                CREATE INDEX journal_by_callid ON journal(callid);
                """)
        }
        migrator.registerMigration("v2-expiring-values") { db in
            try db.execute(sql: """
                CREATE TABLE expiring_value (
                    key TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL,
                    expires_at REAL
                );
                """)
        }
        migrator.registerMigration("v3-leg-reason") { db in
            try db.execute(sql: "ALTER TABLE call_leg ADD COLUMN reason TEXT")
            // Legs closed before reasons existed get theirs from the same rule as new ones.
            let callids = try String.fetchAll(db, sql: "SELECT DISTINCT callid FROM call_leg WHERE is_open = 0")
            for callid in callids {
                _ = try SQLiteStore.reconcileReasons(try SQLiteStore.legs(of: callid, db), changed: nil, db)
            }
        }
        migrator.registerMigration("v4-data-set") { db in
            try db.execute(sql: """
                -- The data set an admin's reset returns to, in the seed format (password hashes only).
                CREATE TABLE data_set (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    seed TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5-phone-extension") { db in
            // Digits dialled after the number answers (`доб. 123`), kept beside the canonical number.
            try db.execute(sql: "ALTER TABLE contact_phone ADD COLUMN extension TEXT")
        }
        migrator.registerMigration("v6-name-key") { db in
            // Name order is Russian alphabetical order (see `NameKey`), not SQLite's code-point order.
            db.add(function: NameKey.function)
            try db.execute(sql: """
                ALTER TABLE contact ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
                UPDATE contact SET name_key = minicrm_name_key(name);
                DROP INDEX contact_by_name;
                CREATE INDEX contact_by_name ON contact(name_key);
                """)
            db.remove(function: NameKey.function)
        }
        migrator.registerMigration("v7-journal-bounds") { db in
            // Refused requests are kept as summaries (client, size, how many), and the journal is
            // bounded in bytes as well as rows.
            try db.execute(sql: """
                ALTER TABLE journal ADD COLUMN client TEXT;
                ALTER TABLE journal ADD COLUMN request_bytes INTEGER;
                ALTER TABLE journal ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE journal ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
                UPDATE journal SET size = length(CAST(params AS BLOB)) + coalesce(length(CAST(error AS BLOB)), 0) + 64;
                """)
        }
        migrator.registerMigration("v8-journal-answer") { db in
            // What the endpoint answered, so the journal exports as replayable exchanges.
            try db.execute(sql: "ALTER TABLE journal ADD COLUMN answer TEXT")
        }
        migrator.registerMigration("v9-call-source") { db in
            // Calls a history sync read from the PBX's own history, which a later push takes over.
            try db.execute(sql: "ALTER TABLE call ADD COLUMN source TEXT NOT NULL DEFAULT 'push'")
        }
        migrator.registerMigration("v10-sessions") { db in
            // Sessions by the book: one row per login, so a manager's sessions can all be ended at
            // once, with idle and absolute expiry; failed logins per login name and client address.
            try db.execute(sql: """
                CREATE TABLE session (
                    key TEXT PRIMARY KEY NOT NULL,
                    manager_id TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    last_seen_at REAL NOT NULL
                );
                CREATE INDEX session_by_manager ON session(manager_id);

                CREATE TABLE login_failure (
                    name TEXT PRIMARY KEY NOT NULL,
                    failures INTEGER NOT NULL,
                    last_failure_at REAL NOT NULL,
                    blocked_until REAL NOT NULL
                );

                -- The sessions of the key-value era end: they were kept by their cookie value.
                DELETE FROM expiring_value;
                """)
        }
        return migrator
    }
}
