namespace MyChatImposter.Storage.Sqlite;

public sealed record SqliteMigration(int Version, string Description, string Sql);

// The schema, as the ordered list of steps that build it. Append a migration for each new table or change;
// never edit or reorder one that has shipped, since databases in the field have already applied it.
public static class SqliteMigrations
{
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "bot configurations", """
            CREATE TABLE bot_configurations (
                user_id    TEXT NOT NULL PRIMARY KEY,
                document   TEXT NOT NULL CHECK (json_valid(document)),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            """),
        new(2, "accounts", """
            CREATE TABLE accounts (
                user_id       TEXT NOT NULL PRIMARY KEY,
                role          TEXT NOT NULL CHECK (role IN ('user', 'admin')),
                password_hash TEXT NOT NULL,
                disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
                created_at    TEXT NOT NULL,
                updated_at    TEXT NOT NULL
            ) STRICT;
            """),
        // No foreign key to accounts: the stores stay independent, as they are on MongoDB; deleting an
        // account ends its sessions through ILoginSessionStore.DeleteForUserAsync.
        new(3, "login sessions", """
            CREATE TABLE login_sessions (
                id_hash      TEXT NOT NULL PRIMARY KEY,
                user_id      TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                expires_at   TEXT NOT NULL,
                client_ip    TEXT,
                user_agent   TEXT
            ) STRICT;
            CREATE INDEX login_sessions_by_user ON login_sessions (user_id, created_at);
            CREATE INDEX login_sessions_by_expiry ON login_sessions (expires_at);
            CREATE INDEX login_sessions_by_last_seen ON login_sessions (last_seen_at);
            """),
        new(4, "login throttle", """
            CREATE TABLE login_throttle (
                key              TEXT NOT NULL PRIMARY KEY,
                user_id          TEXT NOT NULL,
                client_ip        TEXT,
                failures         INTEGER NOT NULL CHECK (failures >= 0),
                first_failure_at TEXT NOT NULL,
                locked_until     TEXT,
                expires_at       TEXT NOT NULL
            ) STRICT;
            CREATE INDEX login_throttle_by_user ON login_throttle (user_id);
            CREATE INDEX login_throttle_by_expiry ON login_throttle (expires_at);
            CREATE INDEX login_throttle_by_lock ON login_throttle (locked_until) WHERE locked_until IS NOT NULL;
            """),
        // AUTOINCREMENT: ids are never reused, even after retention has deleted the newest rows, so an id a
        // client holds as a paging cursor always points below every later event.
        new(5, "audit log", """
            CREATE TABLE audit_log (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                timestamp      TEXT NOT NULL,
                event_type     TEXT NOT NULL,
                actor_user_id  TEXT,
                target_user_id TEXT,
                client_ip      TEXT,
                user_agent     TEXT,
                details        TEXT NOT NULL CHECK (json_valid(details) AND json_type(details) = 'object')
            ) STRICT;
            CREATE INDEX audit_log_by_timestamp ON audit_log (timestamp);
            CREATE INDEX audit_log_by_event_type ON audit_log (event_type, id);
            CREATE INDEX audit_log_by_actor ON audit_log (actor_user_id, id);
            CREATE INDEX audit_log_by_target ON audit_log (target_user_id, id);
            """),
        new(6, "data protection keys", """
            CREATE TABLE data_protection_keys (
                id            INTEGER PRIMARY KEY,
                friendly_name TEXT,
                xml           TEXT NOT NULL,
                created_at    TEXT NOT NULL
            ) STRICT;
            """),
        // Sender and group are JSON objects shaped like the original's `queues` sub-documents. The unique
        // key is what makes a message a duplicate; the (user, correspondent, id) index serves the pipeline's
        // next-id lookup and the API's paging, and refuses a second message under one number. Three b-trees
        // per insert: measured 12.5k rows/s against 10.8k for a WITHOUT ROWID table clustered on that key
        // (inserts from many conversations land all over a clustered table) and fewer than with the
        // per-provider index this once had (load-tests/README.md).
        new(7, "message archive", """
            CREATE TABLE message_archive (
                user_id             TEXT NOT NULL,
                provider_name       TEXT NOT NULL,
                correspondent_id    TEXT NOT NULL,
                id                  INTEGER NOT NULL,
                provider_message_id TEXT NOT NULL,
                content             TEXT NOT NULL,
                sender              TEXT NOT NULL CHECK (json_valid(sender)),
                source              TEXT NOT NULL CHECK (source IN ('user', 'bot', 'user_outgoing')),
                accepted_time       TEXT NOT NULL,
                originating_time    TEXT,
                group_json          TEXT CHECK (group_json IS NULL OR json_valid(group_json)),
                UNIQUE (user_id, correspondent_id, provider_message_id)
            ) STRICT;
            CREATE UNIQUE INDEX message_archive_by_correspondent ON message_archive (user_id, correspondent_id, id);
            """),
        // AUTOINCREMENT: ids only grow, so newest first is id order even after deletes.
        new(8, "pipeline dead letters", """
            CREATE TABLE dead_letters (
                id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id             TEXT NOT NULL,
                stage               TEXT NOT NULL,
                correspondent_id    TEXT,
                provider_message_id TEXT,
                error               TEXT NOT NULL,
                failed_at           TEXT NOT NULL
            ) STRICT;
            CREATE INDEX dead_letters_by_user ON dead_letters (user_id, id);
            """),
        new(9, "chat sessions", """
            CREATE TABLE chat_sessions (
                user_id       TEXT NOT NULL PRIMARY KEY,
                provider_name TEXT NOT NULL,
                linked_at     TEXT NOT NULL
            ) STRICT;
            """),
        // The delivery queue (spec/03) as one table with a state column, so every change of state is one
        // atomic row update (the original copied between three collections, then deleted). seq orders a
        // user's items first in, first out; AUTOINCREMENT never reuses one. Sent rows keep the provider's
        // message id (the CHECK: sent exactly when it has one), which is what stops a second send.
        // Indexes: a state's list in order; the oldest active item per recipient (the sender's next
        // candidates); the sends of the last day per user (caps); old sent rows (retention).
        new(10, "delivery queue", """
            CREATE TABLE delivery_items (
                seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
                id                  TEXT NOT NULL UNIQUE,
                user_id             TEXT NOT NULL,
                provider_name       TEXT,
                recipient           TEXT NOT NULL,
                origin              TEXT NOT NULL,
                message_type        TEXT NOT NULL,
                content             TEXT NOT NULL CHECK (json_valid(content)),
                state               TEXT NOT NULL CHECK (state IN ('active', 'holding', 'failed', 'sent')),
                attempts            INTEGER NOT NULL CHECK (attempts >= 0),
                created_at          TEXT NOT NULL,
                next_attempt_at     TEXT,
                sending_since       TEXT,
                last_error          TEXT,
                failed_at           TEXT,
                provider_message_id TEXT,
                sent_at             TEXT,
                CHECK ((state = 'sent') = (provider_message_id IS NOT NULL AND sent_at IS NOT NULL))
            ) STRICT;
            CREATE INDEX delivery_items_by_state ON delivery_items (user_id, state, seq);
            CREATE INDEX delivery_items_by_recipient ON delivery_items (user_id, state, recipient, seq);
            CREATE INDEX delivery_items_sent ON delivery_items (user_id, sent_at) WHERE state = 'sent';
            CREATE INDEX delivery_items_sent_retention ON delivery_items (sent_at) WHERE state = 'sent';
            """),
        // Prompt: a JSON array of {role, text}. Exactly one of answer and error. AUTOINCREMENT: ids only grow,
        // so newest first is id order and an id held as a paging cursor stays below every later row.
        new(11, "llm interactions", """
            CREATE TABLE llm_interactions (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id     TEXT NOT NULL,
                started_at  TEXT NOT NULL,
                duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
                provider    TEXT NOT NULL,
                model       TEXT NOT NULL,
                prompt      TEXT NOT NULL CHECK (json_valid(prompt) AND json_type(prompt) = 'array'),
                answer      TEXT,
                error       TEXT,
                CHECK ((answer IS NULL) <> (error IS NULL))
            ) STRICT;
            CREATE INDEX llm_interactions_by_user ON llm_interactions (user_id, id);
            CREATE INDEX llm_interactions_by_start ON llm_interactions (started_at);
            """),
        // One row per history (spec/04 §4): the entries as a JSON array of {content, added_at, from_bot},
        // replaced whole after each answered turn. A history holds at most context_config.max_messages
        // short entries, so rewriting it is cheaper than keeping rows per entry in step with the trimming.
        new(12, "auto-reply conversation context", """
            CREATE TABLE conversation_context (
                user_id     TEXT NOT NULL,
                context_key TEXT NOT NULL,
                entries     TEXT NOT NULL CHECK (json_valid(entries) AND json_type(entries) = 'array'),
                updated_at  TEXT NOT NULL,
                PRIMARY KEY (user_id, context_key)
            ) STRICT;
            """),
        // The same table with `source` checked by comparisons. SQLite evaluates a CHECK's `IN` list of more
        // than two values through a temporary table, opened and closed for every row written: a page cache
        // set up and torn down per archived message (found with perf: about 6 % of the host's CPU under load).
        // A CHECK cannot be altered in place, so the table is rebuilt, keeping its rowids.
        new(13, "message archive: source checked without a temporary table", """
            CREATE TABLE message_archive_rebuilt (
                user_id             TEXT NOT NULL,
                provider_name       TEXT NOT NULL,
                correspondent_id    TEXT NOT NULL,
                id                  INTEGER NOT NULL,
                provider_message_id TEXT NOT NULL,
                content             TEXT NOT NULL,
                sender              TEXT NOT NULL CHECK (json_valid(sender)),
                source              TEXT NOT NULL CHECK (source = 'user' OR source = 'bot' OR source = 'user_outgoing'),
                accepted_time       TEXT NOT NULL,
                originating_time    TEXT,
                group_json          TEXT CHECK (group_json IS NULL OR json_valid(group_json)),
                UNIQUE (user_id, correspondent_id, provider_message_id)
            ) STRICT;
            INSERT INTO message_archive_rebuilt (rowid, user_id, provider_name, correspondent_id, id, provider_message_id,
                content, sender, source, accepted_time, originating_time, group_json)
            SELECT rowid, user_id, provider_name, correspondent_id, id, provider_message_id,
                content, sender, source, accepted_time, originating_time, group_json
            FROM message_archive ORDER BY rowid;
            DROP TABLE message_archive;
            ALTER TABLE message_archive_rebuilt RENAME TO message_archive;
            CREATE UNIQUE INDEX message_archive_by_correspondent ON message_archive (user_id, correspondent_id, id);
            """),
        // Group tracking reads one group's messages by the period they fall in: their originating time, or the
        // accepted time when the provider gave none. Indexing that very expression lets the window query seek
        // instead of scanning the whole conversation; with id in it, the paging condition is checked in the
        // index too. It is a fourth b-tree per archived row.
        new(14, "message archive: messages by time within a conversation", """
            CREATE INDEX message_archive_by_time ON message_archive
                (user_id, correspondent_id, COALESCE(originating_time, accepted_time), id);
            """),
        // The periods of tracked groups (one row per window, empty windows included) and each group's
        // progress. A period is unique by its end: re-running a window updates its row. The status CHECK
        // compares rather than using IN (see migration 13). The state is only ever moved forward, by an
        // upsert whose update is conditional on the new end being later.
        new(15, "group tracking periods and state", """
            CREATE TABLE tracked_group_periods (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id       TEXT NOT NULL,
                group_id      TEXT NOT NULL,
                display_name  TEXT NOT NULL,
                period_start  TEXT NOT NULL,
                period_end    TEXT NOT NULL,
                status        TEXT NOT NULL CHECK (status = 'processing' OR status = 'delivered' OR status = 'empty' OR status = 'failed'),
                message_count INTEGER NOT NULL CHECK (message_count >= 0),
                item_count    INTEGER NOT NULL CHECK (item_count >= 0),
                attempts      INTEGER NOT NULL CHECK (attempts >= 0),
                last_error    TEXT,
                created_at    TEXT NOT NULL,
                updated_at    TEXT NOT NULL,
                UNIQUE (user_id, group_id, period_end)
            ) STRICT;
            CREATE INDEX tracked_group_periods_by_user ON tracked_group_periods (user_id, period_end);
            CREATE TABLE group_tracking_state (
                user_id            TEXT NOT NULL,
                group_id           TEXT NOT NULL,
                last_processed_end TEXT NOT NULL,
                PRIMARY KEY (user_id, group_id)
            ) STRICT;
            """),
        // A CHECK cannot be altered in place, so delivery_items is rebuilt to allow 'withdrawn' (an auto reply the
        // owner's takeover stopped) with its withdrawn_at, following SQLite's procedure for other schema changes
        // (lang_altertable.html, "Making Other Kinds Of Table Schema Changes") inside the runner's transaction:
        // no foreign key refers to this table and it has no triggers or views, so steps 1, 9, 10 and 12 have
        // nothing to do; the rows keep their seq; the AUTOINCREMENT counter moves to the new table before the
        // old one is dropped (DROP deletes its sqlite_sequence row), so a seq deleted at the top is never
        // reused; the four indexes are created again exactly as migration 10 made them, and a fifth serves the
        // withdrawn items' retention. The state CHECK now compares rather than using IN (see migration 13).
        new(16, "delivery items can be withdrawn", """
            CREATE TABLE delivery_items_rebuilt (
                seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
                id                  TEXT NOT NULL UNIQUE,
                user_id             TEXT NOT NULL,
                provider_name       TEXT,
                recipient           TEXT NOT NULL,
                origin              TEXT NOT NULL,
                message_type        TEXT NOT NULL,
                content             TEXT NOT NULL CHECK (json_valid(content)),
                state               TEXT NOT NULL CHECK (state = 'active' OR state = 'holding' OR state = 'failed' OR state = 'sent'
                                        OR state = 'withdrawn'),
                attempts            INTEGER NOT NULL CHECK (attempts >= 0),
                created_at          TEXT NOT NULL,
                next_attempt_at     TEXT,
                sending_since       TEXT,
                last_error          TEXT,
                failed_at           TEXT,
                provider_message_id TEXT,
                sent_at             TEXT,
                withdrawn_at        TEXT,
                CHECK ((state = 'sent') = (provider_message_id IS NOT NULL AND sent_at IS NOT NULL)),
                CHECK ((state = 'withdrawn') = (withdrawn_at IS NOT NULL))
            ) STRICT;
            INSERT INTO delivery_items_rebuilt (seq, id, user_id, provider_name, recipient, origin, message_type, content, state,
                attempts, created_at, next_attempt_at, sending_since, last_error, failed_at, provider_message_id, sent_at)
            SELECT seq, id, user_id, provider_name, recipient, origin, message_type, content, state,
                attempts, created_at, next_attempt_at, sending_since, last_error, failed_at, provider_message_id, sent_at
            FROM delivery_items ORDER BY seq;
            DELETE FROM sqlite_sequence WHERE name = 'delivery_items_rebuilt';
            UPDATE sqlite_sequence SET name = 'delivery_items_rebuilt' WHERE name = 'delivery_items';
            DROP TABLE delivery_items;
            ALTER TABLE delivery_items_rebuilt RENAME TO delivery_items;
            CREATE INDEX delivery_items_by_state ON delivery_items (user_id, state, seq);
            CREATE INDEX delivery_items_by_recipient ON delivery_items (user_id, state, recipient, seq);
            CREATE INDEX delivery_items_sent ON delivery_items (user_id, sent_at) WHERE state = 'sent';
            CREATE INDEX delivery_items_sent_retention ON delivery_items (sent_at) WHERE state = 'sent';
            CREATE INDEX delivery_items_withdrawn_retention ON delivery_items (withdrawn_at) WHERE state = 'withdrawn';
            """),
        // Owner control. Drafts: number is the rowid (AUTOINCREMENT, never reused, so it only grows and names one
        // draft for good); answered is a JSON array of {speaker, content}; the partial unique index is the
        // database's guard for "at most one pending draft per conversation". Takeovers: one row per
        // conversation. Reply history: append-only, id AUTOINCREMENT so newest first is id order and an id
        // held as a paging cursor stays below every later row. The state and kind CHECKs compare (migration 13).
        new(17, "owner control: drafts, takeovers, reply history", """
            CREATE TABLE drafts (
                number             INTEGER PRIMARY KEY AUTOINCREMENT,
                id                 TEXT NOT NULL UNIQUE,
                user_id            TEXT NOT NULL,
                correspondent_id   TEXT NOT NULL,
                correspondent_name TEXT,
                answered           TEXT NOT NULL CHECK (json_valid(answered) AND json_type(answered) = 'array'),
                text               TEXT NOT NULL,
                state              TEXT NOT NULL CHECK (state = 'pending' OR state = 'approved' OR state = 'replaced'
                                       OR state = 'rejected' OR state = 'expired' OR state = 'superseded' OR state = 'withdrawn'
                                       OR state = 'monitored'),
                created_at         TEXT NOT NULL,
                expires_at         TEXT NOT NULL,
                sent_text          TEXT,
                decided_at         TEXT,
                decided_by         TEXT,
                delivery_id        TEXT
            ) STRICT;
            CREATE UNIQUE INDEX drafts_one_pending ON drafts (user_id, correspondent_id) WHERE state = 'pending';
            CREATE INDEX drafts_by_user ON drafts (user_id, number);
            CREATE INDEX drafts_by_state ON drafts (user_id, state, number);
            CREATE INDEX drafts_pending_expiry ON drafts (expires_at) WHERE state = 'pending';
            CREATE INDEX drafts_decided ON drafts (COALESCE(decided_at, created_at)) WHERE state <> 'pending';
            CREATE TABLE takeovers (
                user_id          TEXT NOT NULL,
                correspondent_id TEXT NOT NULL,
                display_name     TEXT,
                since            TEXT NOT NULL,
                until            TEXT,
                started_by       TEXT NOT NULL,
                PRIMARY KEY (user_id, correspondent_id)
            ) STRICT;
            CREATE INDEX takeovers_by_user ON takeovers (user_id, since);
            CREATE INDEX takeovers_ended ON takeovers (until) WHERE until IS NOT NULL;
            CREATE TABLE reply_history (
                id               INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id          TEXT NOT NULL,
                correspondent_id TEXT NOT NULL,
                kind             TEXT NOT NULL CHECK (kind = 'replied' OR kind = 'drafted' OR kind = 'monitored'
                                     OR kind = 'approved' OR kind = 'replaced' OR kind = 'rejected' OR kind = 'expired'
                                     OR kind = 'superseded' OR kind = 'withdrawn' OR kind = 'taken_over' OR kind = 'handed_back'),
                at               TEXT NOT NULL,
                text             TEXT,
                detail           TEXT,
                draft_number     INTEGER
            ) STRICT;
            CREATE INDEX reply_history_by_user ON reply_history (user_id, id);
            CREATE INDEX reply_history_by_conversation ON reply_history (user_id, correspondent_id, id);
            CREATE INDEX reply_history_by_time ON reply_history (at);
            """),
            // Bot activity per UTC hour (the activity charts): counters that the recorder's flush adds to, one column
        // per LLM latency bucket (LatencyHistogram.BucketNames), and the delivery queue's peaks in the hour.
        new(18, "bot activity per hour", """
            CREATE TABLE bot_activity_hours (
                user_id              TEXT NOT NULL,
                hour                 TEXT NOT NULL,
                received             INTEGER NOT NULL DEFAULT 0,
                sent                 INTEGER NOT NULL DEFAULT 0,
                delivery_failures    INTEGER NOT NULL DEFAULT 0,
                llm_calls            INTEGER NOT NULL DEFAULT 0,
                llm_errors           INTEGER NOT NULL DEFAULT 0,
                llm_latency_ms_total INTEGER NOT NULL DEFAULT 0,
                llm_le_250ms         INTEGER NOT NULL DEFAULT 0,
                llm_le_500ms         INTEGER NOT NULL DEFAULT 0,
                llm_le_1s            INTEGER NOT NULL DEFAULT 0,
                llm_le_2s            INTEGER NOT NULL DEFAULT 0,
                llm_le_5s            INTEGER NOT NULL DEFAULT 0,
                llm_le_10s           INTEGER NOT NULL DEFAULT 0,
                llm_le_30s           INTEGER NOT NULL DEFAULT 0,
                llm_over_30s         INTEGER NOT NULL DEFAULT 0,
                queue_peak           INTEGER NOT NULL DEFAULT 0,
                failed_peak          INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (user_id, hour)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX bot_activity_hours_by_hour ON bot_activity_hours (hour);
            """),
        // A name is unique among a user's tokens that are not revoked, so a revoked token's name can be reused.
        new(19, "API tokens", """
            CREATE TABLE api_tokens (
                id           TEXT NOT NULL PRIMARY KEY,
                user_id      TEXT NOT NULL,
                name         TEXT NOT NULL,
                token_hash   TEXT NOT NULL UNIQUE,
                prefix       TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                created_by   TEXT NOT NULL,
                last_used_at TEXT,
                expires_at   TEXT,
                revoked_at   TEXT,
                revoked_by   TEXT
            ) STRICT;
            CREATE UNIQUE INDEX api_tokens_name_per_user ON api_tokens (user_id, name) WHERE revoked_at IS NULL;
            CREATE INDEX api_tokens_by_created ON api_tokens (created_at);
            """),
        // Webhooks: each bot's subscriptions (the signing secret stored protected by the data-protection key
        // ring), and the outbox of deliveries, one row per (event, subscription), written before the first
        // attempt. The dispatcher reads pending rows by when they are due; retention deletes finished rows by age.
        new(20, "webhook subscriptions and outbox", """
            CREATE TABLE webhook_subscriptions (
                id         TEXT NOT NULL PRIMARY KEY,
                user_id    TEXT NOT NULL,
                url        TEXT NOT NULL,
                events     TEXT NOT NULL CHECK (json_valid(events)),
                enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
                secret     TEXT NOT NULL,
                created_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX webhook_subscriptions_by_user ON webhook_subscriptions (user_id, created_at);
            CREATE TABLE webhook_outbox (
                id              TEXT NOT NULL PRIMARY KEY,
                event_id        TEXT NOT NULL,
                subscription_id TEXT NOT NULL,
                user_id         TEXT NOT NULL,
                event_type      TEXT NOT NULL,
                payload         TEXT NOT NULL CHECK (json_valid(payload)),
                created_at      TEXT NOT NULL,
                state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
                attempts        INTEGER NOT NULL,
                next_attempt_at TEXT,
                last_status     INTEGER,
                last_error      TEXT,
                delivered_at    TEXT
            ) STRICT;
            CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE state = 'pending';
            CREATE INDEX webhook_outbox_by_user ON webhook_outbox (user_id, created_at);
            CREATE INDEX webhook_outbox_by_subscription ON webhook_outbox (subscription_id, created_at);
            CREATE INDEX webhook_outbox_finished ON webhook_outbox (created_at) WHERE state <> 'pending';
            """),
    ];
}
