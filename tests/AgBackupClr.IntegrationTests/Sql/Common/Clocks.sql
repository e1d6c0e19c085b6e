-- This instance's local clock (the one backup headers, msdb and xp_delete_file use) next to its UTC clock: SQL Server on
-- Linux follows the container's TZ (docs/linux/sql-server-linux-docker-container-configure.md, Configure the time zone).
SELECT SYSDATETIME() AS local_now, SYSUTCDATETIME() AS utc_now;
