"""The provider's SQLite schema, as ordered migrations (PRAGMA user_version counts them).

Add a new script at the end to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

from sandbox.scheduler import SCHEDULE_TABLE

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE tenants (
        id              TEXT PRIMARY KEY,
        created         TEXT NOT NULL,
        clock_offset    REAL NOT NULL DEFAULT 0,
        clock_frozen_at TEXT,
        settings        TEXT NOT NULL DEFAULT '{}'
    );

    CREATE TABLE companies (
        id          TEXT PRIMARY KEY,
        tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        description TEXT,
        tags        TEXT NOT NULL DEFAULT '{}',
        created     TEXT NOT NULL,
        modified    TEXT NOT NULL
    );
    CREATE INDEX companies_by_tenant ON companies (tenant_id, created);

    CREATE TABLE connections (
        id          TEXT PRIMARY KEY,
        tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        status      TEXT NOT NULL,
        created     TEXT NOT NULL,
        modified    TEXT NOT NULL,
        last_sync   TEXT
    );
    CREATE INDEX connections_by_company ON connections (company_id, created);

    -- Wrong OTPs per connection, for throttling guesses at the 6-digit code.
    CREATE TABLE otp_failures (
        connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        failures      INTEGER NOT NULL,
        window_start  TEXT NOT NULL
    );

    CREATE TABLE credentials (
        id            TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        username      TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created       TEXT NOT NULL,
        revoked       TEXT
    );
    CREATE INDEX credentials_by_connection ON credentials (connection_id);

    -- Bearer tokens that QBO holds after signing in with a credential set (stored as digests).
    CREATE TABLE feed_tokens (
        digest        TEXT PRIMARY KEY,
        credential_id TEXT NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        created       TEXT NOT NULL
    );

    CREATE TABLE source_accounts (
        pk               INTEGER PRIMARY KEY,
        connection_id    TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        id               TEXT NOT NULL,
        prototype        TEXT NOT NULL,          -- 'v1' or 'v2'
        body             TEXT NOT NULL,          -- the account's own fields, as JSON
        status           TEXT NOT NULL,
        feed_start_date  TEXT,
        credential_id    TEXT REFERENCES credentials(id) ON DELETE SET NULL,
        qbo_account_id   TEXT,
        qbo_account_name TEXT,
        disconnected_at  TEXT,                   -- when the SMB disconnected it in QBO
        created          TEXT NOT NULL,
        modified         TEXT NOT NULL,
        UNIQUE (connection_id, id)
    );

    CREATE TABLE push_operations (
        key              TEXT PRIMARY KEY,
        tenant_id        TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        company_id       TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        connection_id    TEXT NOT NULL,
        account_pk       INTEGER,
        requested        TEXT NOT NULL,
        completed        TEXT,
        status           TEXT NOT NULL,
        status_code      INTEGER NOT NULL,
        timeout_minutes  INTEGER,
        error_message    TEXT,
        validation       TEXT,                   -- JSON {errors, warnings}
        data             TEXT NOT NULL           -- the request body, as JSON
    );
    CREATE INDEX push_operations_by_company ON push_operations (company_id, requested);
    CREATE INDEX push_operations_pending ON push_operations (status) WHERE status = 'Pending';

    -- Transactions written to QBO, in the order they were accepted (seq is the feed cursor).
    CREATE TABLE transactions (
        seq              INTEGER PRIMARY KEY AUTOINCREMENT,
        account_pk       INTEGER NOT NULL REFERENCES source_accounts(pk) ON DELETE CASCADE,
        id               TEXT NOT NULL,
        date             TEXT NOT NULL,
        description      TEXT NOT NULL,
        amount           TEXT NOT NULL,
        balance          TEXT NOT NULL,
        transaction_type TEXT NOT NULL,
        push_key         TEXT NOT NULL,
        written          TEXT NOT NULL
    );
    CREATE INDEX transactions_by_account ON transactions (account_pk, seq);
    """,
    # 2: webhooks, signed and logged
    """
    CREATE TABLE webhook_config (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        urls      TEXT NOT NULL DEFAULT '[]',
        secret    TEXT NOT NULL
    );

    CREATE TABLE webhook_deliveries (
        id           TEXT PRIMARY KEY,
        tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        event_id     TEXT NOT NULL,
        event_type   TEXT NOT NULL,
        url          TEXT NOT NULL,
        body         TEXT NOT NULL,
        status       TEXT NOT NULL,          -- pending, delivered, failed
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_code    INTEGER,
        last_error   TEXT,
        last_response TEXT,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL
    );
    CREATE INDEX webhook_deliveries_by_tenant ON webhook_deliveries (tenant_id, created);
    """,
    # 3: webhook consumers (the Platform API's /webhooks): the one list of endpoints events go to.
    # The settings control's URLs become consumers of every event type it sent (these eight).
    """
    CREATE TABLE webhook_consumers (
        id           TEXT PRIMARY KEY,
        tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        url          TEXT NOT NULL,
        event_types  TEXT NOT NULL,          -- JSON list of event types
        disabled     INTEGER NOT NULL DEFAULT 0,
        company_id   TEXT,                   -- set: only that company's events
        company_tags TEXT,                   -- JSON list of "key:value": only companies tagged so
        created      TEXT NOT NULL
    );
    CREATE INDEX webhook_consumers_by_tenant ON webhook_consumers (tenant_id, created);

    INSERT INTO webhook_consumers (id, tenant_id, url, event_types, created)
    SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
                 || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-'
                 || hex(randomblob(6))),
           c.tenant_id, u.value,
           '["connection.created","connection.connected","connection.disconnected","connection.deleted",'
           || '"bankFeeds.sourceAccount.connected","bankFeeds.sourceAccount.disconnected",'
           || '"bankTransactions.write.successful","bankTransactions.write.unsuccessful"]',
           strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM webhook_config c, json_each(c.urls) u
    ORDER BY c.tenant_id, u.key;

    -- webhook_config keeps only the tenant's signing secret
    CREATE TABLE webhook_secrets (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        secret    TEXT NOT NULL
    );
    INSERT INTO webhook_secrets (tenant_id, secret) SELECT tenant_id, secret FROM webhook_config;
    DROP TABLE webhook_config;
    ALTER TABLE webhook_secrets RENAME TO webhook_config;

    ALTER TABLE webhook_deliveries ADD COLUMN consumer_id TEXT;  -- NULL: sent before consumers existed
    """,
    # 4: a transaction's seq counts within its account (it is the feed's cursor there), so no tenant's
    # data can use up a counter that every tenant shares; the values already written are kept, so the
    # cursors QBO holds stay true
    """
    CREATE TABLE transactions_by_account_seq (
        account_pk       INTEGER NOT NULL REFERENCES source_accounts(pk) ON DELETE CASCADE,
        seq              INTEGER NOT NULL,       -- 1, 2, 3… within the account: the feed cursor
        id               TEXT NOT NULL,
        date             TEXT NOT NULL,
        description      TEXT NOT NULL,
        amount           TEXT NOT NULL,
        balance          TEXT NOT NULL,
        transaction_type TEXT NOT NULL,
        push_key         TEXT NOT NULL,
        written          TEXT NOT NULL,
        UNIQUE (account_pk, seq)
    );
    INSERT INTO transactions_by_account_seq
        SELECT account_pk, seq, id, date, description, amount, balance, transaction_type, push_key, written
        FROM transactions ORDER BY seq;
    DROP TABLE transactions;
    ALTER TABLE transactions_by_account_seq RENAME TO transactions;
    """,
    # 5: a day's count of wrong link codes beside the 15-minute one (link_ui.otp_guard)
    """
    ALTER TABLE otp_failures ADD COLUMN day_failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE otp_failures ADD COLUMN day_start TEXT;
    """,
    # 6: the scheduler's entries (sandbox.scheduler): webhook retries, the 10-day disconnect, push timeouts.
    SCHEDULE_TABLE,
    # 7: the provider's steps of each connection's journey (link_ui.store.journey), for the dashboard's
    # timeline: a tenant keeps its newest 2,000 (link_ui.store.journey.KEPT_PER_TENANT); the trigger drops older ones.
    """
    CREATE TABLE journey_steps (
        id             INTEGER PRIMARY KEY,
        tenant_id      TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        connection_id  TEXT NOT NULL,          -- no foreign key: a deleted connection's journey stays
        at             TEXT NOT NULL,          -- sandbox time
        kind           TEXT NOT NULL,
        failed         INTEGER NOT NULL DEFAULT 0,
        detail         TEXT NOT NULL DEFAULT '{}',
        correlation_id TEXT                    -- the API request's (its request journal entry)
    );
    CREATE INDEX journey_steps_by_connection ON journey_steps (connection_id, id);
    CREATE INDEX journey_steps_by_tenant ON journey_steps (tenant_id, id);
    CREATE TRIGGER journey_steps_bounded AFTER INSERT ON journey_steps BEGIN
        DELETE FROM journey_steps WHERE tenant_id = NEW.tenant_id AND id <= (
            SELECT id FROM journey_steps WHERE tenant_id = NEW.tenant_id
            ORDER BY id DESC LIMIT 1 OFFSET 2000);
    END;
    """,
    # 8: when the host recorded each step (epoch seconds): it orders the steps of one frozen sandbox
    # instant against QBO's.
    """
    ALTER TABLE journey_steps ADD COLUMN recorded REAL NOT NULL DEFAULT 0;
    """,
]
