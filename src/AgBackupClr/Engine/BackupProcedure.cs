using System.Collections.Generic;

namespace AgBackupClr.Engine
{
    /// <summary>Where usp_BackupIfPreferred's result rows go: SqlPipe inside SQL Server, a list in tests.</summary>
    public interface IResultSink
    {
        void Send(IReadOnlyList<BackupResultRow> rows);

        /// <summary>An informational message (severity 0, as PRINT sends), at most 4,000 characters.</summary>
        void Inform(string message);
    }

    /// <summary>Raises the closing severity 16 error that fails the Agent job step: THROW inside SQL Server.</summary>
    public interface IErrorRaiser
    {
        void Raise(string message);
    }

    /// <summary>
    /// usp_BackupIfPreferred's sequence, so the SQLCLR entry point only adapts: run, send every row and the run's notice,
    /// then, and only when a row was refused or failed (or the run could not start), raise the error after them so the
    /// caller sees all.
    /// </summary>
    public static class BackupProcedure
    {
        public static void Execute(BackupRun run, RawBackupArguments arguments, IResultSink results, IErrorRaiser errors)
        {
            RunOutcome outcome = run.Run(arguments);
            results.Send(outcome.Rows);
            if (outcome.Notice != null)
            {
                results.Inform(outcome.Notice);
            }

            if (outcome.FinalError != null)
            {
                errors.Raise(outcome.FinalError);
            }
        }
    }
}
