using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.SqlClient;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Everything one call of the procedure produced: its rows, then the error it raises after them
/// when a row is REFUSE or FAILED.</summary>
internal sealed record ProcedureOutcome(IReadOnlyList<BackupDecision> Rows, SqlException? Error)
{
    public BackupDecision Single(string database)
    {
        BackupDecision[] matches = Rows.Where(row => row.DatabaseName == database).ToArray();
        Assert.That(
            matches,
            Has.Length.EqualTo(1),
            $"Expected one row for {database}; got {Describe()}");
        return matches[0];
    }

    /// <summary>Rows and error as text, so a failing assertion shows what the procedure actually said.</summary>
    public string Describe()
    {
        IEnumerable<string> rows = Rows.Select(row => string.Create(
            CultureInfo.InvariantCulture,
            $"[{row.DatabaseName}: {row.Action} {row.ReasonCode} preferred={row.IsPreferredReplica} " +
            $"preferred_replica={row.PreferredReplicaName} error={row.ErrorNumber} '{row.Reason}' '{row.ErrorMessage}']"));
        string error = Error is null
            ? "no error"
            : string.Create(CultureInfo.InvariantCulture, $"error {Error.Number} class {Error.Class}: {Error.Message}");
        return string.Create(CultureInfo.InvariantCulture, $"{Rows.Count} row(s) {string.Join(" ", rows)}; {error}");
    }
}
