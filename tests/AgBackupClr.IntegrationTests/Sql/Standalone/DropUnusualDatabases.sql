-- Removes what CreateUnusualDatabases.sql made, the snapshot before its source, so the other fixtures of the shared
-- standalone instance meet an ordinary instance. Run in master.
IF DB_ID(N'UnusualSnapshot') IS NOT NULL
    DROP DATABASE UnusualSnapshot;
GO
IF DB_ID(N'UnusualSource') IS NOT NULL
    DROP DATABASE UnusualSource;
GO
IF DB_ID(N'UnusualOffline') IS NOT NULL
    DROP DATABASE UnusualOffline;
GO
IF DB_ID(N'UnusualAutoClose') IS NOT NULL
    DROP DATABASE UnusualAutoClose;
GO
IF DB_ID(N'UnusualRestoring') IS NOT NULL
    DROP DATABASE UnusualRestoring;
GO
