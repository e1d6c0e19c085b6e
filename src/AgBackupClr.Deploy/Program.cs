using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using AgBackupClr.Deploy;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: AgBackupClr.Deploy <AgBackupClr.dll> <repository root>");
    return 2;
}

string root = args[1];
List<ScriptPart> install = Parts(root, Path.Combine("sql", "install"));

// Major.minor.build of the assembly's own version: the install names it in the trusted-hash description.
Version version = AssemblyName.GetAssemblyName(args[0]).Version ?? throw new InvalidOperationException(args[0] + " has no assembly version.");
Write(Path.Combine(root, "deploy.sql"), DeployScript.Generate(install, File.ReadAllBytes(args[0]), version.ToString(3)));

// The uninstall ends with the install's own step that drops trust no assembly still needs: one file, two scripts.
List<ScriptPart> uninstall = Parts(root, Path.Combine("sql", "uninstall"));
uninstall.Add(install.Find(part => part.Name.EndsWith("-drop-unused-trust.sql", StringComparison.Ordinal))
    ?? throw new InvalidOperationException("sql/install has no *-drop-unused-trust.sql step for the uninstall."));
Write(Path.Combine(root, "sql", "uninstall.sql"), DeployScript.GenerateUninstall(uninstall));
return 0;

static List<ScriptPart> Parts(string root, string folder)
{
    string[] files = Directory.GetFiles(Path.Combine(root, folder), "*.sql");
    Array.Sort(files, StringComparer.Ordinal);
    var parts = new List<ScriptPart>();
    foreach (string file in files)
    {
        parts.Add(new ScriptPart(folder.Replace('\\', '/') + "/" + Path.GetFileName(file), File.ReadAllText(file)));
    }

    return parts;
}

static void Write(string target, string script)
{
    if (!File.Exists(target) || File.ReadAllText(target) != script)
    {
        File.WriteAllText(target, script, new UTF8Encoding(false));
        Console.WriteLine("AgBackupClr.Deploy: wrote " + target);
    }
}
