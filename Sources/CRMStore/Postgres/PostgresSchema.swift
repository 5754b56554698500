import Logging
internal import PostgresNIO

/// The PostgreSQL schema: the same tables as the SQLite one (`Schema`), one migration per version,
/// applied in order under an advisory lock so that instances starting together migrate once.
enum PostgresSchema {
    static let migrations: [(name: String, sql: [String])] = [
        ("v1", [
            """
            CREATE TABLE manager (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                login TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'manager')),
                pbx_account TEXT,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX manager_by_login ON manager (lower(login))",
            "CREATE UNIQUE INDEX manager_by_pbx_account ON manager (lower(pbx_account))",
            """
            CREATE TABLE contact (
                id BIGSERIAL PRIMARY KEY,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                company TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                responsible_id TEXT REFERENCES manager(id) ON DELETE SET NULL,
                search_text TEXT NOT NULL DEFAULT '',
                created_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX contact_by_name ON contact (name_key COLLATE \"C\", id)",
            """
            CREATE TABLE contact_phone (
                contact_id BIGINT NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                phone TEXT NOT NULL,
                extension TEXT,
                PRIMARY KEY (contact_id, position)
            )
            """,
            "CREATE INDEX contact_phone_by_phone ON contact_phone (phone, contact_id)",
            """
            CREATE TABLE call (
                id BIGSERIAL PRIMARY KEY,
                callid TEXT NOT NULL,
                "user" TEXT NOT NULL,
                manager_id TEXT REFERENCES manager(id) ON DELETE SET NULL,
                direction TEXT NOT NULL,
                phone TEXT NOT NULL,
                contact_id BIGINT REFERENCES contact(id) ON DELETE SET NULL,
                diversion TEXT,
                start DOUBLE PRECISION NOT NULL,
                duration INTEGER NOT NULL,
                status TEXT,
                recordings TEXT NOT NULL DEFAULT '[]',
                ext TEXT,
                telnum TEXT,
                group_name TEXT,
                rating INTEGER,
                extras TEXT NOT NULL DEFAULT '{}',
                received_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                UNIQUE (callid, "user")
            )
            """,
            "CREATE INDEX call_by_start ON call (start)",
            "CREATE INDEX call_by_contact ON call (contact_id, start)",
            "CREATE INDEX call_by_manager ON call (manager_id, start)",
            "CREATE INDEX call_by_phone ON call (phone)",
            """
            CREATE TABLE call_event (
                id BIGSERIAL PRIMARY KEY,
                callid TEXT NOT NULL,
                "user" TEXT NOT NULL,
                manager_id TEXT,
                type TEXT NOT NULL,
                phone TEXT NOT NULL,
                diversion TEXT,
                applied BOOLEAN NOT NULL,
                extras TEXT NOT NULL DEFAULT '{}',
                received_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX call_event_by_callid ON call_event (callid)",
            """
            CREATE TABLE call_leg (
                callid TEXT NOT NULL,
                "user" TEXT NOT NULL,
                manager_id TEXT,
                state TEXT NOT NULL,
                is_open BOOLEAN NOT NULL,
                direction TEXT NOT NULL,
                phone TEXT NOT NULL,
                contact_id BIGINT,
                diversion TEXT,
                group_name TEXT,
                started_at DOUBLE PRECISION NOT NULL,
                answered_at DOUBLE PRECISION,
                updated_at DOUBLE PRECISION NOT NULL,
                reason TEXT,
                PRIMARY KEY (callid, "user")
            )
            """,
            "CREATE INDEX call_leg_open ON call_leg (is_open, updated_at)",
            """
            CREATE TABLE call_rating (
                id BIGSERIAL PRIMARY KEY,
                callid TEXT NOT NULL,
                "user" TEXT,
                rating INTEGER NOT NULL,
                received_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX call_rating_by_callid ON call_rating (callid)",
            "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE journal (
                id BIGSERIAL PRIMARY KEY,
                time DOUBLE PRECISION NOT NULL,
                cmd TEXT,
                callid TEXT,
                params TEXT NOT NULL,
                status INTEGER NOT NULL,
                latency_ms DOUBLE PRECISION NOT NULL,
                error TEXT,
                client TEXT,
                request_bytes INTEGER,
                count INTEGER NOT NULL DEFAULT 1,
                size INTEGER NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX journal_by_callid ON journal (callid)",
            // What the journal's rows add up to, kept with every journal write.
            "CREATE TABLE journal_total (id INTEGER PRIMARY KEY CHECK (id = 1), bytes BIGINT NOT NULL)",
            "INSERT INTO journal_total (id, bytes) VALUES (1, 0)",
            "CREATE TABLE expiring_value (key TEXT PRIMARY KEY, value BYTEA NOT NULL, expires_at DOUBLE PRECISION)",
            "CREATE TABLE data_set (id INTEGER PRIMARY KEY CHECK (id = 1), seed TEXT NOT NULL)",
            // `GET /api/calls`'s filter, written once: a NULL argument matches everything.
            """
            CREATE FUNCTION calls_matching(
                p_contact BIGINT, p_manager TEXT, p_direction TEXT, p_status TEXT, p_missed BOOLEAN, p_since DOUBLE PRECISION, p_callid TEXT
            ) RETURNS SETOF call LANGUAGE sql STABLE AS $$
                SELECT * FROM call
                WHERE (p_contact IS NULL OR contact_id = p_contact)
                  AND (p_manager IS NULL OR manager_id = p_manager)
                  AND (p_direction IS NULL OR direction = p_direction)
                  AND (p_status IS NULL OR status = p_status)
                  AND (NOT p_missed OR (direction = 'in' AND (status <> 'success' OR (status IS NULL AND duration = 0))))
                  AND (p_since IS NULL OR start >= p_since)
                  AND (p_callid IS NULL OR callid = p_callid)
            $$
            """,
            // What every instance's open streams are sent: written with the change, announced by NOTIFY.
            """
            CREATE TABLE live_message (
                id BIGSERIAL PRIMARY KEY,
                manager_id TEXT,
                payload TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL
            )
            """,
        ]),
        ("v2-journal-answer-call-source", [
            // What the endpoint answered, so the journal exports as replayable exchanges.
            "ALTER TABLE journal ADD COLUMN answer TEXT",
            // Calls a history sync read from the PBX's own history, which a later push takes over.
            "ALTER TABLE call ADD COLUMN source TEXT NOT NULL DEFAULT 'push'",
        ]),
        ("v3-sessions", [
            // One row per login, so a manager's sessions can all be ended at once; failed logins per
            // login name and client address.
            """
            CREATE TABLE session (
                key TEXT PRIMARY KEY,
                manager_id TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                last_seen_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX session_by_manager ON session (manager_id)",
            """
            CREATE TABLE login_failure (
                name TEXT PRIMARY KEY,
                failures INTEGER NOT NULL,
                last_failure_at DOUBLE PRECISION NOT NULL,
                blocked_until DOUBLE PRECISION NOT NULL
            )
            """,
            "DROP TABLE expiring_value",
        ]),
    ]

    /// Substring search over `search_text`: trigrams where the server has `pg_trgm`, else a scan.
    static let searchIndex = "CREATE INDEX IF NOT EXISTS contact_search ON contact USING gin (search_text gin_trgm_ops)"

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(7171001)", logger: logger)
            try await connection.run("CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY)", logger: logger)
            let applied = Set(try await connection.run("SELECT name FROM schema_migration", logger: logger).decode(String.self).all())
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.sql { try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await connection.run("INSERT INTO schema_migration (name) VALUES (\(migration.name))", logger: logger)
                logger.notice("PostgreSQL schema migrated", metadata: ["migration": "\(migration.name)"])
            }
        }
        // The trigram index is a speed-up, not a requirement: without the extension search scans.
        do {
            try await client.run("CREATE EXTENSION IF NOT EXISTS pg_trgm", logger: logger)
            try await client.run(PostgresQuery(unsafeSQL: searchIndex), logger: logger)
        } catch {
            logger.warning("pg_trgm is not available: contact search scans instead of using a trigram index", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
