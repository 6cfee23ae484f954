"""The emulator's SQLite schema: realms, sign-in users, chart of accounts, bank feeds, link flows, steps.

Version 2 makes Bank transactions cost the same at any size: an index that reads one page of a
tab newest first, and each feed's figures (rows per tab, the categorized total) kept by triggers,
so that tiles, balances and paging never count or add up every row. Triggers, not the store's
code, keep them: every write path (pulls, row actions, reset, restore, delete) stays right.
"""

from __future__ import annotations

from sandbox.scheduler import SCHEDULE_TABLE


def _cents(row: str) -> str:
    """A transaction's amount in cents, as QBO keeps money (the text amount is the provider's)."""
    return f"CAST(ROUND(CAST({row}.amount AS REAL) * 100) AS INTEGER)"


def _count(row: str, sign: str) -> str:
    """Adds (`+`) or takes away (`-`) one transaction, `new` or `old`, from its feed's figures."""
    # Only the constants "new"/"old" and "+"/"-" are interpolated.
    return f"""
        UPDATE feed_counts SET
            review = review {sign} ({row}.state = 'review'),
            categorized = categorized {sign} ({row}.state = 'categorized'),
            excluded = excluded {sign} ({row}.state = 'excluded'),
            categorized_cents = categorized_cents {sign} IIF({row}.state = 'categorized', {_cents(row)}, 0)
        WHERE feed_id = {row}.feed_id;"""  # noqa: S608


