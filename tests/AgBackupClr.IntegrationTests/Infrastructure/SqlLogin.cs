using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace AgBackupClr.IntegrationTests.Infrastructure;

/// <summary>A SQL Server login a test connects as, instead of sa, to see what a least-privileged caller gets.</summary>
internal sealed record SqlLogin(string Name, string Password)
{
    /// <summary>A password that meets the default policy: upper and lower case letters, digits and a symbol.</summary>
    public static string NewPassword()
    {
        return "Ag!" + Guid.NewGuid().ToString("N") + "X9";
    }

    /// <summary>Creates a login with a unique name on the instance: the tests never depend on a fixed name.</summary>
    public static async Task<SqlLogin> CreateAsync(SqlServerInstance server, string namePrefix)
    {
        var login = new SqlLogin(namePrefix + "_" + Guid.NewGuid().ToString("N")[..8], NewPassword());
        await server.ExecuteFileAsync(
            "master",
            "Common/CreateLogin.sql",
            new Dictionary<string, object?> { ["@LoginName"] = login.Name, ["@Password"] = login.Password });
        return login;
    }

    /// <summary>A new login given what sql/permissions/grant-job-owner.sql grants, run in the utility database as the script says.</summary>
    public static async Task<SqlLogin> CreateJobOwnerAsync(SqlServerInstance server, string namePrefix)
    {
        SqlLogin login = await CreateAsync(server, namePrefix);
        string script = ScriptVariables.Set(RepositoryFiles.ReadGrantJobOwnerScript(), "Login", login.Name);
        await server.ExecuteScriptAsync(SqlServerInstance.UtilityDatabase, script);
        return login;
    }
}
