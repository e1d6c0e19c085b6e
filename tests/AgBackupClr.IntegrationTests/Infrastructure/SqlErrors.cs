using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.IntegrationTests.Infrastructure;

internal static class SqlErrors
{
    /// <summary>Every error number a failed batch sent, in order: SQL Server often sends the cause first and a
    /// summary after it (3201 then 3013), so a test looks for the number it pins among all of them.</summary>
    public static IReadOnlyList<int> Numbers(this SqlException? exception)
    {
        return exception?.Errors.Cast<SqlError>().Select(error => error.Number).ToArray() ?? [];
    }
}
