-- A COPY_ONLY FULL of @DatabaseName to @File, to seed other instances with a copy of the database: COPY_ONLY leaves the
-- differential base and the log chain of the replicas as they were. Run in master.
BACKUP DATABASE @DatabaseName TO DISK = @File WITH COPY_ONLY, INIT;