MIGRATIONS = [
    """
    CREATE TABLE realms (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,          -- the provider tenant whose API key created this realm
        company_name TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX realms_tenant ON realms (tenant_id);

    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms (id),
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        view TEXT NOT NULL DEFAULT 'accounting',
        locale TEXT NOT NULL DEFAULT 'en'
    );

    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms (id),
        name TEXT NOT NULL,
        account_type TEXT NOT NULL,       -- QBO AccountType: Bank, Credit Card, Income, Expense, ...
        sub_type TEXT NOT NULL,           -- QBO AccountSubType: Checking, Savings, CreditCard, ...
        classification TEXT NOT NULL,     -- Asset, Liability, Equity, Revenue, Expense
        acct_num TEXT,
        opening_balance TEXT NOT NULL DEFAULT '0',
        created_at TEXT NOT NULL,
        UNIQUE (realm_id, name COLLATE NOCASE)
    );

    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms (id),
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        source_account_id TEXT NOT NULL,
        source_name TEXT NOT NULL,
        masked_number TEXT NOT NULL,
        institution_name TEXT NOT NULL,
        connection_id TEXT NOT NULL,
        token TEXT NOT NULL,              -- the provider's bearer token: our own secret, never shown
        cursor TEXT,
        bank_balance TEXT,
        start_date TEXT NOT NULL,
        status TEXT NOT NULL,             -- active, disconnected
        error_code TEXT,                  -- '103' (new sign-in needed) or '102' (provider unreachable)
        last_pull_at TEXT,
        created_at TEXT NOT NULL
    );
    -- A QBO account has at most one live feed.
    CREATE UNIQUE INDEX feeds_live_account ON feeds (account_id) WHERE status != 'disconnected';

    CREATE TABLE bank_transactions (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds (id),
        provider_id TEXT NOT NULL,
        date TEXT NOT NULL,
        description TEXT NOT NULL,
        amount TEXT NOT NULL,             -- positive: received, negative: spent
        state TEXT NOT NULL DEFAULT 'review',   -- review, categorized, excluded
        category TEXT,
        received_at TEXT NOT NULL,
        UNIQUE (feed_id, provider_id)      -- a pulled transaction is never shown twice
    );

    CREATE TABLE link_flows (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id),
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
    );

    CREATE TABLE api_tokens (
        digest TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms (id),
        created_at TEXT NOT NULL
    );
    """,
    # 2: the Account fields the Accounting API answers and filters on, kept rather than made up:
    # a description, active or not, and a parent (a sub-account). (Realms made before this keep
    # their accounts without an AcctNum, as QuickBooks allows; new realms' charts have numbers.)
    """
    ALTER TABLE accounts ADD COLUMN description TEXT NOT NULL DEFAULT '';
    ALTER TABLE accounts ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE accounts ADD COLUMN parent_id INTEGER REFERENCES accounts (id);
    """,
    # 3: one page of a tab at any depth, and each feed's figures kept by triggers, not counted per page.
    f"""
    -- One page of a tab, newest first, at any depth: For review, Categorized and Excluded read this.
    CREATE INDEX bank_transactions_page ON bank_transactions (feed_id, state, date DESC, id DESC);

    -- Each feed's figures, kept by the triggers below. No snapshot holds them: a restore's rows rebuild them.
    CREATE TABLE feed_counts (
        feed_id INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
        review INTEGER NOT NULL DEFAULT 0,
        categorized INTEGER NOT NULL DEFAULT 0,
        excluded INTEGER NOT NULL DEFAULT 0,
        categorized_cents INTEGER NOT NULL DEFAULT 0   -- what the categorized rows add to the balance
    );
    INSERT INTO feed_counts (feed_id, review, categorized, excluded, categorized_cents)
        SELECT f.id,
               COUNT(t.id) FILTER (WHERE t.state = 'review'),
               COUNT(t.id) FILTER (WHERE t.state = 'categorized'),
               COUNT(t.id) FILTER (WHERE t.state = 'excluded'),
               COALESCE(SUM({_cents("t")}) FILTER (WHERE t.state = 'categorized'), 0)
        FROM feeds f LEFT JOIN bank_transactions t ON t.feed_id = f.id GROUP BY f.id;

    CREATE TRIGGER feed_counts_feed AFTER INSERT ON feeds BEGIN
        INSERT INTO feed_counts (feed_id) VALUES (new.id);
    END;
    CREATE TRIGGER feed_counts_added AFTER INSERT ON bank_transactions BEGIN{_count("new", "+")}
    END;
    CREATE TRIGGER feed_counts_removed AFTER DELETE ON bank_transactions BEGIN{_count("old", "-")}
    END;
    CREATE TRIGGER feed_counts_moved AFTER UPDATE OF state, amount, feed_id ON bank_transactions BEGIN
        {_count("old", "-")}{_count("new", "+")}
    END;
    """,  # noqa: S608 - constants only
    # 4: the scheduler's entries (sandbox.scheduler): QBO's nightly pull of each realm.
    SCHEDULE_TABLE,
    # 5: QBO's record of a tenant's journey (emulator/steps.py): what GET /_sandbox/steps answers.
    """
    CREATE TABLE steps (
        id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        realm_id TEXT NOT NULL,
        at TEXT NOT NULL,                 -- the tenant's sandbox time (sandbox.clock.iso)
        kind TEXT NOT NULL,               -- qbo.institution, qbo.sign_in, qbo.connect, qbo.pull, qbo.disconnect
        connection_id TEXT,               -- the provider's connection, once QBO knows it
        flow_id TEXT,                     -- the Link account flow a step came from, until it knows its connection
        failed INTEGER NOT NULL DEFAULT 0,
        detail TEXT NOT NULL              -- JSON, by kind
    );
    -- Rowid order within a tenant: the trim of the oldest, and every read of a tenant's steps.
    CREATE INDEX steps_tenant ON steps (tenant_id);
    CREATE INDEX steps_connection ON steps (tenant_id, connection_id);
    CREATE INDEX steps_flow ON steps (flow_id) WHERE flow_id IS NOT NULL;
    """,
    # 6: when the host recorded each step (epoch seconds): it orders the steps of one frozen sandbox
    # instant against the provider's.
    """
    ALTER TABLE steps ADD COLUMN recorded REAL NOT NULL DEFAULT 0;
    """,
]
