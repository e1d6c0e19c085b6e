-- A backup file with a real header, for the xp_delete_file scenario.
BACKUP DATABASE master TO DISK = @File WITH INIT;
