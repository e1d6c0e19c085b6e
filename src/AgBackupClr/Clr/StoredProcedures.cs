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
            // By name, each procedure parameter to the property of the same name: 39 values in a row are one slip from a swap.
            var arguments = new RawBackupArguments(
                databases: Context.Text(databases),
                backupType: Context.Text(backupType),
                directory: Context.Text(directory),
                copyOnly: Context.Text(copyOnly),
                checksum: Context.Text(checksum),
                compress: Context.Text(compress),
                verify: Context.Text(verify),
                execute: Context.Text(execute),
                logToTable: Context.Text(logToTable),
                overrideBackupPreference: Context.Text(overrideBackupPreference),
                fileName: Context.Text(fileName),
                availabilityGroupFileName: Context.Text(availabilityGroupFileName),
                changeBackupType: Context.Text(changeBackupType),
                allowNonCopyOnlyBackupsOnForwarder: Context.Text(allowNonCopyOnlyBackupsOnForwarder),
                excludeSeedingFromLogBackup: Context.Text(excludeSeedingFromLogBackup),
                compressionAlgorithm: Context.Text(compressionAlgorithm),
                compressionLevel: Context.Text(compressionLevel),
                numberOfFiles: Context.Number(numberOfFiles),
                maxTransferSize: Context.Number(maxTransferSize),
                bufferCount: Context.Number(bufferCount),
                blockSize: Context.Number(blockSize),
                maxFileSize: Context.Number(maxFileSize),
                encrypt: Context.Text(encrypt),
                encryptionAlgorithm: Context.Text(encryptionAlgorithm),
                serverCertificate: Context.Text(serverCertificate),
                serverAsymmetricKey: Context.Text(serverAsymmetricKey),
                url: Context.Text(url),
                credential: Context.Text(credential),
                backupOptions: Context.Text(backupOptions),
                availabilityGroups: Context.Text(availabilityGroups),
                databaseOrder: Context.Text(databaseOrder),
                description: Context.Text(description),
                directoryStructure: Context.Text(directoryStructure),
                availabilityGroupDirectoryStructure: Context.Text(availabilityGroupDirectoryStructure),
                maxLogAgeMinutes: Context.Number(maxLogAgeMinutes),
                logRetentionDays: Context.Number(logRetentionDays),
                cleanupTime: Context.Number(cleanupTime),
                cleanupMode: Context.Text(cleanupMode),
                cleanupWhenSkipped: Context.Text(cleanupWhenSkipped));
            using (SqlConnection connection = Context.Open())
            {
                var run = new BackupRun(new ContextStateSource(connection), new PipeExecutor(connection), new ContextDecisionLog(connection), new SystemClock(), new ContextFolderProbe(connection),
                    new ContextBackupFileReader(connection), new ContextLogBackupLsnHistory(connection));
                BackupProcedure.Execute(run, arguments, new ResultPipe(), new ThrowOnContext(connection));
            }
        }
    }
}
