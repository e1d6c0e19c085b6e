-- Databases in the states a keyword such as ALL_DATABASES meets on a real instance (docs/rules.md: database snapshots
-- are never selected; OFFLINE and RESTORING databases chosen by a keyword are skipped, named ones refused). Run in
-- master. The names are the constants of UnusualDatabaseStateTests.
CREATE DATABASE UnusualSource;
GO
-- A database snapshot: sys.databases shows it ONLINE, with source_database_id set. Its sparse file must name the
-- source's data file by its logical name, which CREATE DATABASE gave the database's own name.
CREATE DATABASE UnusualSnapshot
    ON (NAME = UnusualSource, FILENAME = N'/var/opt/mssql/data/UnusualSnapshot.ss')
    AS SNAPSHOT OF UnusualSource;
GO
CREATE DATABASE UnusualOffline;
GO
ALTER DATABASE UnusualOffline SET OFFLINE WITH ROLLBACK IMMEDIATE;
GO
-- AUTO_CLOSE: the database shuts down when its last user leaves, and is ONLINE all the same. FULL recovery and a base
-- backup, so a LOG backup of it is valid.
CREATE DATABASE UnusualAutoClose;
GO
ALTER DATABASE UnusualAutoClose SET RECOVERY FULL;
GO
BACKUP DATABASE UnusualAutoClose TO DISK = N'NUL';
GO
ALTER DATABASE UnusualAutoClose SET AUTO_CLOSE ON;
GO
-- RESTORING, as a log-shipping secondary between restores: a tail-log backup WITH NORECOVERY leaves it there.
CREATE DATABASE UnusualRestoring;
GO
ALTER DATABASE UnusualRestoring SET RECOVERY FULL;
GO
BACKUP DATABASE UnusualRestoring TO DISK = N'NUL';
GO
BACKUP LOG UnusualRestoring TO DISK = N'NUL' WITH NORECOVERY;
GO
