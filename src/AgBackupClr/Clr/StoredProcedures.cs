using System.Data.SqlClient;
using System.Data.SqlTypes;
using AgBackupClr.Engine;
using Microsoft.SqlServer.Server;

namespace AgBackupClr.Clr
{
    /// <summary>The SQLCLR procedures: each opens the context connection and hands the work to the engine.</summary>
    public static class StoredProcedures
    {
        [SqlProcedure(Name = "usp_BackupIfPreferred")]
        public static void BackupIfPreferred(
            SqlString databases,
            SqlString backupType,
            SqlString directory,
            SqlString copyOnly,
            SqlString checksum,
            SqlString compress,
            SqlString verify,
            SqlString execute,
            SqlString logToTable,
            SqlString overrideBackupPreference,
            SqlString fileName,
            SqlString availabilityGroupFileName,
            SqlString changeBackupType,
            SqlString allowNonCopyOnlyBackupsOnForwarder,
            SqlString excludeSeedingFromLogBackup,
            SqlString compressionAlgorithm,
            SqlString compressionLevel,
            SqlInt32 numberOfFiles,
            SqlInt32 maxTransferSize,
            SqlInt32 bufferCount,
            SqlInt32 blockSize,
            SqlInt32 maxFileSize,
            SqlString encrypt,
            SqlString encryptionAlgorithm,
            SqlString serverCertificate,
            SqlString serverAsymmetricKey,
            SqlString url,
            SqlString credential,
            SqlString backupOptions,
            SqlString availabilityGroups,
            SqlString databaseOrder,
            SqlString description,
            SqlString directoryStructure,
            SqlString availabilityGroupDirectoryStructure,
            SqlInt32 maxLogAgeMinutes,
            SqlInt32 logRetentionDays,
            SqlInt32 cleanupTime,
            SqlString cleanupMode,
            SqlString cleanupWhenSkipped)
        {
            var arguments = new RawBackupArguments(
                Context.Text(databases), Context.Text(backupType), Context.Text(directory), Context.Text(copyOnly), Context.Text(checksum),
                Context.Text(compress), Context.Text(verify), Context.Text(execute), Context.Text(logToTable),
                Context.Text(overrideBackupPreference), Context.Text(fileName), Context.Text(availabilityGroupFileName),
                Context.Text(changeBackupType), Context.Text(allowNonCopyOnlyBackupsOnForwarder), Context.Text(excludeSeedingFromLogBackup),
                Context.Text(compressionAlgorithm), Context.Text(compressionLevel),
                Context.Number(numberOfFiles), Context.Number(maxTransferSize), Context.Number(bufferCount), Context.Number(blockSize), Context.Number(maxFileSize),
                Context.Text(encrypt), Context.Text(encryptionAlgorithm), Context.Text(serverCertificate), Context.Text(serverAsymmetricKey),
                Context.Text(url), Context.Text(credential), Context.Text(backupOptions),
                Context.Text(availabilityGroups), Context.Text(databaseOrder), Context.Text(description),
                Context.Text(directoryStructure), Context.Text(availabilityGroupDirectoryStructure),
                Context.Number(maxLogAgeMinutes), Context.Number(logRetentionDays),
                Context.Number(cleanupTime), Context.Text(cleanupMode), Context.Text(cleanupWhenSkipped));
            using (SqlConnection connection = Context.Open())
            {
                var run = new BackupRun(new ContextStateSource(connection), new PipeExecutor(connection), new ContextDecisionLog(connection), new SystemClock(), new ContextFolderProbe(connection),
                    new ContextBackupFileReader(connection), new ContextLogBackupLsnHistory(connection));
                BackupProcedure.Execute(run, arguments, new ResultPipe(), new ThrowOnContext(connection));
            }
        }
    }
}
