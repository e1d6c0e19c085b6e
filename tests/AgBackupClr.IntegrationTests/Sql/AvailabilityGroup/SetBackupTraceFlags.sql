-- Trace flags 3261 (DIFF) and 3262 (FULL), which early SQL Server 2025 builds needed for regular backups on a
-- secondary replica (docs/rules.md F3), on or off for the whole instance (-1). DBCC takes the numbers as literals, so each
-- state has its own statement; a flag set this way lasts until the instance restarts.
IF @On = 1
    DBCC TRACEON (3261, 3262, -1) WITH NO_INFOMSGS;
ELSE
    DBCC TRACEOFF (3261, 3262, -1) WITH NO_INFOMSGS;
GO
