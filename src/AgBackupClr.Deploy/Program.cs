using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using AgBackupClr.Deploy;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: AgBackupClr.Deploy <AgBackupClr.dll> <sql/install folder> <deploy.sql to write>");
    return 2;
}

var parts = new List<ScriptPart>();
string[] files = Directory.GetFiles(args[1], "*.sql");
Array.Sort(files, StringComparer.Ordinal);
foreach (string file in files)
{
    parts.Add(new ScriptPart("sql/install/" + Path.GetFileName(file), File.ReadAllText(file)));
}

// Major.minor.build of the assembly's own version: the install names it in the trusted-hash description.
Version version = AssemblyName.GetAssemblyName(args[0]).Version ?? throw new InvalidOperationException(args[0] + " has no assembly version.");
string script = DeployScript.Generate(parts, File.ReadAllBytes(args[0]), version.ToString(3));
string target = args[2];
if (!File.Exists(target) || File.ReadAllText(target) != script)
{
    File.WriteAllText(target, script, new UTF8Encoding(false));
    Console.WriteLine("AgBackupClr.Deploy: wrote " + target);
}

return 0;
