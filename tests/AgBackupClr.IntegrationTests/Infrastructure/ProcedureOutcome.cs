using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>Everything one call of the procedure produced: its rows, and every message and error in the order
/// SQL Server sent them.</summary>
internal sealed record ProcedureOutcome(IReadOnlyList<BackupDecision> Rows, IReadOnlyList<ServerMessage> Messages)
{
    /// <summary>The SQL Server error number of the severity 16 error the procedure raises when a row is REFUSE or FAILED.</summary>
    public const int ClosingErrorNumber = 50000;

    public IReadOnlyList<ServerMessage> Errors => Messages.Where(message => message.IsError).ToArray();

    /// <summary>The error the call ended with: the closing severity 16 error when the procedure raised it, or
    /// whatever error came last; null when the call sent no error at all.</summary>
    public ServerMessage? Error => Errors.LastOrDefault();

    public IReadOnlyList<int> ErrorNumbers => Errors.Select(error => error.Number).ToArray();

    public BackupDecision Single(string database)
    {
        BackupDecision[] matches = Rows.Where(row => row.DatabaseName == database).ToArray();
        Assert.That(
            matches,
            Has.Length.EqualTo(1),
            $"Expected one row for {database}; got {Describe()}");
        return matches[0];
    }

    /// <summary>Rows and errors as text, so a failing assertion shows what the procedure actually said.</summary>
    public string Describe()
    {
        IEnumerable<string> rows = Rows.Select(row => string.Create(
            CultureInfo.InvariantCulture,
            $"[{row.DatabaseName}: {row.Action} {row.ReasonCode} preferred={row.IsPreferredReplica} " +
            $"preferred_replica={row.PreferredReplicaName} error={row.ErrorNumber} '{row.Reason}' '{row.ErrorMessage}']"));
        string errors = Errors.Count == 0 ? "no error" : string.Join("; ", Errors);
        return string.Create(CultureInfo.InvariantCulture, $"{Rows.Count} row(s) {string.Join(" ", rows)}; {errors}");
    }
}
