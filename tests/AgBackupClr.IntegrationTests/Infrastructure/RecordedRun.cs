using System.Collections.Generic;
using System.Linq;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>One real call of the procedure and the backups msdb recorded for one database meanwhile: what the
/// procedure said it did, next to what SQL Server says was done.</summary>
internal sealed record RecordedRun(ProcedureOutcome Outcome, IReadOnlyList<RecordedBackup> Taken)
{
    /// <summary>The backups taken as <see cref="RecordedBackup.Kind"/> writes them, in the order they were taken.</summary>
    public IReadOnlyList<string> TakenKinds => Taken.Select(backup => backup.Kind).ToArray();
}
