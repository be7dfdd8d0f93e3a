"""The ledger's schema, as numbered migrations applied at open (the same DDL on SQLite and PostgreSQL).

Times are stored as ISO 8601 UTC text (``2024-05-01T08:00:00.000000+00:00``): identical on both databases and
sortable. Event payloads are stored as their canonical JSON text.
"""

from __future__ import annotations

from central_ledger.storage import Storage, Tx

MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE counters (
            counter_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL,               -- enrolled | active | disabled
            public_key TEXT,                    -- 04||x||y hex, set at registration
            token_hash TEXT,                    -- SM3 of the one-time enrollment token, cleared when used
            token_expires_at TEXT,
            acknowledged_seq {bigint} NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            registered_at TEXT,
            disabled_at TEXT,
            last_contact_at TEXT
        )""",
        """CREATE TABLE events (
            counter_id TEXT NOT NULL REFERENCES counters(counter_id),
            seq {bigint} NOT NULL,
            event_id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            issuance_id TEXT,
            payload TEXT NOT NULL,
            content_hash TEXT NOT NULL,         -- SM3 of the event's canonical JSON: 'same event' means same hash
            received_at TEXT NOT NULL,
            PRIMARY KEY (counter_id, seq)
        )""",
        """CREATE TABLE issuances (
            counter_id TEXT NOT NULL,
            issuance_id TEXT NOT NULL,
            state TEXT NOT NULL,
            card_number TEXT,
            person_index TEXT,
            application_type TEXT,
            updated_seq {bigint} NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (counter_id, issuance_id)
        )""",
        """CREATE TABLE cards (
            card_number TEXT PRIMARY KEY,
            person_index TEXT,
            status TEXT NOT NULL,               -- active | replaced | lost | cancelled | ... (see derive.py)
            counter_id TEXT NOT NULL,
            issuance_id TEXT,
            issued_at TEXT NOT NULL,
            status_changed_at TEXT NOT NULL
        )""",
        "CREATE INDEX cards_by_person ON cards (person_index, status)",
        """CREATE TABLE card_blocks (
            block_id TEXT PRIMARY KEY,
            counter_id TEXT NOT NULL REFERENCES counters(counter_id),
            request_id TEXT NOT NULL,
            first_value {bigint} NOT NULL,
            count INTEGER NOT NULL,
            allocated_at TEXT NOT NULL,
            UNIQUE (counter_id, request_id)
        )""",
        """CREATE TABLE card_numbers (
            card_number TEXT PRIMARY KEY,       -- unique system-wide, never reused
            counter_id TEXT NOT NULL REFERENCES counters(counter_id),
            block_id TEXT NOT NULL REFERENCES card_blocks(block_id),
            status TEXT NOT NULL,               -- allocated | used | void
            allocated_at TEXT NOT NULL,
            void_reason TEXT
        )""",
        """CREATE TABLE card_number_sequence (
            name TEXT PRIMARY KEY,
            next_value {bigint} NOT NULL
        )""",
        "INSERT INTO card_number_sequence (name, next_value) VALUES ('default', 1)",
        """CREATE TABLE conflicts (
            id {serial_pk},
            counter_id TEXT NOT NULL,
            seq {bigint},
            event_id TEXT,
            kind TEXT NOT NULL,
            event_hash TEXT NOT NULL,           -- the event's content hash, so a repeated report is recorded once
            detail TEXT NOT NULL,               -- canonical JSON
            recorded_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX conflicts_once ON conflicts (counter_id, seq, kind, event_hash)",
    ]),
    (2, [  # the CA (central_ledger/ca.py): its certificate, the certificates it issued, the CRL number
        """CREATE TABLE ca_authority (
            id INTEGER PRIMARY KEY,             -- always 1: one CA per ledger
            certificate TEXT NOT NULL,          -- base64 DER; the private key is a file in the CA directory
            key_id TEXT NOT NULL,               -- subjectKeyIdentifier, hex
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE certificates (
            serial TEXT PRIMARY KEY,            -- 32 lowercase hex (16 random bytes)
            card_number TEXT NOT NULL,
            kind TEXT NOT NULL,                 -- sign | enc
            public_key TEXT NOT NULL,           -- the certified key, 04||x||y hex
            request_key TEXT NOT NULL,          -- the card's signing key of the request that made it
            der TEXT NOT NULL,                  -- base64 DER
            not_before TEXT NOT NULL,
            not_after TEXT NOT NULL,
            status TEXT NOT NULL,               -- valid | revoked
            revoked_at TEXT,
            reason TEXT,                        -- CRL reason: key_compromise | cessation_of_operation | superseded
            counter_id TEXT NOT NULL,
            issued_at TEXT NOT NULL
        )""",
        "CREATE INDEX certificates_by_card ON certificates (card_number, status)",
        """CREATE TABLE certificate_requests (
            card_number TEXT NOT NULL,
            sign_public_key TEXT NOT NULL,      -- lowercase hex
            card_id TEXT NOT NULL,
            holder_index TEXT NOT NULL,
            counter_id TEXT NOT NULL,
            request_id TEXT NOT NULL,
            answer TEXT NOT NULL,               -- canonical JSON of the answer: a repeated request gets it again
            created_at TEXT NOT NULL,
            PRIMARY KEY (card_number, sign_public_key)
        )""",
        """CREATE TABLE crl_sequence (
            name TEXT PRIMARY KEY,
            next_value {bigint} NOT NULL
        )""",
        "INSERT INTO crl_sequence (name, next_value) VALUES ('default', 1)",
    ]),
    (3, [  # issue 17: the conflict queue (ownership) and each counter's audit-chain head
        """CREATE TABLE conflict_queue (
            id {serial_pk},
            action TEXT NOT NULL,               -- certificate_request | status_change | replacement | issuance
            reason TEXT NOT NULL,               -- card_not_yours | card_number_not_allocated
            counter_id TEXT NOT NULL,           -- the counter that asked
            seq {bigint},                       -- its event (NULL for a certificate request)
            event_id TEXT,
            request_key TEXT NOT NULL,          -- what makes a repeated request the same entry
            card_number TEXT,
            held_by TEXT,                       -- the counter whose card or number it is (NULL: never allocated)
            effect TEXT NOT NULL,               -- canonical JSON of what accepting applies
            status TEXT NOT NULL,               -- open | accepted | rejected
            recorded_at TEXT NOT NULL,
            decided_at TEXT,
            decided_by TEXT,
            note TEXT,
            outcome TEXT                        -- canonical JSON: what accepting did (or why it could not)
        )""",
        "CREATE UNIQUE INDEX conflict_queue_once ON conflict_queue (counter_id, action, request_key)",
        """CREATE TABLE audit_heads (
            counter_id TEXT PRIMARY KEY REFERENCES counters(counter_id),
            audit_seq {bigint} NOT NULL,
            audit_hash TEXT NOT NULL,
            event_seq {bigint} NOT NULL,         -- the outbox event that carried it
            recorded_at TEXT NOT NULL
        )""",
    ]),
    (4, [  # issue 20: the reference card-management system (central_ledger/cardmgmt.py) and payments
        """CREATE TABLE persons (
            person_index TEXT PRIMARY KEY,      -- blind index (64 hex): the ledger never holds ID numbers
            name_index TEXT,                    -- blind index of the registered name, NULL when not known
            deceased_at TEXT,                   -- set by an admin (person mark-deceased)
            photo_jpeg TEXT,                    -- base64 JPEG stored by an admin (person add --photo)
            source TEXT NOT NULL,               -- admin | completion (a card's completion report)
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE banks (
            code TEXT PRIMARY KEY,              -- the bank's code (银行行号, 3 digits for the big banks)
            name TEXT NOT NULL,
            bins TEXT NOT NULL,                 -- comma-separated card BIN prefixes of its accounts
            added_at TEXT NOT NULL
        )""",
        "INSERT INTO banks (code, name, bins, added_at) VALUES"
        " ('102', '中国工商银行', '621226', '2026-01-01T00:00:00.000000+00:00'),"
        " ('103', '中国农业银行', '622848', '2026-01-01T00:00:00.000000+00:00'),"
        " ('105', '中国建设银行', '621700', '2026-01-01T00:00:00.000000+00:00')",
        """CREATE TABLE bank_preopenings (
            preopen_id TEXT PRIMARY KEY,
            counter_id TEXT NOT NULL,
            request_id TEXT NOT NULL,           -- the counter's request id: a repeated request gets the same answer
            person_index TEXT NOT NULL,
            bank_code TEXT NOT NULL REFERENCES banks(code),
            issuance_id TEXT NOT NULL,
            status TEXT NOT NULL,               -- preopened
            created_at TEXT NOT NULL,
            UNIQUE (counter_id, request_id)
        )""",
        "CREATE INDEX bank_preopenings_by_issuance ON bank_preopenings (issuance_id)",
        """CREATE TABLE card_completions (
            issuance_id TEXT PRIMARY KEY,       -- one completion report per issuance
            counter_id TEXT NOT NULL,
            card_number TEXT,
            card_id TEXT,
            person_index TEXT NOT NULL,
            name_index TEXT,
            bank_code TEXT,
            bank_account_masked TEXT,           -- 621226******1234: what logs and listings show
            preopen_id TEXT,
            completed_at TEXT NOT NULL,
            report_hash TEXT NOT NULL,          -- SM3 of the report's canonical JSON: 'the same report again'
            report_id TEXT,                     -- the counter's id of its queued report (tracing)
            status TEXT NOT NULL,               -- bound | recorded
            recorded_at TEXT NOT NULL
        )""",
        """CREATE TABLE bank_bindings (
            bank_account TEXT PRIMARY KEY,      -- the bank's own account number, as reported from the chip
            bank_code TEXT NOT NULL,
            card_number TEXT,
            issuance_id TEXT NOT NULL,
            person_index TEXT NOT NULL,
            preopen_id TEXT NOT NULL,
            counter_id TEXT NOT NULL,
            bound_at TEXT NOT NULL
        )""",
        "CREATE INDEX bank_bindings_by_card ON bank_bindings (card_number)",
        """CREATE TABLE card_activations (
            card_number TEXT NOT NULL,
            application TEXT NOT NULL,          -- social_security | financial
            issuance_id TEXT,
            activated_at TEXT NOT NULL,
            activated_by TEXT NOT NULL,
            counter_id TEXT,                    -- NULL: reported by the bank (central-ledger bank activated)
            report_id TEXT,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (card_number, application)
        )""",
        """CREATE TABLE card_status_reports (
            id {serial_pk},
            counter_id TEXT NOT NULL,
            card_number TEXT NOT NULL,
            status TEXT NOT NULL,
            status_code TEXT,                   -- the national 卡状态 code, when the counter sends it
            previous TEXT,
            reason TEXT,
            changed_at TEXT NOT NULL,
            report_hash TEXT NOT NULL,
            report_id TEXT,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX card_status_reports_once ON card_status_reports (counter_id, report_hash)",
        """CREATE TABLE fee_reports (
            id {serial_pk},
            counter_id TEXT NOT NULL,
            issuance_id TEXT NOT NULL,
            case_number TEXT,
            amount_fen {bigint} NOT NULL,
            method TEXT,                        -- cash | qr | waived | ...
            waiver_code TEXT,
            order_id TEXT,
            settled_at TEXT,
            refunded INTEGER NOT NULL,          -- 0 | 1
            report_hash TEXT NOT NULL,
            report_id TEXT,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX fee_reports_once ON fee_reports (counter_id, report_hash)",
        """CREATE TABLE payment_orders (
            order_id TEXT PRIMARY KEY,
            counter_id TEXT NOT NULL,           -- the counter that made it: only it may ask, cancel or refund
            amount_fen {bigint} NOT NULL,
            subject TEXT NOT NULL,
            status TEXT NOT NULL,               -- pending | paid | cancelled | refunded (expired: computed)
            token TEXT NOT NULL,                -- the secret of the QR link: whoever holds it may pay
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            paid_at TEXT,
            paid_by TEXT,                       -- phone | cli
            cancelled_at TEXT,
            refunded_at TEXT,
            refund_amount_fen {bigint},
            refund_reason TEXT
        )""",
    ]),
    (5, [  # issue 21: the district's view (halls, staff accounts, heartbeats, figures, population, targets)
        """CREATE TABLE halls (
            hall_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            township_code TEXT,                 -- where the hall is (the population table's code), optional
            created_at TEXT NOT NULL
        )""",
        "ALTER TABLE counters ADD COLUMN hall_id TEXT REFERENCES halls(hall_id)",
        """CREATE TABLE staff (
            username TEXT PRIMARY KEY,
            role TEXT NOT NULL,                 -- district_admin | hall_supervisor | auditor
            hall_id TEXT REFERENCES halls(hall_id),  -- a hall supervisor's hall; NULL for the other roles
            password_hash TEXT NOT NULL,        -- scrypt$<log2 n>$<r>$<p>$<salt>$<hash>, as the counters' users
            status TEXT NOT NULL,               -- active | disabled
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_login_at TEXT
        )""",
        """CREATE TABLE staff_sessions (
            session_hash TEXT PRIMARY KEY,      -- SM3 of the cookie's value: the database never holds the cookie
            username TEXT NOT NULL REFERENCES staff(username),
            csrf_token TEXT NOT NULL,           -- the synchroniser token every form of this session carries
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,         -- the idle timeout counts from here
            ended_at TEXT
        )""",
        """CREATE TABLE staff_tokens (
            token_hash TEXT PRIMARY KEY,        -- SM3 of the bearer token
            username TEXT NOT NULL REFERENCES staff(username),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        """CREATE TABLE heartbeats (
            counter_id TEXT PRIMARY KEY REFERENCES counters(counter_id),
            received_at TEXT NOT NULL,
            software_version TEXT,
            devices TEXT NOT NULL,              -- canonical JSON {"encoder": "ok"|"warning"|"error"|"absent", ...}
            outbox_backlog INTEGER,
            oldest_event_age_seconds REAL,
            stock TEXT,                         -- canonical JSON {"received", "used", "spoiled", "on_hand"}
            payload TEXT NOT NULL               -- the whole heartbeat as sent (canonical JSON)
        )""",
        # What the district's figures read of an issuance, kept by derive.py from its transitions: the
        # counter's own daily report counts the issuances *started* on a day, with what happened to them since.
        "ALTER TABLE issuances ADD COLUMN application TEXT",      # new | replacement | renewal | upgrade
        "ALTER TABLE issuances ADD COLUMN township_code TEXT",    # the applicant's township, when the counter knew
        "ALTER TABLE issuances ADD COLUMN started_at TEXT",       # the start event's time (UTC ISO)
        "ALTER TABLE issuances ADD COLUMN issued_at TEXT",        # the hand-over's time
        "ALTER TABLE issuances ADD COLUMN reprints INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE issuances ADD COLUMN duration_seconds REAL",  # start to hand-over, for issued cards
        "CREATE INDEX issuances_by_start ON issuances (started_at, counter_id)",
        "ALTER TABLE cards ADD COLUMN application TEXT",
        "ALTER TABLE cards ADD COLUMN township_code TEXT",
        "CREATE INDEX cards_by_township ON cards (township_code, status)",
        """CREATE TABLE population (
            township_code TEXT PRIMARY KEY,
            township_name TEXT NOT NULL,
            residents {bigint} NOT NULL,
            second_generation_holders {bigint} NOT NULL DEFAULT 0,  -- valid 2nd-generation cards at import
            imported_at TEXT NOT NULL,
            imported_by TEXT,
            source_file TEXT
        )""",
        """CREATE TABLE targets (
            year INTEGER NOT NULL,
            scope TEXT NOT NULL,                -- 'district' or a hall id
            new_ssc3 {bigint} NOT NULL,         -- new third-generation cards (new + upgrade)
            all_cards {bigint} NOT NULL,
            coverage_percent REAL NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT,
            PRIMARY KEY (year, scope)
        )""",
        """CREATE TABLE staff_audit (
            id {serial_pk},
            username TEXT,                      -- who (NULL: the command line)
            action TEXT NOT NULL,               -- login | login_refused | logout | population_import | ...
            detail TEXT NOT NULL,               -- canonical JSON
            address TEXT,
            at TEXT NOT NULL
        )""",
    ]),
    (6, [  # issue 22: online applications (线上申办补换), docs/online-applications.md
        """CREATE TABLE online_applications (
            app_id TEXT PRIMARY KEY,            -- 'WA' + 10 digits + check: what the citizen and the clerk see
            id_index TEXT NOT NULL,             -- HMAC-SM3 of the ID number under the seal key (seal.py)
            mobile_index TEXT NOT NULL,         -- HMAC-SM3 of b"mobile:" + the mobile number, same key
            identity TEXT NOT NULL,             -- sealed JSON: the counter's Applicant.to_dict() and the mobile
            photo TEXT,                         -- sealed card photo (JPEG as the counter's photo code made it)
            photo_checks TEXT,                  -- JSON list of the server's check results (no image data)
            application TEXT NOT NULL,          -- new | replacement | renewal | upgrade (ApplicationType)
            reason TEXT,                        -- 补换卡原因 code for replacements (11 lost, 12 damaged, 80 renewal)
            collection TEXT NOT NULL,           -- hall | post
            hall_id TEXT REFERENCES halls(hall_id),   -- collection = hall
            collect_day TEXT,                   -- YYYY-MM-DD, collection = hall
            postal_address TEXT,                -- sealed, collection = post
            postal_township TEXT,               -- township code of the postal address (district's address check)
            status TEXT NOT NULL,               -- submitted | photo_rejected | rejected | approved | in_production
                                                -- | ready | posted | collected | activated | cancelled
            reason_code TEXT,                   -- the reviewer's reason code (photo_* / data_*), last decision
            reviewed_by TEXT,
            reviewed_at TEXT,
            counter_id TEXT,                    -- the counter that wrote the card
            issuance_id TEXT,
            card_number TEXT,
            tracking_number TEXT,               -- the post's tracking number
            qr_token TEXT NOT NULL UNIQUE,      -- random, what the status page's QR code carries
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX online_applications_by_id ON online_applications (id_index, status)",
        "CREATE INDEX online_applications_by_hall ON online_applications (hall_id, collect_day, status)",
        "CREATE INDEX online_applications_by_status ON online_applications (status, collection)",
        """CREATE TABLE online_application_history (
            id {serial_pk},
            app_id TEXT NOT NULL REFERENCES online_applications(app_id),
            status TEXT NOT NULL,
            reason_code TEXT,
            by_whom TEXT,                       -- 'citizen', a staff username, or 'counter:<id>'
            detail TEXT,                        -- JSON (tracking number, card number), never personal data
            at TEXT NOT NULL
        )""",
        "CREATE INDEX online_application_history_by_app ON online_application_history (app_id, id)",
        """CREATE TABLE sms_codes (
            id {serial_pk},
            mobile_index TEXT NOT NULL,         -- the mobile number is never stored here in clear
            purpose TEXT NOT NULL,              -- apply | status | activate
            code_hash TEXT NOT NULL,            -- HMAC-SM3 of the code under the seal key
            sent_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            wrong_attempts INTEGER NOT NULL DEFAULT 0,
            used_at TEXT
        )""",
        "CREATE INDEX sms_codes_by_mobile ON sms_codes (mobile_index, sent_at)",
        """CREATE TABLE sms_cooldowns (
            mobile_index TEXT PRIMARY KEY,
            until TEXT NOT NULL                 -- no code accepted nor sent before then (3 wrong codes)
        )""",
    ]),
]

_DDL = {
    "sqlite": {"serial_pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "bigint": "INTEGER"},
    "postgresql": {"serial_pk": "BIGSERIAL PRIMARY KEY", "bigint": "BIGINT"},
}

SCHEMA_VERSION = MIGRATIONS[-1][0]


def _current_version(tx: Tx) -> int:
    tx.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = tx.one("SELECT MAX(version) AS v FROM schema_version")
    return int(row["v"]) if row and row["v"] is not None else 0


def migrate(storage: Storage) -> int:
    """Apply the migrations not yet applied, each in its own transaction with its version row. Returns the version."""
    for version, statements in MIGRATIONS:
        with storage.transaction(write=True) as tx:
            tx.lock_intake()  # two processes opening a fresh PostgreSQL ledger at once: one migrates
            if _current_version(tx) >= version:
                continue
            for statement in statements:
                sql = "\n".join(line.split("--")[0] for line in statement.splitlines())
                tx.execute(sql.format(**_DDL[storage.dialect]))
            tx.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    return SCHEMA_VERSION
