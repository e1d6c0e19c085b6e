namespace AgBackupClr.Engine
{
    /// <summary>
    /// The T-SQL the SQLCLR entry points run besides the state queries and the BACKUP commands, kept here (not in the
    /// net48-only entry points) so the tests can parse it and check it against deploy.sql.
    /// </summary>
    public static class EngineSql
    {
        /// <summary>One row of dbo.BackupDecisionLog; the parameters carry the result row's columns of the same names.</summary>
        public const string InsertDecision = @"INSERT INTO dbo.BackupDecisionLog
    (database_name, availability_group_name, replica_role, backup_type, copy_only, action, reason_code, reason,
     is_preferred_replica, preferred_replica_name, command, backup_file, started_at, finished_at, error_number, error_message)
VALUES
    (@database_name, @availability_group_name, @replica_role, @backup_type, @copy_only, @action, @reason_code, @reason,
     @is_preferred_replica, @preferred_replica_name, @command, @backup_file, @started_at, @finished_at, @error_number, @error_message);";

        /// <summary>THROW, not RAISERROR: the message may hold % from database names, which RAISERROR would read as format codes.</summary>
        public const string ThrowFinalError = "THROW 50000, @message, 1;";
    }
}
