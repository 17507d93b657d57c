import GRDB

/// The registry's tables, as a sequence of migrations: "v1" is the first schema; a later Laurel
/// adds "v2", … and never edits an applied one. GRDB records the applied ones in `grdb_migrations`.
enum RegistrySchema {
    /// The migrations in order. ``Registry`` applies the missing ones when it opens a file.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createVersion1)
        migrator.registerMigration("v2", migrate: migrateToVersion2)
        migrator.registerMigration("v3", migrate: migrateToVersion3)
        migrator.registerMigration("v4", migrate: migrateToVersion4)
        return migrator
    }()

    /// The identifier of the newest migration this build knows.
    static var currentVersion: String { migrator.migrations.last ?? "" }

    /// v4: bearer tokens for the server's admin API (`laurel token create`), kept only as SHA-256
    /// hashes, each with the name the audit log records for what it does.
    private static func migrateToVersion4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE apiToken (
                name TEXT NOT NULL PRIMARY KEY,
                tokenHash TEXT NOT NULL UNIQUE,
                createdAt INTEGER NOT NULL,
                expiresAt INTEGER,
                revokedAt INTEGER,
                lastUsedAt INTEGER
            );
            """)
    }

    /// v3: a credential re-issued to replace another (`laurel batch --on-duplicate replace`) is
    /// linked to it: the old one, revoked as superseded, names its successor in `supersededBy`;
    /// `requestDigest` keeps a digest of what the issue request asked (name, dates, result …), so
    /// a later run can tell whether a roster row changed.
    private static func migrateToVersion3(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE credential ADD COLUMN supersededBy TEXT REFERENCES credential(id);
            ALTER TABLE credential ADD COLUMN requestDigest TEXT;
            CREATE INDEX credentialSuperseded ON credential(supersededBy) WHERE supersededBy IS NOT NULL;
            """)
    }

    /// v2: the registry knows which workspace it belongs to (`registryInfo.workspaceRegistryID`), so a
    /// missing, empty or foreign file is recognised instead of silently replacing the real one; lists
    /// no longer carry a "published" flag (whether a list is published is a fact about each
    /// destination's file, which ``StatusListInspector`` reads); a list can be closed to new
    /// credentials (after a restore, its free indices may have been handed out since the backup);
    /// and `retainedStatusBit` keeps set the bits a published list had when the registry was
    /// restored, for credentials the backup does not hold.
    private static func migrateToVersion2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE registryInfo (
                name TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            );
            ALTER TABLE statusList DROP COLUMN publishedVersion;
            ALTER TABLE statusList DROP COLUMN publishedAt;
            ALTER TABLE statusList DROP COLUMN publishedUntil;
            ALTER TABLE statusList ADD COLUMN closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1));
            CREATE TABLE retainedStatusBit (
                listID INTEGER NOT NULL REFERENCES statusList(id),
                statusIndex INTEGER NOT NULL CHECK (statusIndex >= 0),
                PRIMARY KEY (listID, statusIndex)
            ) WITHOUT ROWID;
            """)
    }

    /// v1: status lists with their free indices, credentials, and the append-only audit log.
    /// Times (`…At`, `valid…`, `publishedUntil`) are INTEGER milliseconds since 1970 UTC (``RegistryTime``).
    static func createVersion1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE statusList (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                issuer TEXT NOT NULL,
                purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
                sequence INTEGER NOT NULL CHECK (sequence >= 1),
                url TEXT NOT NULL UNIQUE,
                size INTEGER NOT NULL CHECK (size > 0 AND size % 8 = 0),
                allocatedCount INTEGER NOT NULL DEFAULT 0 CHECK (allocatedCount BETWEEN 0 AND size),
                version INTEGER NOT NULL DEFAULT 1,
                publishedVersion INTEGER NOT NULL DEFAULT 0,
                createdAt INTEGER NOT NULL,
                publishedAt INTEGER,
                publishedUntil INTEGER,
                UNIQUE (issuer, purpose, sequence)
            );

            -- The indices of each list not yet given out, in a random order fixed when the list is
            -- created: taking the lowest position is a uniform draw among the free indices.
            CREATE TABLE freeStatusIndex (
                listID INTEGER NOT NULL REFERENCES statusList(id),
                position INTEGER NOT NULL,
                statusIndex INTEGER NOT NULL,
                PRIMARY KEY (listID, position)
            ) WITHOUT ROWID;

            CREATE TABLE credential (
                id TEXT NOT NULL PRIMARY KEY,
                issuer TEXT NOT NULL,
                achievementID TEXT NOT NULL,
                recipientIdentifier TEXT NOT NULL,
                batchID TEXT,
                proofFormat TEXT NOT NULL,
                revocationListID INTEGER NOT NULL REFERENCES statusList(id),
                revocationIndex INTEGER NOT NULL CHECK (revocationIndex >= 0),
                suspensionListID INTEGER NOT NULL REFERENCES statusList(id),
                suspensionIndex INTEGER NOT NULL CHECK (suspensionIndex >= 0),
                validFrom INTEGER NOT NULL,
                validUntil INTEGER,
                issuedAt INTEGER NOT NULL,
                digest TEXT NOT NULL,
                contents BLOB NOT NULL,
                revokedAt INTEGER,
                revocationReason TEXT,
                suspendedAt INTEGER,
                suspensionReason TEXT,
                UNIQUE (revocationListID, revocationIndex),
                UNIQUE (suspensionListID, suspensionIndex)
            );
            CREATE INDEX credentialByBatch ON credential(batchID) WHERE batchID IS NOT NULL;
            -- What a list's bits are built from: only the set bits are read.
            CREATE INDEX credentialRevoked ON credential(revocationListID, revocationIndex) WHERE revokedAt IS NOT NULL;
            CREATE INDEX credentialSuspended ON credential(suspensionListID, suspensionIndex) WHERE suspendedAt IS NOT NULL;

            CREATE TABLE audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                credentialID TEXT,
                details TEXT NOT NULL
            );
            CREATE INDEX auditByCredential ON audit(credentialID) WHERE credentialID IS NOT NULL;
            CREATE TRIGGER auditIsAppendOnlyUpdate BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER auditIsAppendOnlyDelete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
    }
}
